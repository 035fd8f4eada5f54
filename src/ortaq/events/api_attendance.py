"""Attendance, statistics, teams and feedback of an event in the API (issue 13): check-in by
code, the attendance list, the organisers' tick list (a tick put on and taken off), a
video-conference report (checked, then confirmed), the statistics, school teams (applying, and
the organisers' decisions and results) and her feedback. The same rules as the pages; refusals
are JSON ``{"detail": …}`` (403, 404)."""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, UploadedFile
from ninja.pagination import paginate

from ortaq.accounts.models import User
from ortaq.accounts.queries import current_user
from ortaq.core.csvimport import ImportRejected
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.pagination import Mapped, Pages
from ortaq.core.uploads import read_csv_upload
from ortaq.events import after, attendance, queries, statistics, teams
from ortaq.events.models import Attendance, Event, Feedback, Registration, Team

router = Router(tags=["events: attendance"])


def _event(request: HttpRequest, slug: str, perm: str = "") -> Event:
    event = queries.event_get(slug=slug, bare=True)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    if perm and not request.user.has_perm(perm, event):
        raise NotAllowed(_("You may not do this at this event."))
    return event


class EventCheckInIn(Schema):
    code: str = Field(max_length=40, description="The code her QR code carries, or as typed.")


class EventCheckInOut(Schema):
    user_id: int
    name: str
    already: bool = Field(description="She had checked in before: nothing was recorded now.")
    checked_in_at: datetime


@router.post(
    "/events/{slug}/check-in",
    response=EventCheckInOut,
    summary="Check a registered person in by her code (organisers)",
)
def check_in(request: HttpRequest, slug: str, payload: EventCheckInIn) -> EventCheckInOut:
    """A code of another event, of no one, or of a registration holding no seat: 400 with the
    reason. A second check-in records nothing (``already``)."""
    event = _event(request, slug)
    done = attendance.checkin(actor=current_user(request), event=event, code=payload.code)
    return EventCheckInOut(
        user_id=done.registration.user_id,
        name=str(done.registration.user),
        already=done.already,
        checked_in_at=done.attendance.recorded_at,
    )


class EventAttendanceOut(Schema):
    user_id: int
    name: str
    email: str
    source: str = Field(description="qr, tick, import or join_link: what recorded it first.")
    minutes: int | None
    recorded_at: datetime

    @staticmethod
    def resolve_name(row: Attendance) -> str:
        return str(row.user)

    @staticmethod
    def resolve_email(row: Attendance) -> str:
        return row.user.email


@router.get(
    "/events/{slug}/attendance",
    response=list[EventAttendanceOut],
    summary="Who attended the event (organisers)",
)
@paginate(Pages)
def attendance_list(request: HttpRequest, slug: str) -> object:
    event = _event(request, slug, attendance.RECORD)
    return attendance.attendance_list(event)


class EventTickOut(Schema):
    """A person registered (holding a seat) on the organisers' tick list."""

    registration_id: int
    user_id: int
    name: str
    email: str
    attended: bool
    source: str | None = Field(
        description="What recorded her attendance first (qr, tick, import, join_link), if any."
    )
    recorded_at: datetime | None

    @classmethod
    def of(cls, row: Registration) -> "EventTickOut":
        source = getattr(row, "attended_source", None)
        return cls(
            registration_id=row.pk,
            user_id=row.user_id,
            name=str(row.user),
            email=row.user.email,
            attended=source is not None,
            source=source,
            recorded_at=getattr(row, "attended_at", None),
        )


@router.get(
    "/events/{slug}/attendance/ticks",
    response=list[EventTickOut],
    summary="The tick list: everyone holding a seat, ticked or not (organisers)",
)
@paginate(Pages)
def tick_list(request: HttpRequest, slug: str) -> Mapped[Registration, EventTickOut]:
    event = _event(request, slug, attendance.RECORD)
    return Mapped(attendance.tick_list(event), EventTickOut.of)


def _tick_row(event: Event, registration_id: int) -> Registration:
    row = attendance.tick_list(event).filter(pk=registration_id).first()
    if row is None:
        raise Http404
    return row


@router.put(
    "/events/{slug}/attendance/ticks/{registration_id}",
    response=EventTickOut,
    summary="Tick her present (organisers; again changes nothing)",
)
def tick(request: HttpRequest, slug: str, registration_id: int) -> EventTickOut:
    """A registration of another event, or one holding no seat: 404. Attendance recorded
    already by another way (her QR code, a report, her join link) stays as it is."""
    event = _event(request, slug, attendance.RECORD)
    _tick_row(event, registration_id)
    attendance.tick(
        actor=current_user(request), event=event, present={registration_id}, shown={registration_id}
    )
    return EventTickOut.of(_tick_row(event, registration_id))


