"""A circle's meetings in the API: the list (the next one first) and one meeting, with the
place and link only for members and those who run the circle; facilitators plan, change and
cancel meetings (the members are e-mailed), write the notes and record who came."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.queries import current_user
from ortaq.communities.api.circles import readable_circle
from ortaq.communities.models import Circle, Meeting
from ortaq.communities.queries import circles as queries
from ortaq.communities.services import meetings as services

router = Router(tags=["circles"])


class MeetingOut(Schema):
    id: int
    circle_id: int
    starts_at: datetime.datetime
    duration_minutes: int
    cancelled: bool
    agenda: str
    notes: str
    place: str | None = Field(description="Only for members and those who run the circle.")
    online_url: str | None = Field(description="Only for members and those who run the circle.")
    came: int | None = Field(description="How many came, once attendance is recorded.")


def _meeting_out(meeting: Meeting, *, details: bool) -> MeetingOut:
    return MeetingOut(
        id=meeting.pk,
        circle_id=meeting.circle_id,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        cancelled=meeting.cancelled_at is not None,
        agenda=meeting.agenda,
        notes=meeting.notes,
        place=meeting.place if details else None,
        online_url=meeting.online_url if details else None,
        came=getattr(meeting, "came", None),
    )


@router.get(
    "/circles/{circle_id}/meetings", response=list[MeetingOut], summary="The circle's meetings"
)
@paginate(PageNumberPagination)
def list_meetings(request: HttpRequest, circle_id: int) -> list[MeetingOut]:
    circle = readable_circle(request, circle_id)
    details = current_user(request).has_perm("communities.view_meeting_details", circle)
    return [_meeting_out(m, details=details) for m in queries.meetings_of(circle=circle)]


@router.get(
    "/circles/{circle_id}/meetings/{meeting_id}", response=MeetingOut, summary="One meeting"
)
def get_meeting(request: HttpRequest, circle_id: int, meeting_id: int) -> MeetingOut:
    circle = readable_circle(request, circle_id)
    details = current_user(request).has_perm("communities.view_meeting_details", circle)
    return _meeting_out(queries.meeting_get(circle=circle, meeting_id=meeting_id), details=details)


class MeetingIn(Schema):
    starts_at: datetime.datetime = Field(description="With a UTC offset; without one, UTC+5.")
    duration_minutes: int = Field(60, ge=5, le=600)
    place: str = Field("", max_length=300)
    online_url: str = Field("", max_length=200)
    agenda: str = ""


def _save(
    request: HttpRequest, circle: Circle, body: MeetingIn, meeting: Meeting | None
) -> Meeting:
    starts_at = body.starts_at
    if starts_at.tzinfo is None:
        starts_at = timezone.make_aware(starts_at)
    return services.meeting_save(
        actor=current_user(request),
        circle=circle,
        meeting=meeting,
        starts_at=starts_at,
        duration_minutes=body.duration_minutes,
        place=body.place,
        online_url=body.online_url,
        agenda=body.agenda,
    )


@router.post(
    "/circles/{circle_id}/meetings",
    response={201: MeetingOut},
    summary="Plan a meeting (facilitators); the members are told by e-mail",
)
def create_meeting(request: HttpRequest, circle_id: int, body: MeetingIn) -> Status[MeetingOut]:
    meeting = _save(request, readable_circle(request, circle_id), body, None)
    return Status(201, _meeting_out(meeting, details=True))


@router.put(
    "/circles/{circle_id}/meetings/{meeting_id}",
    response=MeetingOut,
    summary="Change a meeting (facilitators); if a coming one moves, the members are told",
)
def update_meeting(
    request: HttpRequest, circle_id: int, meeting_id: int, body: MeetingIn
) -> MeetingOut:
    circle = readable_circle(request, circle_id)
    found = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    return _meeting_out(_save(request, circle, body, found), details=True)


@router.post(
    "/circles/{circle_id}/meetings/{meeting_id}/cancellation",
    response=MeetingOut,
    summary="Cancel a meeting (facilitators); the members are told if it was still to come",
)
def cancel_meeting(request: HttpRequest, circle_id: int, meeting_id: int) -> MeetingOut:
    circle = readable_circle(request, circle_id)
    found = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    cancelled = services.meeting_cancel(actor=current_user(request), meeting=found)
    return _meeting_out(cancelled, details=True)


class NotesIn(Schema):
    notes: str = Field(max_length=20000, description="Markdown.")


@router.put(
    "/circles/{circle_id}/meetings/{meeting_id}/notes",
    response=MeetingOut,
    summary="Write what a meeting discussed and decided, once it has begun (facilitators)",
)
def write_notes(request: HttpRequest, circle_id: int, meeting_id: int, body: NotesIn) -> MeetingOut:
    circle = readable_circle(request, circle_id)
    found = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    saved = services.meeting_notes_save(
        actor=current_user(request), meeting=found, notes=body.notes
    )
    return _meeting_out(saved, details=True)


class AttendanceOut(Schema):
    user_id: int
    name: str
    present: bool | None = Field(description="Null while attendance is not recorded.")


@router.get(
    "/circles/{circle_id}/meetings/{meeting_id}/attendance",
    response=list[AttendanceOut],
    summary="Who came (members and those who run the circle)",
)
def get_attendance(request: HttpRequest, circle_id: int, meeting_id: int) -> list[AttendanceOut]:
    circle = readable_circle(request, circle_id)
    if not current_user(request).has_perm("communities.view_meeting_details", circle):
        raise PermissionDenied
    found = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    return [
        AttendanceOut(user_id=person.pk, name=person.get_full_name() or person.email, present=came)
        for person, came in queries.attendance_of(meeting=found)
    ]


class AttendanceIn(Schema):
    present: list[int] = Field(max_length=5000, description="The members who came.")


class CameOut(Schema):
    came: int


@router.put(
    "/circles/{circle_id}/meetings/{meeting_id}/attendance",
    response=CameOut,
    summary="Record who came, once the meeting has begun (facilitators); the rest were absent",
)
def record_attendance(
    request: HttpRequest, circle_id: int, meeting_id: int, body: AttendanceIn
) -> CameOut:
    circle = readable_circle(request, circle_id)
    found = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    came = services.attendance_record(
        actor=current_user(request), meeting=found, present=body.present
    )
    return CameOut(came=came)
