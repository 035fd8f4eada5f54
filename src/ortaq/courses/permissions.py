"""Who may do what with courses, cohorts, enrolments, reflections, posts and reports.

Who may open a course, who may change it, whose reflections one reviews and which enrolments
one reads in a report are each one rule: ``Course.objects.visible_to`` and ``authored_by``,
``Enrollment.objects.reviewed_by`` and ``report_scope_of`` (with ``Enrollment.objects
.in_report``) for every list, and here ``courses.view_course``, ``courses.change_course``,
``courses.review_reflection`` and ``courses.view_report`` for one object. A test holds each
pair together for every role on courses and enrolments in every state
(``tests/test_visibility.py``).
"""

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from ortaq.accounts.models import User
from ortaq.core.roles import (
    Role,
    holds,
    is_admin,
    object_ids_where,
    predicate,
    role_anywhere,
    role_over,
)
from ortaq.courses.choices import CourseStatus
from ortaq.courses.models import Cohort, Course, Enrollment
from ortaq.courses.models.content import AUTHORS, MODERATORS
from ortaq.courses.models.learning import REVIEWERS, report_scope_of

__all__ = ["REVIEWERS", "reviewed_cohorts"]

authors = role_over(*AUTHORS)
# Methodologists organise cohorts and enrol their region's teachers.
organisers = is_admin | role_anywhere(Role.COORDINATOR)
# An enrolment's scope chain ends at its cohort: a cohort's facilitator reviews its reflections.
reviews_the_enrolment = role_over(*REVIEWERS)
moderates_the_course = role_over(*MODERATORS)


@predicate
def is_signed_in(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


@predicate
def course_is_published(user: User | AnonymousUser, course: Course | None) -> bool:
    return course is not None and course.is_published


@predicate
def course_is_out(user: User | AnonymousUser, course: Course | None) -> bool:
    """Published, or archived: an archived course stays readable for those who took it."""
    return course is not None and course.status != CourseStatus.DRAFT


@predicate
def holds_the_enrolment(user: User | AnonymousUser, enrollment: Enrollment | None) -> bool:
    return enrollment is not None and enrollment.user_id == user.pk


def reviewed_cohorts(user: User | AnonymousUser, course: Course) -> QuerySet[Cohort]:
    """The cohorts of the course (in any of its languages) whose reflections she reviews, as
    their facilitator (or a trainer or administrator of the cohort itself)."""
    ids = object_ids_where(user, REVIEWERS, "courses.cohort")
    return Cohort.objects.filter(pk__in=ids, course__group_id=course.group_id)


@predicate
def reviews_the_course(user: User | AnonymousUser, course: Course | None) -> bool:
    """She reviews reflections of the whole course, or of a cohort of it."""
    if course is None:
        return False
    if holds(user, REVIEWERS, course.scope_chain()):
        return True
    # Without a reviewer's role on some cohort, no query (the course page asks every teacher).
    return bool(object_ids_where(user, REVIEWERS, "courses.cohort")) and (
        reviewed_cohorts(user, course).exists()
    )


@predicate
def sees_some_report(user: User | AnonymousUser, course: Course | None) -> bool:
    """Trainers see the whole course; methodologists their region or district (the report
    itself is narrowed); facilitators the cohorts of this course that they facilitate: whatever
    ``report_scope_of`` lets her see, if anything."""
    return course is not None and report_scope_of(user, course) is not None


rules.add_perm("courses.add_course", is_admin | role_anywhere(Role.TRAINER))
# Their SQL: ``Course.objects.authored_by`` and ``visible_to``.
rules.add_perm("courses.change_course", authors)
rules.add_perm("courses.view_course", course_is_out | authors)
rules.add_perm("courses.enroll", is_signed_in & course_is_published)
rules.add_perm("courses.manage_cohorts", organisers | authors)
rules.add_perm("courses.view_report", sees_some_report)
# The completions and certificates of a course: its trainers (who revoke, see certificates'
# own rule) and methodologists, who read those of their region or district (the same places as
# the report's, so the page never refuses whom the link was shown to).
rules.add_perm("courses.view_completions", (organisers | authors) & sees_some_report)
rules.add_perm("courses.review_course", reviews_the_course)
# Its SQL: ``Enrollment.objects.reviewed_by``.
rules.add_perm("courses.review_reflection", reviews_the_enrolment)
rules.add_perm("courses.take_part", holds_the_enrolment)
rules.add_perm("courses.moderate", moderates_the_course)
