"""Reads of circles and meetings for the pages and the API, each a fixed number of queries."""

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from ortaq.accounts.models import Profile, User
from ortaq.communities.choices import MemberRole, MembershipStatus, Visibility
from ortaq.communities.models import Attendance, Circle, Meeting, Membership, Thread
from ortaq.communities.permissions import membership_of
from ortaq.core.roles import Role, ScopeKind, scopes_where

ACTIVE = MembershipStatus.ACTIVE


def _school_of(user: Any) -> int | None:
    if not user.is_authenticated:
        return None
    return Profile.objects.filter(user=user).values_list("school_id", flat=True).first()


def _networks_of(school_id: int) -> QuerySet[Any]:
    return Circle.schools.through.objects.filter(school_id=school_id).values("circle_id")


def _overseen(user: Any) -> Q:
    """The circles she runs or moderates from her role over their place (administrators and
    methodologists of the country: all of them)."""
    found = Q(pk__in=[])
    for scope in scopes_where(user, (Role.ADMIN, Role.COORDINATOR, Role.MODERATOR)):
        if scope.kind == ScopeKind.COUNTRY:
            return Q(pk__isnull=False)
        columns: dict[str, str] = {
            ScopeKind.REGION: "region_id",
            ScopeKind.DISTRICT: "district_id",
            ScopeKind.SCHOOL: "school_id",
        }
        field = columns.get(scope.kind)
        if field is not None:
            found |= Q(**{field: int(scope.key)})
        elif scope.key.startswith("communities.circle:"):
            found |= Q(pk=int(scope.key.removeprefix("communities.circle:")))
    return found


def circles_for(
    *,
    user: Any,
    q: str = "",
    region_id: int | None = None,
    school_id: int | None = None,
    mine_only: bool = False,
) -> QuerySet[Circle]:
    """Circles she may find: hers (in any status but gone), those open to every signed-in
    teacher, and members-only circles of her own school or of a network that includes it, with
    the number of members; hers first."""
    her_school = _school_of(user)
    mine = Membership.objects.filter(
        circle=OuterRef("pk"),
        user_id=user.pk,
        status__in=[ACTIVE, MembershipStatus.INVITED, MembershipStatus.REQUESTED],
    )
    member = Membership.objects.filter(circle=OuterRef("pk"), user_id=user.pk, status=ACTIVE)
    open_to_her = Q(mine=True) | Q(visibility=Visibility.SIGNED_IN)
    open_to_her |= _overseen(user)
    if her_school is not None:
        open_to_her |= Q(school_id=her_school) | Q(pk__in=_networks_of(her_school))
    found = Circle.objects.annotate(mine=Exists(mine), member=Exists(member)).filter(
        open_to_her, archived_at__isnull=True
    )
    if q:
        found = found.filter(name__icontains=q.strip())
    if region_id:
        found = found.filter(region_id=region_id)
    if school_id:
        found = found.filter(Q(school_id=school_id) | Q(pk__in=_networks_of(school_id)))
    if mine_only:
        found = found.filter(member=True)
    members = Count("memberships", filter=Q(memberships__status=ACTIVE))
    readable = Case(
        When(Q(member=True) | Q(visibility=Visibility.SIGNED_IN) | _overseen(user), then=True),
        default=False,
        output_field=BooleanField(),
    )
    return (
        found.select_related("school", "region", "district")
        .annotate(members=members, readable=readable)
        .order_by("-mine", "name", "pk")
    )


def shows_card(user: Any, circle: Circle) -> bool:
    """A members-only circle shows its name, school and purpose (and "ask to join") to the
    teachers of its school, or of a network's schools, and to anyone it has invited or who has
    asked to join; nothing else."""
    found = membership_of(user, circle)
    if found is not None and found.status in (
        MembershipStatus.INVITED,
        MembershipStatus.REQUESTED,
    ):
        return True
    school_id = _school_of(user)
    if school_id is None:
        return False
    return circle.school_id == school_id or circle.schools.filter(pk=school_id).exists()


def circle_get(*, circle_id: int) -> Circle:
    circle = (
        Circle.objects.select_related("school", "region", "district").filter(pk=circle_id).first()
    )
    if circle is None:
        raise Http404
    return circle


