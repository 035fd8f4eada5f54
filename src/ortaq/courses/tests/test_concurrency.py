"""The same step taken twice at the same moment, with real transactions on PostgreSQL."""

import pytest

from ortaq.certificates.models import Certificate
from ortaq.core.errors import DomainError
from ortaq.courses.choices import ActivityKind, EnrollmentStatus
from ortaq.courses.models import ActivityCompletion, Enrollment
from ortaq.courses.services import (
    Criteria,
    activity_complete,
    activity_open,
    enrol_by_criteria,
    quiz_start,
    quiz_submit,
)
from ortaq.testing.factories import enrol, make_course, make_user
from ortaq.testing.utils import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_completions_of_the_last_activity_give_one_completion_and_one_certificate(
    reference_data: None,
) -> None:
    built = make_course(kinds=(ActivityKind.PAGE, ActivityKind.VIDEO))
    teacher = make_user()
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.first(ActivityKind.PAGE))
    video = built.first(ActivityKind.VIDEO)
    results = at_once(lambda: activity_complete(actor=teacher, activity=video), times=4)
    assert sorted(results) == [False, False, False, True]  # exactly one completed the course
    assert ActivityCompletion.objects.filter(activity=video).count() == 1
    assert Enrollment.objects.get(user=teacher).status == EnrollmentStatus.COMPLETED
    assert Certificate.objects.filter(holder=teacher).count() == 1


def test_one_attempt_submitted_twice_at_once_is_marked_once(reference_data: None) -> None:
    built = make_course(kinds=(ActivityKind.QUIZ, ActivityKind.PAGE))
    teacher = make_user()
    enrol(teacher, built.course)
    attempt = quiz_start(actor=teacher, activity=built.first(ActivityKind.QUIZ))
    results = at_once(lambda: quiz_submit(actor=teacher, attempt=attempt, answers={}))
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 1 and refused[0].code == "already_submitted"
    assert attempt.answers.count() == 2


def test_a_region_enrolled_twice_at_once_is_enrolled_once(people: dict) -> None:
    built = make_course()
    results = at_once(
        lambda: enrol_by_criteria(
            actor=people["coordinator"], course=built.course, cohort=None,
            criteria=Criteria(region=people["region"]),
        )
    )  # fmt: skip
    assert not [r for r in results if isinstance(r, Exception)]
    assert Enrollment.objects.filter(course=built.course).count() == 1


def test_one_teachers_locked_enrolment_holds_up_no_other_teacher_and_no_trainer(
    reference_data: None,
) -> None:
    """A teacher's step locks her enrolment row only: not the course, not her account. Another
    teacher's progress and the trainer's edit must need no lock she holds (PostgreSQL's
    lock_timeout turns any wait for one into an error instead of a slow answer)."""
    import threading

    from django.db import connection, transaction

    from ortaq.courses.services import CourseFields, course_update
    from ortaq.courses.services.progress import locked_enrollment

    built = make_course(kinds=(ActivityKind.PAGE, ActivityKind.PAGE))
    first, second = make_user(), make_user()
    for teacher in (first, second):
        enrol(teacher, built.course)
    page = built.first(ActivityKind.PAGE)
    holding, done = threading.Event(), threading.Event()

    def hold_her_lock() -> None:
        try:
            with transaction.atomic():
                locked_enrollment(actor=first, activity=page)
                holding.set()
                done.wait(timeout=120)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_her_lock)
    holder.start()
    try:
        assert holding.wait(timeout=120)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            activity_open(actor=second, activity=page)
            course = built.course
            course_update(
                actor=built.trainer,
                course=course,
                data=CourseFields(
                    title="Renamed while a teacher works", summary=course.summary, hours=8
                ),
            )
    finally:
        done.set()
        holder.join()
    assert ActivityCompletion.objects.filter(enrollment__user=second).count() == 1
