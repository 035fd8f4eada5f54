"""Every write about circles and their members: create and edit a circle, invite (by school or
e-mail), ask to join, accept or decline, make a facilitator, remove, leave, and choose how to
hear of new posts.

One ``Membership`` row per person and circle carries her status; every action moves it, so
repeating an action changes nothing, and the row is locked while it moves.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.communities.choices import (
    CircleKind,
    MemberRole,
    MembershipStatus,
    Notify,
)
from ortaq.communities.models import Circle, Membership
from ortaq.communities.permissions import remember_membership
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.roles import Role, Scope, holds
from ortaq.schools.models import District, Region, School

ACTIVE = MembershipStatus.ACTIVE


@dataclass
class CircleFields:
    name: str
    purpose: str
    kind: str
    visibility: str
    language: str
    school: School | None = None
    region: Region | None = None
    district: District | None = None
    schools: list[School] = field(default_factory=list)


def _place(data: CircleFields) -> tuple[Region, District | None, School | None]:
    """Where the circle lies: its school's place, or the network's region and district."""
    if data.kind == CircleKind.SCHOOL:
        if data.school is None:
            raise DomainError(_("Choose the circle's school."), code="school")
        return data.school.region, data.school.district, data.school
    if data.region is None:
        raise DomainError(_("Choose the network's region."), code="region")
    if data.district is not None and data.district.region_id != data.region.pk:
        raise DomainError(_("The district is not in that region."), code="district")
    outside = [s for s in data.schools if s.region_id != data.region.pk] + [
        s for s in data.schools if data.district is not None and s.district_id != data.district.pk
    ]
    if outside:
        raise DomainError(
            _("%(school)s is not in the network's region or district.") % {"school": outside[0]},
            code="schools",
        )
    return data.region, data.district, None


def _may_start_there(
    actor: User, region: Region, district: District | None, school: School | None
) -> bool:
    """Methodologists start circles in their region or district; school heads and facilitators
    in their school; administrators anywhere."""
    scopes = [Scope.country(), Scope.region(region.pk)]
    if district is not None:
        scopes.append(Scope.district(district.pk))
    if holds(actor, (Role.ADMIN, Role.COORDINATOR), scopes):
        return True
    return school is not None and holds(
        actor, (Role.PRINCIPAL, Role.FACILITATOR), [Scope.school(school.pk)]
    )


@transaction.atomic
def circle_create(*, actor: User, data: CircleFields, facilitator: User | None = None) -> Circle:
    """Start a circle; its first facilitator is ``facilitator`` or, without one, the actor."""
    if not actor.has_perm("communities.add_circle"):
        raise NotAllowed(_("You may not start circles."))
    region, district, school = _place(data)
    if not _may_start_there(actor, region, district, school):
        raise NotAllowed(_("You may start circles only in the school or place you look after."))
    if not data.name.strip():
        raise DomainError(_("Name the circle."), code="name")
    circle = Circle.objects.create(
        name=data.name.strip(),
        purpose=data.purpose.strip(),
        kind=data.kind,
        school=school,
        region=region,
        district=district,
        visibility=data.visibility,
        language=data.language,
        created_by=actor,
        last_activity_at=timezone.now(),
    )
    if data.kind == CircleKind.NETWORK:
        circle.schools.set(data.schools)
    _activate(circle, facilitator or actor, role=MemberRole.FACILITATOR, by=actor)
    return circle


@transaction.atomic
def circle_create_for(*, actor: User, data: CircleFields, facilitator: User) -> Circle:
    """Start a network circle on behalf of an app above this one that has already decided
    that ``actor`` may (a Lesson Study group's circle, which its association's coordinators
    start: ``lessonstudy.services.cycles.group_create``); ``facilitator`` is its first
    facilitator. The schools are checked against the region as ``circle_create`` checks them."""
    if data.kind != CircleKind.NETWORK:
        raise DomainError(_("Only a network circle is started this way."), code="kind")
    region, district, _school = _place(data)
    if not data.name.strip():
        raise DomainError(_("Name the circle."), code="name")
    circle = Circle.objects.create(
        name=data.name.strip(),
        purpose=data.purpose.strip(),
        kind=data.kind,
        region=region,
        district=district,
        visibility=data.visibility,
        language=data.language,
        created_by=actor,
        last_activity_at=timezone.now(),
    )
    circle.schools.set(data.schools)
    _activate(circle, facilitator, role=MemberRole.FACILITATOR, by=actor)
    return circle


@transaction.atomic
def circle_update(*, actor: User, circle: Circle, data: CircleFields) -> Circle:
    """Change a circle's name, purpose, visibility, language, and a network's schools."""
    if not actor.has_perm("communities.change_circle", circle):
        raise NotAllowed(_("You may not change this circle."))
    if not data.name.strip():
        raise DomainError(_("Name the circle."), code="name")
    if circle.kind == CircleKind.NETWORK:
        data.kind, data.region, data.district = circle.kind, circle.region, circle.district
        _place(data)
        circle.schools.set(data.schools)
    circle.name, circle.purpose = data.name.strip(), data.purpose.strip()
    circle.visibility, circle.language = data.visibility, data.language
    circle.save(update_fields=["name", "purpose", "visibility", "language", "updated_at"])
    return circle


@transaction.atomic
def circle_archive(*, actor: User, circle: Circle, archived: bool = True) -> Circle:
    """Archive a circle (readable, but nothing new happens in it), or bring it back."""
    if not actor.has_perm("communities.change_circle", circle):
        raise NotAllowed(_("You may not change this circle."))
    circle.archived_at = timezone.now() if archived else None
    circle.save(update_fields=["archived_at", "updated_at"])
    return circle


def _lock(circle: Circle, user: User) -> Membership | None:
    return (
        Membership.objects.select_for_update(of=("self",)).filter(circle=circle, user=user).first()
    )


def _activate(
    circle: Circle, user: User, *, role: str = MemberRole.MEMBER, by: User | None = None
) -> Membership:
    """Make ``user`` an active member (a facilitator keeps her role), with a new row or her own."""
    now = timezone.now()
    invited_by = by if by is not None and by.pk != user.pk else None
    Membership.objects.get_or_create(
        circle=circle,
        user=user,
        defaults={"role": role, "status": ACTIVE, "joined_at": now, "invited_by": invited_by},
    )
    found = Membership.objects.select_for_update(of=("self",)).get(circle=circle, user=user)
    if found.status != ACTIVE or (role == MemberRole.FACILITATOR and found.role != role):
        if found.status != ACTIVE:
            found.status, found.joined_at = ACTIVE, now
        if role == MemberRole.FACILITATOR:
            found.role = role
        found.save(update_fields=["status", "joined_at", "role", "updated_at"])
    remember_membership(circle, user, found)
    return found


@dataclass
class Invited:
    """What became of each person or address an invitation named."""

    invited: list[User] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _invite(actor: User, circle: Circle, people: Iterable[User], result: Invited) -> None:
    existing = {
        m.user_id: m
        for m in Membership.objects.select_for_update(of=("self",)).filter(
            circle=circle, user__in=people
        )
    }
    fresh = []
    for person in people:
        found = existing.get(person.pk)
        if found is not None and found.status in (ACTIVE, MembershipStatus.INVITED):
            result.already.append(person.email)
        elif found is not None and found.status == MembershipStatus.REQUESTED:
            # She asked, and now is asked: that is agreement on both sides.
            _activate(circle, person, by=actor)
            result.invited.append(person)
        elif found is not None:
            found.status, found.invited_by = MembershipStatus.INVITED, actor
            found.save(update_fields=["status", "invited_by", "updated_at"])
            result.invited.append(person)
        else:
            fresh.append(Membership(circle=circle, user=person, status=MembershipStatus.INVITED,
                                    invited_by=actor))  # fmt: skip
            result.invited.append(person)
    Membership.objects.bulk_create(fresh, ignore_conflicts=True)
    if result.invited:
        ids = [p.pk for p in result.invited]
        enqueue_on_commit("ortaq.communities.tasks.circles.send_invitations", circle.pk, ids)


def _require_manager(actor: User, circle: Circle) -> None:
    if not actor.has_perm("communities.manage_members", circle):
        raise NotAllowed(_("Only the circle's facilitators manage its members."))


@transaction.atomic
def members_invite_school(*, actor: User, circle: Circle, school: School) -> Invited:
    """Invite every teacher whose profile names ``school`` and who is not in the circle yet."""
    _require_manager(actor, circle)
    allowed = (
        [circle.school_id]
        if circle.school_id
        else list(circle.schools.values_list("pk", flat=True))
    )
    if circle.kind == CircleKind.NETWORK and not allowed:
        allowed = list(
            School.objects.filter(region_id=circle.region_id).values_list("pk", flat=True)
        )
    if school.pk not in allowed:
        raise DomainError(_("That school is not part of this circle."), code="school")
    people = list(User.objects.filter(is_active=True, profile__school=school))
    result = Invited()
    _invite(actor, circle, people, result)
    return result


@transaction.atomic
def members_invite_emails(*, actor: User, circle: Circle, emails: list[str]) -> Invited:
    """Invite people by e-mail; each address is reported invited, already in, or unknown."""
    _require_manager(actor, circle)
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    found = {u.email.lower(): u for u in User.objects.filter(email__in=wanted, is_active=True)}
    result = Invited(unknown=[e for e in wanted if e not in found])
    _invite(actor, circle, [found[e] for e in wanted if e in found], result)
    return result


@transaction.atomic
def invitation_answer(*, actor: User, circle: Circle, accept: bool) -> Membership:
    """Accept or decline her invitation. Answering again changes nothing."""
    found = _lock(circle, actor)
    if found is None or found.status not in (
        MembershipStatus.INVITED,
        ACTIVE,
        MembershipStatus.DECLINED,
    ):
        raise DomainError(_("You have no invitation to this circle."), code="no_invitation")
    if accept:
        if found.status == MembershipStatus.DECLINED:
            raise DomainError(
                _("You declined this invitation; ask to join instead."), code="declined"
            )
        return _activate(circle, actor)
    if found.status == MembershipStatus.INVITED:
        found.status = MembershipStatus.DECLINED
        found.save(update_fields=["status", "updated_at"])
    return found


@transaction.atomic
def join_request(*, actor: User, circle: Circle, message: str = "") -> Membership:
    """Ask to join; an invited person is in at once. Asking again changes nothing."""
    if not actor.has_perm("communities.join_circle", circle):
        raise NotAllowed(_("This circle takes no new members."))
    found = _lock(circle, actor)
    if found is not None and found.status == MembershipStatus.INVITED:
        return _activate(circle, actor)
    if found is not None and found.status in (ACTIVE, MembershipStatus.REQUESTED):
        return found
    if found is None:
        Membership.objects.get_or_create(
            circle=circle,
            user=actor,
            defaults={"status": MembershipStatus.REQUESTED, "message": message.strip()[:500]},
        )
        found = Membership.objects.select_for_update(of=("self",)).get(circle=circle, user=actor)
    elif found.status != MembershipStatus.REQUESTED:
        found.status, found.message = MembershipStatus.REQUESTED, message.strip()[:500]
        found.save(update_fields=["status", "message", "updated_at"])
    remember_membership(circle, actor, found)
    enqueue_on_commit("ortaq.communities.tasks.circles.send_join_request", found.pk)
    return found


@transaction.atomic
def request_decide(*, actor: User, membership: Membership, accept: bool) -> Membership:
    """A facilitator accepts or declines a request to join; deciding again changes nothing."""
    _require_manager(actor, membership.circle)
    found = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if found.status != MembershipStatus.REQUESTED:
        return found
    if accept:
        return _activate(membership.circle, found.user, by=actor)
    found.status = MembershipStatus.DECLINED
    found.save(update_fields=["status", "updated_at"])
    return found


def _lock_facilitators(circle_id: int) -> set[int]:
    """Lock the circle's facilitators' rows (always first, in one order, so that two people
    taking facilitators out at once wait for each other) and return their ids."""
    return set(
        Membership.objects.select_for_update(of=("self",))
        .filter(circle_id=circle_id, role=MemberRole.FACILITATOR, status=ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _other_facilitators(membership: Membership, facilitators: set[int]) -> bool:
    return bool(facilitators - {membership.pk})


@transaction.atomic
def member_set_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Make a member a facilitator, or a facilitator a member again (never the last one).
    Whether she may is decided once the facilitators are locked (see ``member_remove``)."""
    facilitators = _lock_facilitators(membership.circle_id)
    _require_manager(actor, membership.circle)
    found = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if role not in MemberRole.values or found.status != ACTIVE:
        raise DomainError(_("Only active members take a role."), code="role")
    if (
        found.role == MemberRole.FACILITATOR
        and role != found.role
        and not _other_facilitators(found, facilitators)
    ):
        raise DomainError(_("A circle needs at least one facilitator."), code="last_facilitator")
    if found.role != role:
        found.role = role
        found.save(update_fields=["role", "updated_at"])
    return found


