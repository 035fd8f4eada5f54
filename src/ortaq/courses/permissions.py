"""Who may do what with courses, cohorts, enrolments, reflections, posts and reports."""

from typing import Any

import rules
from django.db.models import QuerySet

from ortaq.core.roles import (
    Role,
    holds,
    holds_anywhere,
    is_admin,
    object_ids_where,
    predicate,
    role_anywhere,
    role_over,
)
from ortaq.courses.choices import CourseStatus
from ortaq.courses.models import Cohort

# Trainers author a course: the ones given the course itself, or national trainers.
authors = role_over(Role.TRAINER, Role.ADMIN)
# Methodologists organise cohorts and enrol their region's teachers.
organisers = is_admin | role_anywhere(Role.COORDINATOR)
# Facilitators review the reflections of their cohort (or of the whole course), and so do the
# course's trainers; an enrolment's scope chain ends at its cohort.
REVIEWERS = (Role.FACILITATOR, Role.TRAINER, Role.ADMIN)
reviews_the_enrolment = role_over(*REVIEWERS)
moderates_the_course = role_over(Role.MODERATOR, Role.TRAINER, Role.ADMIN)


@predicate
def is_signed_in(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


@predicate
def course_is_published(user: Any, course: Any) -> bool:
    return course is not None and course.is_published


@predicate
def course_is_out(user: Any, course: Any) -> bool:
    """Published, or archived: an archived course stays readable for those who took it."""
    return course is not None and course.status != CourseStatus.DRAFT


@predicate
def holds_the_enrolment(user: Any, enrollment: Any) -> bool:
    return enrollment is not None and enrollment.user_id == user.pk


@predicate
def reviews_the_course(user: Any, course: Any) -> bool:
    """She reviews reflections of the whole course, or of a cohort of it."""
    if course is None:
        return False
    return (
        holds(user, REVIEWERS, course.scope_chain()) or facilitated_cohorts(user, course).exists()
    )


def facilitated_cohorts(user: Any, course: Any) -> QuerySet[Cohort]:
    """The cohorts of the course (in any of its languages) that she facilitates."""
    ids = object_ids_where(user, (Role.FACILITATOR,), "courses.cohort")
    return Cohort.objects.filter(pk__in=ids, course__group_id=course.group_id)


@predicate
def sees_some_report(user: Any, course: Any) -> bool:
    """Trainers see the whole course; methodologists their region or district (the report
    itself is narrowed); facilitators the cohorts of this course that they facilitate."""
    if course is None:
        return False
    if holds(user, (Role.TRAINER, Role.ADMIN), course.scope_chain()) or holds_anywhere(
        user, (Role.COORDINATOR,)
    ):
        return True
    return facilitated_cohorts(user, course).exists()


rules.add_perm("courses.add_course", is_admin | role_anywhere(Role.TRAINER))
rules.add_perm("courses.change_course", authors)
rules.add_perm("courses.view_course", course_is_out | authors)
rules.add_perm("courses.enroll", is_signed_in & course_is_published)
rules.add_perm("courses.manage_cohorts", organisers | authors)
rules.add_perm("courses.view_report", sees_some_report)
# The completions and certificates of a course: its trainers (who revoke, see certificates'
# own rule) and methodologists, who read those of their region or district.
rules.add_perm("courses.view_completions", organisers | authors)
rules.add_perm("courses.review_course", reviews_the_course)
rules.add_perm("courses.review_reflection", reviews_the_enrolment)
rules.add_perm("courses.take_part", holds_the_enrolment)
rules.add_perm("courses.moderate", moderates_the_course)
