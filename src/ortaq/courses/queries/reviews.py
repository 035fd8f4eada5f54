"""Reflections waiting for a reviewer, and a reflection's file for those who may read it."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ortaq.accounts.models import User
from ortaq.courses.choices import ReflectionStatus
from ortaq.courses.models import Course, ReflectionSubmission
from ortaq.courses.models.learning import reviewed_by_q


def reflections_to_review(
    *, course: Course, user: User | AnonymousUser
) -> QuerySet[ReflectionSubmission]:
    """The course's reflections waiting for her, oldest first: all of them for its trainers
    (and facilitators of the whole course), those of her cohorts for a cohort's facilitator
    (``Enrollment.objects.reviewed_by``)."""
    return (
        ReflectionSubmission.objects.filter(
            reviewed_by_q(user, via="enrollment__"),
            activity__module__course=course,
            status=ReflectionStatus.SUBMITTED,
        )
        .select_related("enrollment__user", "activity")
        .order_by("submitted_at")
    )


def reflection_with_file(
    *, course_id: int, submission_id: int, user: User | AnonymousUser
) -> ReflectionSubmission:
    """A reflection of the course that has a file, for its author and for those who review her;
    404 for anyone else (the page and the API alike)."""
    submission = get_object_or_404(
        ReflectionSubmission.objects.select_related("enrollment"),
        pk=submission_id,
        activity__module__course_id=course_id,
    )
    own = submission.enrollment.user_id == user.pk
    if not (own or user.has_perm("courses.review_reflection", submission.enrollment)):
        raise Http404
    if not submission.file.name:
        raise Http404
    return submission
