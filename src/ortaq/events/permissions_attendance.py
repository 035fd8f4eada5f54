"""Who may record attendance, see statistics, run teams, add materials and give feedback
(issue 13, decision 0023's section on attendance and after the event).

Everything an organiser does here is ``events.change_event`` (``runs``: the organiser, its staff
organisers, those running its association, and the runners over its place: administrators,
methodologists of its region or district, the organising school's head). Authors of the event's
contributions may add materials; those who attended (and only they) give feedback.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.core.roles import predicate
from ortaq.core.visibility import is_signed_in
from ortaq.events.choices import TEAM_KINDS, EventStatus, TeamStatus
from ortaq.events.models import Attendance, ContributionAuthor, Event, Team
from ortaq.events.permissions import runs


@predicate
def record_attendance(user: User | AnonymousUser | None, event: Event) -> bool:
    """She checks people in, ticks them and imports a video-conference report."""
    return runs(user, event)


@predicate
def view_statistics(user: User | AnonymousUser | None, event: Event) -> bool:
    """She sees the event's statistics (the methodologists over its place run it already)."""
    return runs(user, event)


@predicate
def add_material(user: User | AnonymousUser | None, event: Event) -> bool:
    """She uploads slides or a poster, or links a recording: an organiser, or an author (with
    an account) of one of the event's contributions."""
    if user is None or not is_signed_in(user) or event.status == EventStatus.DRAFT:
        return runs(user, event)
    if runs(user, event):
        return True
    return ContributionAuthor.objects.filter(contribution__event=event, user_id=user.pk).exists()


@predicate
def give_feedback(user: User | AnonymousUser | None, event: Event) -> bool:
    """She attended (any record of it) the published event."""
    if user is None or not is_signed_in(user) or event.status != EventStatus.PUBLISHED:
        return False
    return Attendance.objects.filter(event=event, user_id=user.pk).exists()


@predicate
def apply_team(user: User | AnonymousUser | None, event: Event) -> bool:
    """She may send her school's team to a published festival or camp: signed in at a school
    (the service checks the school and its teachers)."""
    if user is None or not is_signed_in(user) or event.status != EventStatus.PUBLISHED:
        return False
    if event.kind not in TEAM_KINDS:
        return False
    profile = getattr(user, "profile", None)
    return bool(profile is not None and profile.school_id)


@predicate
def view_team(user: User | AnonymousUser | None, team: Team) -> bool:
    """She sees ``team``: twin of ``events.teams.teams_visible_to``."""
    if team.status == TeamStatus.ACCEPTED or runs(user, team.event):
        return True
    profile = getattr(user, "profile", None) if user is not None and is_signed_in(user) else None
    return bool(profile is not None and profile.school_id == team.school_id)


rules.add_perm("events.view_team", view_team)
rules.add_perm("events.record_attendance", record_attendance)
rules.add_perm("events.view_statistics", view_statistics)
rules.add_perm("events.add_material", add_material)
rules.add_perm("events.give_feedback", give_feedback)
rules.add_perm("events.apply_team", apply_team)
