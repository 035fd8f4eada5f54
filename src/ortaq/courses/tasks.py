"""Background work of the courses app: offline packs, reminders, and the e-mails that tell
reviewers and teachers about work waiting and courses completed."""

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.tasks import task
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.accounts.queries import holders_of
from ortaq.core.mail import send_once
from ortaq.core.roles import Role
from ortaq.courses import notices
from ortaq.courses.choices import EnrollmentStatus, ReflectionStatus
from ortaq.courses.models import (
    Course,
    Enrollment,
    OfflinePack,
    ReflectionSubmission,
    TallyChange,
)
from ortaq.courses.queries.progress import filters_from_data
from ortaq.courses.services import (
    pack_build,
    pack_failed,
    reminders_send_chosen,
    reminders_send_due,
)
from ortaq.courses.services.tallies import tallies_refresh

logger = logging.getLogger(__name__)
REMINDER_SWEEP = timedelta(hours=1)
TALLY_SWEEP = timedelta(minutes=1)


@task()
def build_pack(pack_id: int) -> int:
    """Build an offline pack; mark it failed (to be asked for again) if anything goes wrong."""
    pack = OfflinePack.objects.select_related("course", "module").get(pk=pack_id)
    try:
        pack_build(pack=pack)
    except Exception as exc:
        logger.exception("offline pack %s failed", pack_id)
        pack_failed(pack=pack, error=exc)
        raise
    return pack.size


@task()
def refresh_tallies(group_id: int) -> int:
    """Recount the schools whose figures changed in a group of courses (see services.tallies)."""
    return tallies_refresh(group_id=group_id)


@task()
def refresh_all_tallies(reschedule: bool = True) -> int:
    """Recount every group with changes still waiting, then come back in a minute: a change
    that committed while its group's refresh was running is counted here at the latest."""
    try:
        groups = TallyChange.objects.values_list("group_id", flat=True).distinct()
        return sum(tallies_refresh(group_id=group_id) for group_id in list(groups))
    finally:
        if reschedule and refresh_all_tallies.get_backend().supports_defer:
            refresh_all_tallies.using(run_after=timezone.now() + TALLY_SWEEP).enqueue()


@task()
def send_reminders(reschedule: bool = True) -> int:
    """Send the reminders that are due, then come back in an hour.

    ``ortaq worker`` queues the first sweep when it starts; each sweep queues the next, so the
    reminders need no cron.
    """
    try:
        return reminders_send_due()
    finally:
        # A failed sweep (the mail server down) must not stop the ones after it.
        if reschedule and send_reminders.get_backend().supports_defer:
            send_reminders.using(run_after=timezone.now() + REMINDER_SWEEP).enqueue()


def _active(people: Iterable[User], *, but: int | None = None) -> list[User]:
    return [p for p in people if p.is_active and p.pk != but]


@task(queue_name="email")
def tell_reviewers(submission_id: int) -> int:
    """Tell the facilitators of her cohort that a reflection waits for their review.

    Without a cohort (or a cohort without facilitators) the course's own facilitators are told,
    and failing those its trainers, who review too: a reflection never waits unseen.
    """
    submission = (
        ReflectionSubmission.objects.select_related(
            "enrollment__user", "enrollment__cohort", "activity__module__course"
        )
        .filter(pk=submission_id, status=ReflectionStatus.SUBMITTED)
        .first()
    )
    if submission is None:  # reviewed (or deleted) before the task ran
        return 0
    enrollment, course = submission.enrollment, submission.activity.module.course
    author = enrollment.user_id
    people: list[User] = []
    if enrollment.cohort is not None:
        people = _active(holders_of(role=Role.FACILITATOR, target=enrollment.cohort), but=author)
    for role in (Role.FACILITATOR, Role.TRAINER):
        people = people or _active(holders_of(role=role, target=course), but=author)
    for person in people:
        notices.reflection_waiting(person, submission).send()
    return len(people)


@task(queue_name="email")
def tell_completed(enrollment_id: int) -> bool:
    """Tell the teacher, in her language, that she has completed the course."""
    enrollment = (
        Enrollment.objects.select_related("user", "course")
        .filter(pk=enrollment_id, status=EnrollmentStatus.COMPLETED)
        .first()
    )
    if enrollment is None or not enrollment.user.is_active:
        return False
    # Once per completion (a completion revoked and earned again is told again).
    key = f"course-completed:{enrollment.pk}:{enrollment.completed_at}"
    return send_once(key, notices.completed(enrollment))


@task(queue_name="email")
def tell_returned(submission_id: int) -> bool:
    """Tell the teacher, in her language, that her reflection came back for changes."""
    submission = (
        ReflectionSubmission.objects.select_related("enrollment__user", "activity__module__course")
        .filter(pk=submission_id, status=ReflectionStatus.RETURNED)
        .first()
    )
    if submission is None or not submission.enrollment.user.is_active:
        return False
    # Once per review (returned again after another try, she is told again).
    key = f"reflection-returned:{submission.pk}:{submission.reviewed_at}"
    return send_once(key, notices.reflection_returned(submission))


@task()
def remind_matching(actor_id: int, course_id: int, filters: dict[str, Any]) -> int:
    """Remind every teacher who matches a progress filter (``filters_to_data``), for a list too
    long to remind while the page waits; return how many were e-mailed."""
    actor = User.objects.get(pk=actor_id)
    course = Course.objects.get(pk=course_id)
    return reminders_send_chosen(
        actor=actor, course=course, filters=filters_from_data(filters)
    ).sent