def circle_get_for_user(*, circle_id: int, user: Any) -> Circle:
    """The circle, if she may read it; 404 otherwise (a private circle reveals nothing)."""
    circle = circle_get(circle_id=circle_id)
    if not user.has_perm("communities.view_circle", circle):
        raise Http404
    return circle


def my_membership(*, user: Any, circle: Circle) -> Membership | None:
    """Her membership of the circle in any status but gone, or None."""
    found = membership_of(user, circle)
    return None if found is None or found.status == MembershipStatus.LEFT else found


def member_count(*, circle: Circle) -> int:
    return Membership.objects.filter(circle=circle, status=ACTIVE).count()


@dataclass
class CirclePage:
    circle: Circle
    membership: Membership | None
    facilitators: list[User]
    members: int
    requests: int
    upcoming: list[Meeting]
    recent: list[Meeting]
    threads: list[Thread]
    schools: list[Any]


def circle_page(*, circle: Circle, user: Any) -> CirclePage:
    """What the circle's page shows, in a fixed number of queries."""
    now = timezone.now()
    counts = Membership.objects.filter(circle=circle).aggregate(
        members=Count("pk", filter=Q(status=ACTIVE)),
        requests=Count("pk", filter=Q(status=MembershipStatus.REQUESTED)),
    )
    facilitators = list(
        User.objects.filter(
            circle_memberships__circle=circle,
            circle_memberships__role=MemberRole.FACILITATOR,
            circle_memberships__status=ACTIVE,
        ).order_by("last_name", "first_name")
    )
    meetings = Meeting.objects.filter(circle=circle, cancelled_at__isnull=True)
    return CirclePage(
        circle=circle,
        membership=membership_of(user, circle),
        facilitators=facilitators,
        members=counts["members"],
        requests=counts["requests"],
        upcoming=list(meetings.filter(starts_at__gte=now).order_by("starts_at")[:3]),
        recent=list(meetings.filter(starts_at__lt=now).order_by("-starts_at")[:3]),
        threads=list(
            Thread.objects.filter(circle=circle, post_count__gt=0).order_by(
                F("pinned_at").desc(nulls_last=True), "-last_post_at", "-pk"
            )[:5]
        ),
        schools=list(circle.schools.select_related("district")) if circle.kind == "network" else [],
    )


def members_of(*, circle: Circle) -> QuerySet[Membership]:
    """Everyone with a membership row, active first, then requests, then invitations."""
    return (
        Membership.objects.filter(circle=circle)
        .exclude(status=MembershipStatus.LEFT)
        .select_related("user__profile__school")
        .order_by("status", "-role", "user__last_name", "user__first_name")
    )


def membership_get(*, circle: Circle, user_id: int) -> Membership:
    """Someone's membership of the circle (not one she left), for those who run it; 404 else."""
    found = members_of(circle=circle).filter(user_id=user_id).first()
    if found is None:
        raise Http404
    return found


def meetings_of(*, circle: Circle) -> QuerySet[Meeting]:
    """A circle's meetings with how many came: the coming ones soonest first, then the past
    ones latest first (so the next meeting heads the first page)."""
    now = timezone.now()
    return (
        Meeting.objects.filter(circle=circle)
        .annotate(
            came=Count("attendance", filter=Q(attendance__present=True)),
            past=Case(When(starts_at__gte=now, then=False), default=True),
            coming_at=Case(When(starts_at__gte=now, then=F("starts_at"))),
        )
        .order_by("past", F("coming_at").asc(nulls_last=True), "-starts_at")
    )


def meeting_get(*, circle: Circle, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(circle=circle, pk=meeting_id).select_related("notes_by").first()
    )
    if meeting is None:
        raise Http404
    return meeting


def attendance_of(*, meeting: Meeting) -> list[tuple[User, bool | None]]:
    """Every active member with whether she came (None when not recorded)."""
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("user_id", "present"))
    people = User.objects.filter(
        circle_memberships__circle_id=meeting.circle_id, circle_memberships__status=ACTIVE
    ).order_by("last_name", "first_name")
    return [(person, recorded.get(person.pk)) for person in people]
