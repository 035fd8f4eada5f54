"""One e-mail to a teacher who has not progressed for the number of days her course sets."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortaq.courses.choices import EnrollmentStatus
from ortaq.courses.models import Enrollment

BATCH = 500


def reminders_send_due(*, now: datetime | None = None) -> int:
    """E-mail every active teacher whose course's reminder period has passed since her last
    progress (or enrolment), once per such stretch; return how many were sent.

    Progress clears the mark, so a teacher who comes back and stops again is reminded again;
    a teacher who completed or left the course is never reminded.
    """
    now = now or timezone.now()
    due = (
        Enrollment.objects.filter(
            status=EnrollmentStatus.ACTIVE,
            reminded_at__isnull=True,
            course__reminder_days__isnull=False,
        )
        .annotate(since=Coalesce("last_progress_at", "created_at"))
        .select_related("user", "course", "last_activity")
        .order_by("pk")
    )
    sent = 0
    for enrollment in due.iterator(chunk_size=BATCH):
        days = enrollment.course.reminder_days or 0
        if enrollment.since + timedelta(days=days) > now:
            continue
        # Mark first, conditionally: two sweeps at once remind once.
        marked = Enrollment.objects.filter(
            pk=enrollment.pk, reminded_at__isnull=True, status=EnrollmentStatus.ACTIVE
        ).update(reminded_at=now)
        if marked:
            _send(enrollment)
            sent += 1
    return sent


def _send(enrollment: Enrollment) -> None:
    user = enrollment.user
    with translation.override(user.language):
        path = reverse("courses:course", kwargs={"course_id": enrollment.course_id})
        base: str = settings.ORTAQ_BASE_URL
        subject = _("Your course is waiting for you")
        body = render_to_string(
            "courses/email/reminder.txt",
            {"enrollment": enrollment, "user": user, "url": base.rstrip("/") + path},
        )
    EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()