@transaction.atomic
def member_remove(*, actor: User, membership: Membership) -> Membership:
    """Take someone out of the circle (or withdraw her invitation); never the last facilitator.

    Whether she may is decided once the facilitators are locked, on what is committed: of two
    facilitators taking each other out at once, the second finds she no longer is one."""
    facilitators = _lock_facilitators(membership.circle_id)
    if membership.user_id != actor.pk:
        _require_manager(actor, membership.circle)
    found = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if found.status == MembershipStatus.LEFT:
        return found
    if found.is_facilitator and not _other_facilitators(found, facilitators):
        raise DomainError(
            _("A circle needs at least one facilitator: name another one first."),
            code="last_facilitator",
        )
    found.status = MembershipStatus.LEFT
    found.role = MemberRole.MEMBER
    found.save(update_fields=["status", "role", "updated_at"])
    remember_membership(membership.circle, found.user, found)
    return found


def circle_leave(*, actor: User, circle: Circle) -> Membership:
    """Leave the circle; her posts stay. Leaving again changes nothing."""
    found = Membership.objects.filter(circle=circle, user=actor).first()
    if found is None:
        raise DomainError(_("You are not in this circle."), code="not_member")
    return member_remove(actor=actor, membership=found)


@transaction.atomic
def notify_set(*, actor: User, circle: Circle, notify: str) -> Membership:
    """Choose how she hears of new posts: each post, a daily digest, or nothing.

    Her digest starts from the moment she chooses it: the posts before were e-mailed one by one
    or not wanted, so an old ``digested_until`` must not bring them back."""
    found = _lock(circle, actor)
    if found is None or found.status != ACTIVE:
        raise DomainError(_("You are not in this circle."), code="not_member")
    if notify not in Notify.values:
        raise DomainError(_("Choose how to hear of new posts."), code="notify")
    if found.notify != notify:
        found.notify = notify
        if notify == Notify.DAILY_DIGEST:
            found.digested_until = timezone.now()
        found.save(update_fields=["notify", "digested_until", "updated_at"])
    return found
