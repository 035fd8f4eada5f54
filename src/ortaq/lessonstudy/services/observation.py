"""Store the notes observers write during a research lesson, each exactly once.

An observer's phone keeps each note with an id it made itself (``client_id``) and the time she
wrote it, and sends what it holds whenever it is online, perhaps more than once after a dropped
connection: a batch may hold notes already stored. ``notes_record`` checks every note of the
batch first (its case pupil and stage are this lesson's, its text and time make sense) and
stores nothing if one is wrong; then it writes the rest in one ``INSERT … ON CONFLICT DO
NOTHING RETURNING``, so that the database, not a read before the write, says which notes are
new: two copies of a batch sent at the same moment store each note once, and each answer says
truly which notes it stored.
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.lessonstudy.choices import ReportStatus
from ortaq.lessonstudy.models import CasePupil, Note, PlanStage, Report, ResearchLesson

# A note is a few lines typed on a phone during a lesson; longer text is a report, not a note.
MAX_NOTE_LENGTH = 2_000
# A 45-minute lesson watched through four case pupils makes a few dozen notes per observer: a
# thousand is far beyond one lesson, and bounds what one request may ask the database to write.
MAX_BATCH = 1_000
# A phone's clock may run a little fast; a note "written" later than this is a wrong clock.
CLOCK_AHEAD = datetime.timedelta(hours=1)
# Notes may be written from the day before the lesson's planned day (a lesson moved earlier by
# a day, a clock set to the wrong day), never before.
DAYS_BEFORE = 1
# Rows per INSERT: eight values each, well under SQLite's and PostgreSQL's parameter limits.
INSERT_CHUNK = 500
# The columns of a note that ``notes_record`` writes, in this order.
INSERTED = ("lesson", "stage", "pupil", "observer", "client_id", "text", "written_at", "created_at")


@dataclass(frozen=True)
class NoteIn:
    """A note as a device sends it: its own id, the case pupil and stage it is about, the text,
    and when the observer wrote it (an aware datetime)."""

    client_id: uuid.UUID
    pupil_id: int
    stage_id: int
    text: str
    written_at: datetime.datetime


@dataclass
class Recorded:
    """What a batch did: the ids of the notes it stored, and of those already stored before
    (sent again after a dropped connection), each in the order the batch gave them."""

    created: list[uuid.UUID] = field(default_factory=list)
    existing: list[uuid.UUID] = field(default_factory=list)


def report_published(lesson: ResearchLesson) -> bool:
    """Whether the lesson's cycle has published its report (read once per lesson object:
    ``lesson_get_for_user`` reads the report with the lesson)."""
    cached = lesson.__dict__.get("_report_published")
    if cached is None:
        cached = Report.objects.filter(
            cycle_id=lesson.cycle_id, status=ReportStatus.PUBLISHED
        ).exists()
        lesson.__dict__["_report_published"] = cached
    return bool(cached)


def may_observe(user: User, lesson: ResearchLesson) -> bool:
    """Whether she may write notes on ``lesson`` now: she works on its cycle and its report is
    not published."""
    return user.has_perm("lessonstudy.contribute", lesson) and not report_published(lesson)


def _earliest(lesson: ResearchLesson) -> datetime.datetime:
    day = lesson.taught_on or timezone.localdate(lesson.created_at)
    start = datetime.datetime.combine(day - datetime.timedelta(days=DAYS_BEFORE), datetime.time())
    return timezone.make_aware(start)


def _problem(
    note: NoteIn,
    *,
    pupils: set[int],
    stages: set[int],
    earliest: datetime.datetime,
    latest: datetime.datetime,
) -> str | None:
    """What is wrong with one note, or None."""
    if note.pupil_id not in pupils:
        return _("its case pupil is not one of this cycle's")
    if note.stage_id not in stages:
        return _("its stage is not one of this lesson's plan")
    if not note.text.strip():
        return _("it is empty")
    if len(note.text) > MAX_NOTE_LENGTH:
        return _("it is longer than %(limit)s characters") % {"limit": MAX_NOTE_LENGTH}
    if note.written_at.tzinfo is None:
        return _("its time has no time zone")
    if note.written_at > latest:
        return _("its time is in the future: check the clock of your device")
    if note.written_at < earliest:
        return _("its time is before the lesson's day: check the clock of your device")
    return None


def _check(lesson: ResearchLesson, notes: Sequence[NoteIn]) -> None:
    """Refuse the batch, naming the first wrong note, unless every note is right."""
    if len(notes) > MAX_BATCH:
        raise DomainError(
            ngettext(
                "Send at most %(limit)s note at a time.",
                "Send at most %(limit)s notes at a time.",
                MAX_BATCH,
            )
            % {"limit": MAX_BATCH},
            code="too_many",
        )
    pupils = set(CasePupil.objects.filter(cycle_id=lesson.cycle_id).values_list("pk", flat=True))
    stages = set(PlanStage.objects.filter(lesson=lesson).values_list("pk", flat=True))
    earliest, latest = _earliest(lesson), timezone.now() + CLOCK_AHEAD
    for number, note in enumerate(notes, start=1):
        problem = _problem(note, pupils=pupils, stages=stages, earliest=earliest, latest=latest)
        if problem is not None:
            raise DomainError(
                _("Note %(number)s of %(count)s is refused: %(problem)s. No note was stored.")
                % {"number": number, "count": len(notes), "problem": problem},
                code="note",
            )


def _fields() -> list[models.Field[Any, Any]]:
    found = [Note._meta.get_field(name) for name in INSERTED]
    return [f for f in found if isinstance(f, models.Field)]


def _insert(actor: User, lesson: ResearchLesson, notes: list[NoteIn]) -> set[uuid.UUID]:
    """Insert the notes that are not stored yet; return the ids of those this call stored."""
    fields = _fields()
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    row_placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {connection.ops.quote_name(Note._meta.db_table)} ({columns}) "  # noqa: S608
        "VALUES {rows} ON CONFLICT (observer_id, client_id) DO NOTHING RETURNING client_id"
    )
    client_id = Note._meta.get_field("client_id")
    assert isinstance(client_id, models.UUIDField)  # noqa: S101 - the model says so
    now = timezone.now()
    created: set[uuid.UUID] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(notes), INSERT_CHUNK):
            chunk = notes[start : start + INSERT_CHUNK]
            values = [
                field.get_db_prep_save(value, connection)
                for n in chunk
                for field, value in zip(
                    fields,
                    (lesson.pk, n.stage_id, n.pupil_id, actor.pk, n.client_id, n.text)
                    + (n.written_at, now),
                    strict=True,
                )
            ]
            cursor.execute(sql.format(rows=", ".join([row_placeholder] * len(chunk))), values)
            # PostgreSQL answers UUIDs, SQLite their hex: the field reads either.
            created.update(client_id.to_python(value) for (value,) in cursor.fetchall())
    return created


@transaction.atomic
def notes_record(*, actor: User, lesson: ResearchLesson, notes: Sequence[NoteIn]) -> Recorded:
    """Store a batch of the actor's observation notes on ``lesson``, each exactly once.

    She must work on the lesson's cycle (``lessonstudy.contribute``) and its report must not be
    published. Every note is checked before any is written: one whose case pupil or stage is of
    another cycle or lesson, an empty or overlong one, one written in the future or before the
    lesson's day refuses the whole batch (``DomainError`` naming it). A note whose id she has
    already sent is not stored again: the answer lists it as ``existing``. The same id twice in
    one batch counts once.
    """
    if not actor.has_perm("lessonstudy.contribute", lesson):
        raise NotAllowed(_("Only the group's members and its knowledgeable other write notes."))
    if report_published(lesson):
        raise DomainError(
            _("The cycle's report is published: its observation notes can no longer change."),
            code="published",
        )
    _check(lesson, notes)
    first: dict[uuid.UUID, NoteIn] = {}
    for note in notes:
        first.setdefault(note.client_id, note)
    unique = list(first.values())
    created = _insert(actor, lesson, unique) if unique else set()
    return Recorded(
        created=[n.client_id for n in unique if n.client_id in created],
        existing=[n.client_id for n in unique if n.client_id not in created],
    )