@router.delete(
    "/events/{slug}/attendance/ticks/{registration_id}",
    response=EventTickOut,
    summary="Take her tick off (organisers; only what a tick recorded)",
)
def untick(request: HttpRequest, slug: str, registration_id: int) -> EventTickOut:
    """Only attendance a tick recorded is taken off: one by her QR code, a report or her join
    link stays (``attended`` is then still true)."""
    event = _event(request, slug, attendance.RECORD)
    _tick_row(event, registration_id)
    attendance.tick(
        actor=current_user(request), event=event, present=set(), shown={registration_id}
    )
    return EventTickOut.of(_tick_row(event, registration_id))


class EventReportRowOut(Schema):
    line: int
    user_id: int
    name: str
    email: str
    minutes: int


class EventRowErrorOut(Schema):
    line: int
    column: str
    message: str


class EventReportCheckOut(Schema):
    threshold: int = Field(description="The event's minutes that count as attended.")
    attended: list[EventReportRowOut]
    under: list[EventReportRowOut] = Field(description="Present, but less than the threshold.")
    errors: list[EventRowErrorOut] = Field(description="Rows that cannot be read, by line.")
    token: str = Field(
        description="Send it to …/attendance/import/confirm to record the attended rows; empty "
        "when there are none. Nothing is recorded before."
    )


@router.post(
    "/events/{slug}/attendance/import",
    response=EventReportCheckOut,
    summary="Check a video-conference participant report (CSV: name, email, minutes)",
)
def report_check(request: HttpRequest, slug: str, file: File[UploadedFile]) -> EventReportCheckOut:
    """Reads and checks every row, writing nothing: malformed rows and unknown e-mails are
    listed by line; the valid ones are recorded only by the confirmation. Those present for the
    event's ``attendance_minutes`` or more attended (``threshold``)."""
    event = _event(request, slug, attendance.RECORD)
    data = read_csv_upload(file)
    try:
        check = attendance.report_check(actor=current_user(request), event=event, data=data)
    except ImportRejected as exc:
        return EventReportCheckOut(
            threshold=event.attendance_minutes,
            attended=[],
            under=[],
            errors=[
                EventRowErrorOut(line=e.line, column=e.column, message=e.message)
                for e in exc.errors
            ],
            token="",
        )
    return EventReportCheckOut(
        threshold=check.threshold,
        attended=[EventReportRowOut(**vars(r)) for r in check.attended],
        under=[EventReportRowOut(**vars(r)) for r in check.under],
        errors=[
            EventRowErrorOut(line=e.line, column=e.column, message=e.message) for e in check.errors
        ],
        token=check.token,
    )


class EventConfirmIn(Schema):
    token: str = Field(max_length=200_000)


class EventConfirmOut(Schema):
    recorded: int
    updated: int = Field(description="Already recorded, now with more minutes.")


@router.post(
    "/events/{slug}/attendance/import/confirm",
    response=EventConfirmOut,
    summary="Record the attendance a checked report listed (idempotent)",
)
def report_confirm(request: HttpRequest, slug: str, payload: EventConfirmIn) -> EventConfirmOut:
    event = _event(request, slug, attendance.RECORD)
    recorded, updated = attendance.report_confirm(
        actor=current_user(request), event=event, token=payload.token
    )
    return EventConfirmOut(recorded=recorded, updated=updated)


class EventLineOut(Schema):
    label: str
    registered: int
    attended: int


class EventStatisticsOut(Schema):
    registered: int
    attended: int
    by_role: list[EventLineOut]
    by_region: list[EventLineOut]
    by_school: list[EventLineOut] = Field(description="Urban, rural and small-scale schools.")


@router.get(
    "/events/{slug}/statistics",
    response=EventStatisticsOut,
    summary="Registered and attended by role, region and kind of school (organisers)",
)
def event_statistics(request: HttpRequest, slug: str) -> EventStatisticsOut:
    event = _event(request, slug, "events.view_statistics")
    stats = statistics.event_statistics(event)
    return EventStatisticsOut(
        registered=stats.registered,
        attended=stats.attended,
        by_role=[EventLineOut(**vars(line)) for line in stats.by_role],
        by_region=[EventLineOut(**vars(line)) for line in stats.by_region],
        by_school=[EventLineOut(**vars(line)) for line in stats.by_school],
    )


