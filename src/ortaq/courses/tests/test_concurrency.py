"""The same step taken twice at the same moment, with real transactions on PostgreSQL."""

import pytest

from ortaq.accounts.tests.factories import make_user
from ortaq.certificates.models import Certificate
from ortaq.core.errors import DomainError
from ortaq.core.tests.utils import at_once
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
from ortaq.courses.tests.factories import enrol, make_course

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
