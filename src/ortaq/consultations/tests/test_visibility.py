"""Whose queue a question is in, who reads its conversation and who reads its public version
are one rule each: the SQL of the queue, of her questions and of the published answers agrees
with the permission on one question, for every role of the role matrix on questions of every
place and state, published or not."""

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from ortaq.consultations.choices import QuestionStatus, Topic
from ortaq.consultations.models import Answer, Question
from ortaq.testing.visibility import Places, assert_same_rule, make_places, role_matrix
from ortaq.testing.world import once_per_module

pytestmark = pytest.mark.django_db


def _where(places: Places) -> dict[str, dict[str, Any]]:
    """Where a question may be placed: at a school (in a district or not), or in a district or
    region alone (its asker's school was deleted since)."""
    return {
        "at the school": {
            "school": places.school,
            "district": places.district,
            "region": places.region,
        },
        "at the other district's school": {
            "school": places.other_district_school,
            "district": places.other_district,
            "region": places.region,
        },
        "in the district": {"district": places.district, "region": places.region},
        "in the region": {"region": places.region},
        "at the far school": {
            "school": places.far_school,
            "district": places.far_school.district,
            "region": places.far_region,
        },
    }


@pytest.fixture(scope="module")
def world(
    django_db_setup: Any, django_db_blocker: Any
) -> Iterator[tuple[dict[str, Any], dict[str, Question]]]:
    """Built once for the module: every test asks its questions of the same rows."""
    with once_per_module(django_db_blocker):
        yield _world()


def _world() -> tuple[dict[str, Any], dict[str, Question]]:
    places = make_places()
    people = role_matrix(places)
    askers = [people["no role@school"], people["teacher@far_school"], people["coordinator@region"]]
    questions: dict[str, Question] = {}
    now = timezone.now()
    for n, ((label, where), status, published) in enumerate(
        itertools.product(_where(places).items(), QuestionStatus.values, (False, True))
    ):
        if published and status == QuestionStatus.OPEN:
            continue
        name = f"{status} {'published ' if published else ''}question {label}"
        question = Question.objects.create(
            asker=askers[n % len(askers)],
            topic=Topic.OTHER,
            title=name,
            body="…",
            status=status,
            created_at=now,
            **where,
        )
        if published:
            answer = Answer.objects.create(question=question, body="…", created_at=now)
            Question.objects.filter(pk=question.pk).update(
                published_answer=answer,
                public_title=name,
                public_answer="…",
                published_at=now,
            )
            question.refresh_from_db()
        questions[name] = question
    return people, questions


World = tuple[dict[str, Any], dict[str, Question]]


def test_whose_queue_a_question_is_in_is_one_rule(world: World) -> None:
    people, questions = world
    assert_same_rule(
        people=people,
        objects=questions,
        rows=lambda user: Question.objects.in_queue_of(user),
        allowed="consultations.view_in_queue",
    )


def test_who_reads_a_question_is_one_rule(world: World) -> None:
    people, questions = world
    assert_same_rule(
        people=people,
        objects=questions,
        rows=lambda user: Question.objects.visible_to(user),
        allowed="consultations.view_question",
    )


def test_who_reads_a_published_answer_is_one_rule(world: World) -> None:
    people, questions = world
    assert_same_rule(
        people=people,
        objects=questions,
        rows=lambda user: Question.objects.published(),
        allowed="consultations.view_published",
    )