class EventTeamOut(Schema):
    id: int
    name: str
    school_id: int
    school: str
    teacher_ids: list[int]
    pupils: int
    grades: str
    status: str
    result: str

    @staticmethod
    def resolve_school(team: Team) -> str:
        return str(team.school)

    @staticmethod
    def resolve_teacher_ids(team: Team) -> list[int]:
        return [t.pk for t in team.teachers.all()]


class EventTeamIn(Schema):
    name: str = Field(max_length=200)
    teacher_ids: list[int] = Field(
        max_length=50, description="Accounts of teachers of her school who lead the team."
    )
    pupils: int = Field(ge=1, le=500, description="How many pupils: never their names.")
    grades: str = Field(max_length=50, description="For example 5–7.")


@router.get(
    "/events/{slug}/teams",
    response=list[EventTeamOut],
    summary="A festival's or camp's school teams",
)
def list_teams(request: HttpRequest, slug: str) -> list[Team]:
    """Organisers see every team; others the accepted ones and their own school's."""
    return list(teams.teams_visible_to(request.user, _event(request, slug)))


@router.post(
    "/events/{slug}/teams",
    response={201: EventTeamOut},
    summary="Apply with a team of her school",
)
def apply_team(request: HttpRequest, slug: str, payload: EventTeamIn) -> tuple[int, Team]:
    event = _event(request, slug)
    actor = current_user(request)
    leaders = list(User.objects.filter(pk__in=payload.teacher_ids).select_related("profile"))
    if len(leaders) != len(set(payload.teacher_ids)):
        raise DomainError(_("The leading teachers must be teachers of your school."))
    team = teams.team_apply(
        actor=actor,
        event=event,
        name=payload.name,
        teachers=leaders,
        pupils=payload.pupils,
        grades=payload.grades,
    )
    return 201, teams.teams_of(event).get(pk=team.pk)


def _team(request: HttpRequest, event: Event, team_id: int) -> Team:
    """The event's team ``team_id`` that she may see (404 otherwise)."""
    team = teams.teams_visible_to(request.user, event).filter(pk=team_id).first()
    if team is None:
        raise Http404
    team.event = event
    return team


class EventTeamDecisionIn(Schema):
    accept: bool = Field(
        description="true accepts the team (while the event has room), false declines it."
    )


class EventTeamResultIn(Schema):
    result: str = Field(max_length=300, description="Its result or award; empty takes it off.")


@router.post(
    "/events/{slug}/teams/{team_id}/decision",
    response=EventTeamOut,
    summary="Accept or decline a school's team (organisers)",
)
def decide_team(
    request: HttpRequest, slug: str, team_id: int, payload: EventTeamDecisionIn
) -> Team:
    """Accepting past the event's room for teams is refused with 400; deciding again the same
    way changes nothing."""
    event = _event(request, slug)
    team = teams.team_decide(
        actor=current_user(request), team=_team(request, event, team_id), accept=payload.accept
    )
    return teams.teams_of(event).get(pk=team.pk)


@router.put(
    "/events/{slug}/teams/{team_id}/result",
    response=EventTeamOut,
    summary="Record an accepted team's result or award (organisers)",
)
def team_result(request: HttpRequest, slug: str, team_id: int, payload: EventTeamResultIn) -> Team:
    """A team not accepted has no result: 400."""
    event = _event(request, slug)
    team = teams.team_result(
        actor=current_user(request), team=_team(request, event, team_id), result=payload.result
    )
    return teams.teams_of(event).get(pk=team.pk)


class EventFeedbackIn(Schema):
    rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=3000)


class EventFeedbackOut(Schema):
    rating: int
    comment: str
    updated_at: datetime


@router.get(
    "/events/{slug}/feedback",
    response=EventFeedbackOut,
    summary="My feedback on the event (404 before I give it)",
)
def my_feedback(request: HttpRequest, slug: str) -> Feedback:
    event = _event(request, slug)
    found = Feedback.objects.filter(event=event, user_id=current_user(request).pk).first()
    if found is None:
        raise Http404
    return found


@router.put(
    "/events/{slug}/feedback",
    response=EventFeedbackOut,
    summary="Give or change my feedback (those who attended)",
)
def give_feedback(request: HttpRequest, slug: str, payload: EventFeedbackIn) -> Feedback:
    event = _event(request, slug)
    return after.feedback_save(
        actor=current_user(request), event=event, rating=payload.rating, comment=payload.comment
    )
