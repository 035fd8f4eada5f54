"""Every write about a circle's meetings: plan or change one, cancel it, write its notes and
record who came. The members are e-mailed when a meeting is planned, and again when a coming one
moves or is cancelled."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.communities.choices import MeetingNews, MembershipStatus
from ortaq.communities.models import Attendance, Circle, Meeting, Membership
from ortaq.core.errors import DomainError, NotAllowed


def _require(actor: Any, circle: Circle) -> None:
    if not actor.has_perm("communities.manage_meetings", circle):
        raise NotAllowed(_("Only the circle's facilitators plan its meetings."))


# A change to any of these tells the members again; a new agenda alone does not.
WHEN_AND_WHERE = ("starts_at", "duration_minutes", "place", "online_url")


def _touch(circle: Circle) -> None:
    Circle.objects.filter(pk=circle.pk).update(last_activity_at=timezone.now())


def _tell(meeting: Meeting, news: str) -> None:
    """E-mail the members once the transaction commits."""
    from ortaq.communities.tasks.circles import send_meeting

    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_meeting.enqueue(meeting_id, news))


@transaction.atomic
def meeting_save(
    *,
    actor: Any,
    circle: Circle,
    starts_at: datetime.datetime,
    duration_minutes: int = 60,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    """Plan a meeting (the members are told by e-mail) or change a planned one."""
    _require(actor, circle)
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
        meeting = Meeting.objects.create(circle=circle, created_by=actor, **fields)
        _tell(meeting, MeetingNews.PLANNED)
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
def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
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
def meeting_notes_save(*, actor: Any, meeting: Meeting, notes: str) -> Meeting:
    """Write what the meeting discussed and decided, once it has begun."""
    _require(actor, meeting.circle)
    if meeting.starts_at > timezone.now():
        raise DomainError(_("Notes are written once the meeting has begun."), code="future")
    meeting.notes, meeting.notes_by = notes.strip(), actor
    meeting.save(update_fields=["notes", "notes_by", "updated_at"])
    _touch(meeting.circle)
    return meeting


@transaction.atomic
def attendance_record(*, actor: Any, meeting: Meeting, present: Iterable[int]) -> int:
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
