"""Reflections waiting for a reviewer."""

from typing import Any

from django.db.models import QuerySet

from ortaq.core.roles import holds
from ortaq.courses.choices import ReflectionStatus
from ortaq.courses.models import Course, ReflectionSubmission
from ortaq.courses.permissions import REVIEWERS, facilitated_cohorts


def reflections_to_review(*, course: Course, user: Any) -> QuerySet[ReflectionSubmission]:
    """The course's reflections waiting for her, oldest first: all of them for its trainers
    (and facilitators of the whole course), those of her cohorts for a cohort's facilitator."""
    waiting = (
        ReflectionSubmission.objects.filter(
            activity__module__course=course, status=ReflectionStatus.SUBMITTED
        )
        .select_related("enrollment__user", "activity")
        .order_by("submitted_at")
    )
    if holds(user, REVIEWERS, course.scope_chain()):
        return waiting
    return waiting.filter(enrollment__cohort__in=facilitated_cohorts(user, course))
