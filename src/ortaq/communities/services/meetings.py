"""Every write about a circle's meetings: plan or change one, cancel it, write its notes and
record who came. The members are e-mailed when a meeting is planned, and again when a coming one
moves or is cancelled."""

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.communities.choices import MeetingNews, MembershipStatus
from ortaq.communities.models import Attendance, Circle, Meeting, Membership
from ortaq.communities.services.tallies import circle_tallies_touch_circles
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.once import create_once, made_before


def _require(actor: User, circle: Circle) -> None:
    if not actor.has_perm("communities.manage_meetings", circle):
        raise NotAllowed(_("Only the circle's facilitators plan its meetings."))


# A change to any of these tells the members again; a new agenda alone does not.
WHEN_AND_WHERE = ("starts_at", "duration_minutes", "place", "online_url")

# A meeting is planned (or recorded) within five years of today, either way: a date outside it
# is a slip of the keyboard, and the first and last years of the calendar cannot even be turned
# into UTC.
WINDOW = datetime.timedelta(days=5 * 365 + 1)
OUT_OF_WINDOW = gettext_lazy("Choose a date no more than five years before or after today.")


def within_window(day: datetime.date) -> bool:
    """Whether a meeting may fall on ``day`` (a calendar date in Kazakhstan)."""
    return abs(day - timezone.localdate()) <= WINDOW


def local_start(naive: datetime.datetime) -> datetime.datetime:
    """The start given as wall-clock time in Kazakhstan, made aware; a date outside the window
    is refused before the conversion to UTC could overflow."""
    if not within_window(naive.date()):
        raise DomainError(str(OUT_OF_WINDOW), code="starts_at")
    return timezone.make_aware(naive)


def _touch(circle: Circle) -> None:
    Circle.objects.filter(pk=circle.pk).update(last_activity_at=timezone.now())
    circle_tallies_touch_circles([circle.pk])  # its last activity, and attendance in bulk


def _tell(meeting: Meeting, news: str) -> None:
    """E-mail the members once the transaction commits."""
    enqueue_on_commit("ortaq.communities.tasks.circles.send_meeting", meeting.pk, news)


@transaction.atomic
def meeting_save(
    *,
    actor: User,
    circle: Circle,
    starts_at: datetime.datetime,
    duration_minutes: int = 60,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
    meeting: Meeting | None = None,
    client_key: uuid.UUID | None = None,
) -> Meeting:
    """Plan a meeting (the members are told by e-mail) or change a planned one.

    A new meeting's one-time form key (``client_key``) sent twice, a double click, plans one
    meeting and tells the members once. The start lies within five years of today (a meeting
    already further away may keep its date while its agenda changes)."""
    _require(actor, circle)
    if meeting is None:
        found = made_before(Meeting, client_key, created_by=actor, circle=circle)
        if found is not None:
            return found
    if timezone.is_naive(starts_at):
        starts_at = local_start(starts_at)
    unchanged = meeting is not None and meeting.starts_at == starts_at
    now = timezone.now()
    if not unchanged and not now - WINDOW <= starts_at <= now + WINDOW:
        raise DomainError(str(OUT_OF_WINDOW), code="starts_at")
    if not place.strip() and not online_url.strip():
        raise DomainError(_("Say where the circle meets, or give the online link."), code="place")
    if online_url.strip():
        try:
            URLValidator(schemes=["http", "https"])(online_url.strip())
        except ValidationError:
            raise DomainError(
                _("The online link is not a web address."), code="online_url"
            ) from None
    if not 5 <= duration_minutes <= 600:
        raise DomainError(_("A meeting lasts between 5 minutes and 10 hours."), code="duration")
    fields = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "place": place.strip(),
        "online_url": online_url.strip(),
        "agenda": agenda.strip(),
    }
    if meeting is None:

        def plan() -> Meeting:
            made = Meeting.objects.create(
                circle=circle, created_by=actor, client_key=client_key, **fields
            )
            _tell(made, MeetingNews.PLANNED)  # dropped with the savepoint if this one loses
            return made

        meeting = create_once(plan, model=Meeting, key=client_key, created_by=actor, circle=circle)
    else:
        if meeting.cancelled_at is not None:
            raise DomainError(_("A cancelled meeting cannot be changed."), code="cancelled")
        moved = any(getattr(meeting, name) != fields[name] for name in WHEN_AND_WHERE)
        ahead = max(meeting.starts_at, starts_at) > timezone.now()
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.save(update_fields=[*fields, "updated_at"])
        if moved and ahead:
            _tell(meeting, MeetingNews.CHANGED)
    _touch(circle)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    """Cancel a meeting (the members are told if it was still to come); cancelling again
    changes nothing and tells nobody."""
    _require(actor, meeting.circle)
    if meeting.cancelled_at is None:
        meeting.cancelled_at = timezone.now()
        meeting.save(update_fields=["cancelled_at", "updated_at"])
        _touch(meeting.circle)
        if meeting.starts_at > meeting.cancelled_at:
            _tell(meeting, MeetingNews.CANCELLED)
    return meeting


@transaction.atomic
def meeting_notes_save(*, actor: User, meeting: Meeting, notes: str) -> Meeting:
    """Write what the meeting discussed and decided, once it has begun."""
    _require(actor, meeting.circle)
    if meeting.starts_at > timezone.now():
        raise DomainError(_("Notes are written once the meeting has begun."), code="future")
    meeting.notes, meeting.notes_by = notes.strip(), actor
    meeting.save(update_fields=["notes", "notes_by", "updated_at"])
    _touch(meeting.circle)
    return meeting


@transaction.atomic
def attendance_record(*, actor: User, meeting: Meeting, present: Iterable[int]) -> int:
    """Record who came: every active member is marked present or absent. Returns how many came."""
    _require(actor, meeting.circle)
    if meeting.starts_at > timezone.now():
        raise DomainError(_("Attendance is recorded once the meeting has begun."), code="future")
    members = set(
        Membership.objects.filter(
            circle_id=meeting.circle_id, status=MembershipStatus.ACTIVE
        ).values_list("user_id", flat=True)
    )
    came = set(present) & members
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user_id=user_id, present=user_id in came) for user_id in members
    )
    _touch(meeting.circle)
    return len(came)
