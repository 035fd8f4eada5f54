"""A circle's meetings in the API: the list (the next one first) and one meeting, with the
place and link only for members and those who run the circle; facilitators plan, change and
cancel meetings (the members are e-mailed), write the notes and record who came."""

import datetime
import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.queries import current_user
from ortaq.communities.api.circles import readable_circle
from ortaq.communities.models import Circle, Meeting
from ortaq.communities.queries import circles as queries
from ortaq.communities.services import meetings as services
from ortaq.core.pagination import Mapped, Pages

router = Router(tags=["circles"])
# Seeing a meeting's place, link and attendance: members and those who run the circle.
DETAILS = "communities.view_meeting_details"


class MeetingOut(Schema):
    """A meeting: its place and link only for the circle's members and those who run it."""

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

    @classmethod
    def of(cls, meeting: Meeting, *, details: bool, came: int | None = None) -> "MeetingOut":
        """The meeting, with its place and link if ``details`` (the reader may see them)."""
        return cls(
            id=meeting.pk,
            circle_id=meeting.circle_id,
            starts_at=meeting.starts_at,
            duration_minutes=meeting.duration_minutes,
            cancelled=meeting.cancelled_at is not None,
            agenda=meeting.agenda,
            notes=meeting.notes,
            place=meeting.place if details else None,
            online_url=meeting.online_url if details else None,
            came=came,
        )


def _meeting(request: HttpRequest, circle_id: int, meeting_id: int, *, needs: str = "") -> Meeting:
    """The meeting of a circle the caller may read (see ``readable_circle``), its circle at
    hand; 404 otherwise."""
    circle = readable_circle(request, circle_id, needs=needs)
    meeting = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    meeting.circle = circle
    return meeting


@router.get(
    "/circles/{circle_id}/meetings", response=list[MeetingOut], summary="The circle's meetings"
)
@paginate(Pages)
def list_meetings(request: HttpRequest, circle_id: int) -> Mapped[Meeting, MeetingOut]:
    # The page is cut in SQL; whether the reader sees places and links is one answer for the
    # whole circle. ``meetings_of`` annotates how many came.
    circle = readable_circle(request, circle_id)
    details = current_user(request).has_perm(DETAILS, circle)
    return Mapped(
        queries.meetings_of(circle=circle),
        lambda meeting: MeetingOut.of(
            meeting, details=details, came=getattr(meeting, "came", None)
        ),
    )


@router.get(
    "/circles/{circle_id}/meetings/{meeting_id}", response=MeetingOut, summary="One meeting"
)
def get_meeting(request: HttpRequest, circle_id: int, meeting_id: int) -> MeetingOut:
    meeting = _meeting(request, circle_id, meeting_id)
    details = current_user(request).has_perm(DETAILS, meeting.circle)
    return MeetingOut.of(meeting, details=details)


class MeetingIn(Schema):
    starts_at: datetime.datetime = Field(
        description="With a UTC offset; without one, UTC+5. Within five years of today."
    )
    duration_minutes: int = Field(60, ge=5, le=600)
    place: str = Field("", max_length=300)
    online_url: str = Field("", max_length=200)
    agenda: str = ""
    client_key: uuid.UUID | None = Field(
        None,
        description="A fresh key per new meeting: sent twice, it plans one meeting (and the "
        "members are e-mailed once). Ignored when changing a meeting.",
    )


def _save(
    request: HttpRequest, circle: Circle, body: MeetingIn, meeting: Meeting | None
) -> Meeting:
    starts_at = body.starts_at
    if starts_at.tzinfo is None:
        starts_at = services.local_start(starts_at)
    return services.meeting_save(
        actor=current_user(request),
        circle=circle,
        meeting=meeting,
        starts_at=starts_at,
        duration_minutes=body.duration_minutes,
        place=body.place,
        online_url=body.online_url,
        agenda=body.agenda,
        client_key=body.client_key if meeting is None else None,
    )


@router.post(
    "/circles/{circle_id}/meetings",
    response={201: MeetingOut},
    summary="Plan a meeting (facilitators); the members are told by e-mail",
)
def create_meeting(request: HttpRequest, circle_id: int, body: MeetingIn) -> Status[MeetingOut]:
    meeting = _save(request, readable_circle(request, circle_id), body, None)
    return Status(201, MeetingOut.of(meeting, details=True))


@router.put(
    "/circles/{circle_id}/meetings/{meeting_id}",
    response=MeetingOut,
    summary="Change a meeting (facilitators); if a coming one moves, the members are told",
)
def update_meeting(
    request: HttpRequest, circle_id: int, meeting_id: int, body: MeetingIn
) -> MeetingOut:
    found = _meeting(request, circle_id, meeting_id)
    return MeetingOut.of(_save(request, found.circle, body, found), details=True)


@router.post(
    "/circles/{circle_id}/meetings/{meeting_id}/cancellation",
    response=MeetingOut,
    summary="Cancel a meeting (facilitators); the members are told if it was still to come",
)
def cancel_meeting(request: HttpRequest, circle_id: int, meeting_id: int) -> MeetingOut:
    found = _meeting(request, circle_id, meeting_id)
    cancelled = services.meeting_cancel(actor=current_user(request), meeting=found)
    return MeetingOut.of(cancelled, details=True)


class NotesIn(Schema):
    notes: str = Field(max_length=20000, description="Markdown.")


@router.put(
    "/circles/{circle_id}/meetings/{meeting_id}/notes",
    response=MeetingOut,
    summary="Write what a meeting discussed and decided, once it has begun (facilitators)",
)
def write_notes(request: HttpRequest, circle_id: int, meeting_id: int, body: NotesIn) -> MeetingOut:
    found = _meeting(request, circle_id, meeting_id)
    saved = services.meeting_notes_save(
        actor=current_user(request), meeting=found, notes=body.notes
    )
    return MeetingOut.of(saved, details=True)


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
    found = _meeting(request, circle_id, meeting_id, needs=DETAILS)
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
    found = _meeting(request, circle_id, meeting_id)
    came = services.attendance_record(
        actor=current_user(request), meeting=found, present=body.present
    )
    return CameOut(came=came)
