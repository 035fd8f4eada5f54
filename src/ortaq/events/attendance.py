"""Attendance, recorded apart from registration (issue 13, decision 0023): a QR code scanned at
the door, an organiser's tick, a video-conference participant report, or the personal join
link (``services.join_link_follow``, which records its own).

One ``Attendance`` row per event and person, whatever recorded it first: recording again
changes nothing (a report's later row only raises the minutes), so every way in is idempotent.
A report is read and checked whole first (``report_check``): every malformed row and unknown
e-mail is listed by its line, and nothing is written until the organiser confirms
(``report_confirm``), which writes only the valid rows the check signed.
"""

import io
from dataclasses import dataclass, field

import qrcode
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.csvimport import CsvSource, RowError, RowErrors, read_rows
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.links import absolute_url
from ortaq.events import permissions_attendance  # noqa: F401 - registers the rules used here
from ortaq.events.choices import AttendanceSource, RegistrationStatus
from ortaq.events.models import Attendance, Event, Registration

RECORD = "events.record_attendance"
# The columns of a participant report: Zoom's and Teams' names for them are read too.
NAME_COLUMNS = ("name", "name (original name)", "full name", "participant")
EMAIL_COLUMNS = ("email", "e-mail", "user email", "email address")
MINUTES_COLUMNS = ("minutes", "total duration (minutes)", "duration (minutes)", "duration")
# Other columns of Zoom's participant report, read and left aside.
OTHER_COLUMNS = ("join time", "leave time", "guest", "recording consent", "in waiting room")
REPORT_COLUMNS = (*NAME_COLUMNS, *EMAIL_COLUMNS, *MINUTES_COLUMNS, *OTHER_COLUMNS)
REPORT_MAX_ROWS = 20_000
# A confirmation may come this long after the check (seconds).
CONFIRM_MAX_AGE = 6 * 3600


def _check(actor: User | AnonymousUser, event: Event) -> None:
    if not actor.has_perm(RECORD, event):
        raise NotAllowed(_("You may not record attendance at this event."))


def checkin_path(registration: Registration) -> str:
    """The check-in page for her code: what her QR code opens on the organiser's phone."""
    path = reverse("events:checkin", args=[registration.event.slug])
    return f"{path}?code={registration.checkin_code}"


def checkin_url(registration: Registration) -> str:
    return absolute_url(checkin_path(registration))


def checkin_qr_png(registration: Registration) -> bytes:
    """Her QR code for the door as a PNG: it encodes ``checkin_url``."""
    code = qrcode.QRCode(border=2, box_size=8)
    code.add_data(checkin_url(registration))
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def normalise_code(value: str) -> str:
    """A check-in code as typed: any case, spaces and dashes left out."""
    return "".join(ch for ch in value.upper() if ch.isalnum())


# --- The QR code at the door ---------------------------------------------------------------


@dataclass(frozen=True)
class CheckIn:
    """A check-in: her registration, her attendance, and whether she had checked in already
    (then ``attendance.recorded_at`` says when)."""

    registration: Registration
    attendance: Attendance
    already: bool


def registration_by_code(*, event: Event, code: str) -> Registration:
    """The registration for ``event`` with this check-in code; a clear refusal for a code that
    is no one's, or another event's, or a registration that holds no seat."""
    code = normalise_code(code)
    registration = (
        Registration.objects.select_related("user", "event").filter(checkin_code=code).first()
        if code
        else None
    )
    if registration is None:
        raise DomainError(_("No registration has this code."), code="unknown_code")
    if registration.event_id != event.pk:
        raise DomainError(
            _("This code is for another event: “%(title)s”. It is not valid here.")
            % {"title": registration.event.title},
            code="other_event",
        )
    if registration.status != RegistrationStatus.REGISTERED:
        raise DomainError(
            _("%(name)s is not registered for this event (%(status)s).")
            % {"name": registration.user, "status": registration.get_status_display()},
            code="not_registered",
        )
    return registration


def checkin(*, actor: User, event: Event, code: str) -> CheckIn:
    """Check in the person whose QR code (or typed code) this is. A second scan records nothing
    and says when she checked in (``CheckIn.already``)."""
    _check(actor, event)
    registration = registration_by_code(event=event, code=code)
    attendance, created = Attendance.objects.get_or_create(
        event=event,
        user_id=registration.user_id,
        defaults={"source": AttendanceSource.QR, "recorded_by": actor},
    )
    return CheckIn(registration, attendance, already=not created)


def already_message(check: CheckIn) -> str:
    when = timezone.localtime(check.attendance.recorded_at).strftime("%H:%M")
    return _("%(name)s is already checked in at %(time)s.") % {
        "name": check.registration.user,
        "time": when,
    }


# --- The organiser's tick list -------------------------------------------------------------


