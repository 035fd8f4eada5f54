"""School teams at festivals and camps (issue 13, decision 0023).

A school applies with a team: its name, the school, its leading teachers (accounts of that
school), how many pupils and of which grades; never a pupil's name (the model has no field for
one). Organisers accept teams up to the event's capacity, which for a festival or camp counts
teams (under the event's row lock, so two acceptances never pass it), and record results or
awards; the leading teachers of accepted teams get certificates (``events.after``).
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.events import permissions_attendance  # noqa: F401 - registers the rules used here
from ortaq.events.choices import TEAM_KINDS, TeamStatus
from ortaq.events.models import Event, Team
from ortaq.schools.models import School

CHANGE = "events.change_event"
MAX_PUPILS = 500


def teachers_of(school: School) -> QuerySet[User]:
    """The accounts of ``school``'s teachers, by name: whom a team may be led by."""
    return User.objects.filter(profile__school=school, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


def teams_of(event: Event) -> QuerySet[Team]:
    """The event's teams with their schools and leading teachers: two queries."""
    return (
        Team.objects.filter(event=event)
        .select_related("school")
        .prefetch_related("teachers")
        .order_by("pk")
    )


def teams_visible_to(user: User | AnonymousUser, event: Event) -> QuerySet[Team]:
    """The event's teams ``user`` may see: every one for those who run it; the accepted ones
    and her own school's (applied or declined) for anyone else. ``events.view_team`` says the
    same of one team."""
    teams = teams_of(event)
    if user.has_perm(CHANGE, event):
        return teams
    school_id = getattr(getattr(user, "profile", None), "school_id", None)
    return teams.filter(Q(status=TeamStatus.ACCEPTED) | Q(school_id=school_id or 0))


def accepted_count(event: Event) -> int:
    return Team.objects.filter(event=event, status=TeamStatus.ACCEPTED).count()


@transaction.atomic
def team_apply(
    *,
    actor: User,
    event: Event,
    name: str,
    teachers: Iterable[User],
    pupils: int,
    grades: str,
) -> Team:
    """Apply with a team of her own school, led by teachers of that school (she may be one)."""
    if not actor.has_perm("events.apply_team", event):
        if event.kind not in TEAM_KINDS:
            raise DomainError(_("Only festivals and camps take school teams."), code="kind")
        raise NotAllowed(_("You may not apply with a team to this event."))
    school = actor.profile.school
    assert school is not None  # noqa: S101 - events.apply_team says she has one
    leaders = list(teachers)
    if not leaders:
        raise DomainError(_("Name at least one teacher who leads the team."), code="teachers")
    if any(getattr(t.profile, "school_id", None) != school.pk for t in leaders):
        raise DomainError(
            _("The leading teachers must be teachers of your school."), code="teachers"
        )
    if not 1 <= pupils <= MAX_PUPILS:
        raise DomainError(_("Give the number of pupils, from 1 to 500."), code="pupils")
    name = name.strip()
    if not name:
        raise DomainError(_("Give the team's name."), code="name")
    try:
        with transaction.atomic():
            team = Team.objects.create(
                event=event,
                name=name[:200],
                school=school,
                pupils=pupils,
                grades=grades.strip()[:50],
                applied_by=actor,
            )
    except IntegrityError as exc:
        raise DomainError(
            _("Your school has already applied with a team of this name."), code="duplicate"
        ) from exc
    team.teachers.set(leaders)
    return team


@transaction.atomic
def team_decide(*, actor: User, team: Team, accept: bool) -> Team:
    """Accept a team (while the event has room for teams) or decline it; its leading teachers
    are told by e-mail. Deciding again the same way changes nothing."""
    event = team.event
    if not actor.has_perm(CHANGE, event):
        raise NotAllowed(_("You may not decide on this event's teams."))
    locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    team = Team.objects.select_for_update(of=("self",)).get(pk=team.pk)
    wanted = TeamStatus.ACCEPTED if accept else TeamStatus.DECLINED
    if team.status == wanted:
        return team
    if accept and locked.capacity is not None and accepted_count(locked) >= locked.capacity:
        raise DomainError(
            _("The event has room for %(count)s teams, all taken.") % {"count": locked.capacity},
            code="full",
        )
    team.status = wanted
    team.save(update_fields=["status", "updated_at"])
    enqueue_on_commit("ortaq.events.tasks.send_team_decided", team.pk, wanted)
    return team


@transaction.atomic
def team_result(*, actor: User, team: Team, result: str) -> Team:
    """Record a team's result or award."""
    if not actor.has_perm(CHANGE, team.event):
        raise NotAllowed(_("You may not record this event's results."))
    team = Team.objects.select_for_update(of=("self",)).get(pk=team.pk)
    if team.status != TeamStatus.ACCEPTED:
        raise DomainError(_("Only an accepted team has a result."), code="state")
    team.result = result.strip()[:300]
    team.save(update_fields=["result", "updated_at"])
    return team
