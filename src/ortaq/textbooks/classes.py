"""A teacher's class sessions: she opens one for a published lesson, reads its code out, and
her pupils' pages send, per task, whether their first answer was right (decision 0025).

Nothing here names a pupil. An answer comes with a random receipt made by the pupil's page;
in one transaction the receipt is inserted (``ON CONFLICT DO NOTHING``: a receipt sent twice,
or twice at once, is counted once) and, only if it was new, the task's ``Tally`` row is
incremented with ``F()`` (the row is made first if missing, ignoring a concurrent maker).
"""

import base64
import io
import uuid
from dataclasses import dataclass
from datetime import timedelta

import qrcode
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.visibility import is_signed_in
from ortaq.textbooks.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    ClassSession,
    Exercise,
    Lesson,
    Receipt,
    Tally,
    new_class_code,
)

MAX_HOURS = 12
CODE_ATTEMPTS = 20


def normalise_code(value: str) -> str:
    """A class code as a pupil typed it: any case, spaces and dashes left out."""
    return "".join(ch for ch in str(value).upper() if ch.isalnum())[: CODE_LENGTH * 2]


def class_session_open(*, actor: User, lesson: Lesson, label: str, hours: int) -> ClassSession:
    """Open a class session of ``lesson``'s published version for ``actor``'s class, closing by
    itself after ``hours``. A code taken by another session is drawn again."""
    if not is_signed_in(actor):
        raise NotAllowed(_("Sign in to open a class session."))
    resource = lesson.resource
    if resource is None or resource.current_id is None:
        raise DomainError(_("This lesson is not published yet."))
    if not 1 <= hours <= MAX_HOURS:
        raise DomainError(
            _("A class session lasts from 1 to %(hours)s hours.") % {"hours": MAX_HOURS}
        )
    now = timezone.now()
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return ClassSession.objects.create(
                    lesson=lesson,
                    version_id=resource.current_id,
                    teacher=actor,
                    code=new_class_code(),
                    label=label.strip()[:40],
                    opened_at=now,
                    closes_at=now + timedelta(hours=hours),
                )
        except IntegrityError:
            continue
    raise DomainError(_("No free class code was found: try again."))


@transaction.atomic
def class_session_close(*, actor: User, session: ClassSession) -> ClassSession:
    """Close the session now; closing a closed one changes nothing."""
    if session.teacher_id != actor.pk:
        raise NotAllowed(_("Only the teacher who opened the session may close it."))
    if session.closed_at is None:
        session.closed_at = timezone.now()
        session.save(update_fields=["closed_at"])
    return session


def session_for_teacher(*, code: str, user: User | AnonymousUser) -> ClassSession:
    """Her own session by its code; 404 for anyone else."""
    session = (
        ClassSession.objects.filter(code=normalise_code(code), teacher_id=user.pk)
        .select_related("lesson__unit__textbook", "version")
        .first()
        if is_signed_in(user)
        else None
    )
    if session is None:
        raise Http404
    return session


def open_session_by_code(code: str, *, with_lesson: bool = True) -> ClassSession:
    """The open session a pupil's code names (with its lesson's place unless told not to), or
    a translated refusal."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise DomainError(_("A class code has six letters and digits, as your teacher wrote it."))
    sessions = ClassSession.objects.filter(code=code)
    if with_lesson:
        sessions = sessions.select_related("lesson__unit__textbook")
    session = sessions.first()
    if session is None:
        raise DomainError(
            _("There is no class session with this code. Check it with your teacher.")
        )
    if not session.is_open:
        raise DomainError(_("This class session is closed. Ask your teacher for a new code."))
    return session


# --- Counting answers ------------------------------------------------------------------------


def _allowed(session_id: int, address: str) -> bool:
    """At most ``ORTAQ_TEXTBOOK_ANSWER_RATE`` answers a minute to one session from one address
    (a whole class behind its school's one address sends a few hundred in a lesson)."""
    limit: int = settings.ORTAQ_TEXTBOOK_ANSWER_RATE
    if not limit:
        return True
    key = f"textbook-answers:{session_id}:{address}:{int(timezone.now().timestamp() // 60)}"
    # One round trip to the cache for all but a window's first answer.
    try:
        count = cache.incr(key)
    except ValueError:
        # The window's first answer, unless another process made its counter meanwhile.
        count = 1 if cache.add(key, 1, timeout=60) else cache.incr(key)
    return bool(count <= limit)


def _insert_receipt(session_id: int, nonce: uuid.UUID) -> bool:
    """Insert the receipt unless it is there; True if this call inserted it."""
    table = Receipt._meta.db_table
    value = Receipt._meta.get_field("nonce").get_db_prep_value(nonce, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (session_id, nonce) VALUES (%s, %s) "  # noqa: S608 - our table
            "ON CONFLICT (session_id, nonce) DO NOTHING RETURNING id",
            [session_id, value],
        )
        return cursor.fetchone() is not None


def answer_count(
    *, code: str, exercise_id: int, right: bool, receipt: str, address: str = ""
) -> bool:
    """Count one pupil's first answer to a task of an open session's lesson; True if counted,
    False if its receipt was counted before. Raises ``DomainError`` for a closed or unknown
    session, a task of another lesson, a receipt that is not a UUID, or too many answers."""
    try:
        nonce = uuid.UUID(str(receipt))
    except ValueError as exc:
        raise DomainError(_("The answer's receipt is not valid.")) from exc
    session = open_session_by_code(code, with_lesson=False)
    if not Exercise.objects.filter(pk=exercise_id, version_id=session.version_id).exists():
        raise DomainError(_("This task is not in the lesson of this class session."))
    if address and not _allowed(session.pk, address):
        raise DomainError(_("Too many answers at once: wait a minute."), code="throttled")
    tally = Tally.objects.filter(session_id=session.pk, exercise_id=exercise_id)
    increments = {"answered": F("answered") + 1, "right": F("right") + (1 if right else 0)}
    with transaction.atomic():
        if not _insert_receipt(session.pk, nonce):
            return False
        if not tally.update(**increments):
            # The task's first answer: make its row (or find that a concurrent first answer
            # made it: the insert waits for that one's transaction), then count.
            Tally.objects.bulk_create(
                [Tally(session_id=session.pk, exercise_id=exercise_id)], ignore_conflicts=True
            )
            tally.update(**increments)
    return True


# --- The teacher's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class TaskTotal:
    number: int
    exercise: Exercise
    answered: int
    right: int

    @property
    def rate(self) -> int | None:
        """The share of right first answers, in whole percent; None before any."""
        return round(100 * self.right / self.answered) if self.answered else None


def session_totals(session: ClassSession) -> list[TaskTotal]:
    """Per task of the session's lesson version, in order: first answers and right ones (two
    queries)."""
    tallies = {t.exercise_id: t for t in Tally.objects.filter(session=session)}
    exercises = Exercise.objects.filter(version_id=session.version_id).order_by("position")
    return [
        TaskTotal(
            number=n,
            exercise=exercise,
            answered=tallies[exercise.pk].answered if exercise.pk in tallies else 0,
            right=tallies[exercise.pk].right if exercise.pk in tallies else 0,
        )
        for n, exercise in enumerate(exercises, 1)
    ]


def qr_data_url(url: str) -> str:
    """The QR code of ``url`` as a PNG ``data:`` URL (the page's CSP allows ``data:`` images)."""
    code = qrcode.QRCode(border=2, box_size=6)
    code.add_data(url)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