def tick_list(event: Event) -> QuerySet[Registration]:
    """Everyone registered (holding a seat), by name, each with ``attended_at`` and
    ``attended_by`` (the source) when she attended: one query."""
    attendance = Attendance.objects.filter(event=event, user_id=OuterRef("user_id"))
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED)
        .select_related("user")
        .annotate(
            attended_at=Subquery(attendance.values("recorded_at")[:1]),
            attended_source=Subquery(attendance.values("source")[:1]),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


@transaction.atomic
def tick(*, actor: User, event: Event, present: set[int], shown: set[int]) -> tuple[int, int]:
    """Save the tick list: of the registrations ``shown`` on it, those in ``present`` attended
    (a tick records it, if nothing has yet); a tick taken off removes only an attendance that a
    tick recorded (a QR scan, a report or the join link stay). Returns (ticked, unticked)."""
    _check(actor, event)
    users = dict(
        Registration.objects.filter(
            event=event, pk__in=shown, status=RegistrationStatus.REGISTERED
        ).values_list("pk", "user_id")
    )
    ticked_users = {users[pk] for pk in present if pk in users}
    unticked_users = set(users.values()) - ticked_users
    existing = set(
        Attendance.objects.filter(event=event, user_id__in=ticked_users).values_list(
            "user_id", flat=True
        )
    )
    new = [
        Attendance(event=event, user_id=uid, source=AttendanceSource.TICK, recorded_by=actor)
        for uid in sorted(ticked_users - existing)
    ]
    Attendance.objects.bulk_create(new, ignore_conflicts=True)
    removed, _detail = Attendance.objects.filter(
        event=event, user_id__in=unticked_users, source=AttendanceSource.TICK
    ).delete()
    return len(new), removed


# --- The video-conference participant report -----------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    line: int
    user_id: int
    name: str
    email: str
    minutes: int


@dataclass
class ReportCheck:
    """What a participant report would record: the rows at or over the threshold (one per
    person, her rows' minutes added: a report lists each time she joined), those under it, and
    every problem by line. ``token`` carries the valid rows, signed, to ``report_confirm``."""

    threshold: int
    attended: list[ReportRow] = field(default_factory=list)
    under: list[ReportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    token: str = ""


def _first(cells: dict[str, str], names: tuple[str, ...]) -> str:
    for name in names:
        if cells.get(name, "").strip():
            return cells[name].strip()
    return ""


def _minutes(value: str) -> int | None:
    value = value.replace(",", ".").strip()
    try:
        number = float(value)
    except ValueError:
        return None
    if number < 0 or number > 60 * 24 * 14:
        return None
    return round(number)


def report_check(*, actor: User, event: Event, data: CsvSource) -> ReportCheck:
    """Read and check a participant report (name, e-mail, minutes present), writing nothing.

    A row is malformed without an e-mail or a readable number of minutes; its e-mail is unknown
    when no account has it. A person present for the event's ``attendance_minutes`` or more
    (her rows added) attended."""
    _check(actor, event)
    threshold = event.attendance_minutes
    errors = RowErrors()
    rows = read_rows(
        data, columns=REPORT_COLUMNS, required=(), max_rows=REPORT_MAX_ROWS, errors=errors
    )
    header = set(rows.columns)
    if not header & set(EMAIL_COLUMNS) or not header & set(MINUTES_COLUMNS):
        raise DomainError(
            _("The report needs the columns “email” and “minutes” (and “name”)."),
            code="columns",
        )
    read: list[tuple[int, str, str, int]] = []
    for row in rows:
        email = _first(row.cells, EMAIL_COLUMNS)
        name = _first(row.cells, NAME_COLUMNS)
        raw_minutes = _first(row.cells, MINUTES_COLUMNS)
        minutes = _minutes(raw_minutes)
        if not email or "@" not in email:
            errors.add(row.line, "email", _("No e-mail address."))
            continue
        if minutes is None:
            errors.add(
                row.line,
                "minutes",
                _("“%(value)s” is not a number of minutes.") % {"value": raw_minutes},
            )
            continue
        read.append((row.line, name, email, minutes))
    known = dict(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in={email.lower() for _l, _n, email, _m in read})
        .values_list("address", "pk")
    )
    people: dict[int, ReportRow] = {}
    for line, name, email, minutes in read:
        user_id = known.get(email.lower())
        if user_id is None:
            errors.add(
                line, "email", _("No one has the e-mail address %(email)s.") % {"email": email}
            )
            continue
        before = people.get(user_id)
        total = minutes + (before.minutes if before else 0)
        people[user_id] = ReportRow(before.line if before else line, user_id, name, email, total)
    check = ReportCheck(
        threshold=threshold, errors=sorted(errors.errors, key=lambda e: (e.line, e.column))
    )
    for person in sorted(people.values(), key=lambda r: r.line):
        (check.attended if person.minutes >= threshold else check.under).append(person)
    if check.attended:
        check.token = signing.dumps(
            {"event": event.pk, "rows": [[r.user_id, r.minutes] for r in check.attended]},
            salt="events.attendance.report",
            compress=True,
        )
    return check


@transaction.atomic
def report_confirm(*, actor: User, event: Event, token: str) -> tuple[int, int]:
    """Record the attendance a checked report signed: a new row for each person not yet
    recorded, and her minutes raised where a record has fewer. Confirming the same report again
    changes nothing. Returns (recorded, updated)."""
    _check(actor, event)
    try:
        payload = signing.loads(token, salt="events.attendance.report", max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as exc:
        raise DomainError(
            _("This confirmation has expired or is not valid: check the report again."),
            code="token",
        ) from exc
    if payload.get("event") != event.pk:
        raise DomainError(_("This confirmation is for another event."), code="other_event")
    minutes = {int(uid): int(m) for uid, m in payload["rows"]}
    existing = {a.user_id: a for a in Attendance.objects.filter(event=event, user_id__in=minutes)}
    new = [
        Attendance(
            event=event,
            user_id=uid,
            source=AttendanceSource.IMPORT,
            minutes=m,
            recorded_by=actor,
        )
        for uid, m in minutes.items()
        if uid not in existing
    ]
    Attendance.objects.bulk_create(new, ignore_conflicts=True)
    raised = [a for uid, a in existing.items() if (a.minutes or 0) < minutes[uid]]
    for attendance in raised:
        attendance.minutes = minutes[attendance.user_id]
    Attendance.objects.bulk_update(raised, ["minutes"])
    return len(new), len(raised)


def attended_count(event: Event) -> int:
    return Attendance.objects.filter(event=event).count()


def attendance_list(event: Event) -> QuerySet[Attendance]:
    """Everyone recorded as attending, with her account: one query."""
    return Attendance.objects.filter(event=event).select_related("user").order_by("pk")
