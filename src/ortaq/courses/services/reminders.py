"""One e-mail to a teacher who has not progressed for the number of days her course sets: only
in a published course, to an active account, counted from the course's opening day for those
enrolled before it, and not once her cohort has ended."""

from datetime import datetime, timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ortaq.courses import notices
from ortaq.courses.choices import CourseStatus, EnrollmentStatus
from ortaq.courses.models import Course, Enrollment

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
