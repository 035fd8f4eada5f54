"""One e-mail to a teacher who has not progressed for the number of days her course sets: only
in a published course, to an active account, counted from the course's opening day for those
enrolled before it, and not once her cohort has ended."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.audit import audit_record
from ortaq.core.errors import NotAllowed
from ortaq.core.models import AuditAction
from ortaq.courses import notices
from ortaq.courses.choices import CourseStatus, EnrollmentStatus
from ortaq.courses.models import Course, Enrollment
from ortaq.courses.models.learning import report_scope_of
from ortaq.courses.queries.progress import DEFAULT_REMINDER_DAYS, ProgressFilter, progress_queryset

BATCH = 500


def reminders_send_due(*, now: datetime | None = None) -> int:
    """E-mail every active teacher whose course's reminder period has passed since her last
    progress (or enrolment), once per such stretch; return how many were sent.

    Progress clears the mark, so a teacher who comes back and stops again is reminded again;
    a teacher who completed or left the course is never reminded.
    """
    now = now or timezone.now()
    periods = (
        Course.objects.filter(reminder_days__isnull=False)
        .values_list("reminder_days", flat=True)
        .distinct()
    )
    return sum(_remind(days, now) for days in periods if days is not None)


def _remind(days: int, now: datetime) -> int:
    """Remind the teachers of the courses with this period who have been away that long."""
    away_since = now - timedelta(days=days)
    today = timezone.localdate(now)
    due = (
        Enrollment.objects.annotate(since=Coalesce("last_progress_at", "created_at"))
        .filter(
            status=EnrollmentStatus.ACTIVE,
            reminded_at__isnull=True,
            course__reminder_days=days,
            course__status=CourseStatus.PUBLISHED,  # not a course taken down or archived
            user__is_active=True,  # nor a deactivated or deleted account
            since__lte=away_since,
        )
        # Someone enrolled before the course opened is counted from its opening day.
        .filter(
            Q(last_progress_at__isnull=False)
            | Q(course__opens_on__isnull=True)
            | Q(course__opens_on__lte=timezone.localdate(away_since))
        )
        # A cohort that has ended reminds nobody.
        .exclude(cohort__ends_on__lt=today)
        .select_related("user", "course")
        .order_by("pk")
    )
    sent = 0
    for enrollment in due.iterator(chunk_size=BATCH):
        # Mark first, conditionally: two sweeps at once remind once.
        marked = Enrollment.objects.filter(
            pk=enrollment.pk, reminded_at__isnull=True, status=EnrollmentStatus.ACTIVE
        ).update(reminded_at=now)
        if marked:
            notices.reminder(enrollment).send()
            sent += 1
    return sent


@dataclass(slots=True)
class ChosenReminders:
    """What came of reminding the chosen teachers: how many were e-mailed, and how many were
    not because they were reminded within the course's period, or need no reminder (completed,
    or their account is closed)."""

    sent: int = 0
    recent: int = 0
    finished: int = 0
    days: int = 0


def reminder_days_of(course: Course) -> int:
    """How often a teacher of ``course`` may be reminded: its reminder period, or a week."""
    return course.reminder_days or DEFAULT_REMINDER_DAYS


def reminders_send_chosen(
    *,
    actor: User,
    course: Course,
    filters: ProgressFilter,
    enrollment_ids: Sequence[int] | None = None,
    now: datetime | None = None,
) -> ChosenReminders:
    """E-mail the reminder of ``course`` to the teachers ``actor`` looks after who match
    ``filters`` (and, when given, are among ``enrollment_ids``): one each, and never more often
    than the course's reminder period, so a second click the same day sends nothing more.

    Rows are marked under a lock before their e-mail goes, five hundred at a time; the act is
    recorded in the audit log with its counts. Refused (403) to anyone who may not see the
    course's progress.
    """
    scope = report_scope_of(actor, course)
    if scope is None:
        raise NotAllowed(_("You may not remind the teachers of this course."))
    now = now or timezone.now()
    days = reminder_days_of(course)
    cutoff = now - timedelta(days=days)
    rows = progress_queryset(course=course, scope=scope, filters=filters, now=now)
    if enrollment_ids is not None:
        rows = rows.filter(pk__in=list(enrollment_ids))
    result = ChosenReminders(days=days)
    ids = list(rows.order_by("pk").values_list("pk", "status", "user__is_active"))
    learning = [pk for pk, status, active in ids if status == EnrollmentStatus.ACTIVE and active]
    result.finished = len(ids) - len(learning)
    due_q = Q(reminded_at__isnull=True) | Q(reminded_at__lte=cutoff)
    for start in range(0, len(learning), BATCH):
        chunk = learning[start : start + BATCH]
        with transaction.atomic():
            due = list(
                Enrollment.objects.select_for_update(of=("self",))
                .filter(due_q, pk__in=chunk, status=EnrollmentStatus.ACTIVE)
                .values_list("pk", flat=True)
            )
            Enrollment.objects.filter(pk__in=due).update(reminded_at=now)
            for enrollment in Enrollment.objects.filter(pk__in=due).select_related(
                "user", "course"
            ):
                notices.reminder(enrollment).send()
        result.sent += len(due)
        result.recent += len(chunk) - len(due)
    audit_record(
        actor=actor,
        action=AuditAction.REMINDERS_SEND,
        target=course,
        label=course.title,
        sent=result.sent,
        skipped_recent=result.recent,
        skipped_finished=result.finished,
        days=days,
    )
    return result
