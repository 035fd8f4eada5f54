import importlib
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ortaq.consultations.choices import QuestionStatus, Topic
from ortaq.consultations.models import Answer, Question
from ortaq.consultations.queries import answer_stats, published
from ortaq.consultations.services import (
    answer_add,
    question_ask,
    question_close,
    question_publish,
    question_unpublish,
)
from ortaq.consultations.tasks import send_new_question
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.testing.factories import answered, ask, make_user

pytestmark = pytest.mark.django_db


def test_a_question_is_placed_at_her_school(people: dict[str, Any]) -> None:
    question = ask(people["teacher"])
    school = people["school"]
    assert (question.school, question.district, question.region) == (
        school,
        school.district,
        school.region,
    )
    assert question.status == QuestionStatus.OPEN and question.answered_at is None


def test_without_a_school_she_is_told_to_name_it() -> None:
    with pytest.raises(DomainError) as refused:
        ask(make_user())
    assert refused.value.code == "no_school"
    assert not Question.objects.exists()


def test_a_double_click_asks_once(people: dict[str, Any]) -> None:
    key = uuid.uuid4()
    first = question_ask(
        actor=people["teacher"], topic=Topic.CRITERIA, title="T", body="B", client_key=key
    )
    again = question_ask(
        actor=people["teacher"], topic=Topic.CRITERIA, title="T", body="B", client_key=key
    )
    assert first.pk == again.pk and Question.objects.count() == 1


def test_empty_or_unknown_topic_is_refused(people: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as refused:
        question_ask(actor=people["teacher"], topic="astrology", title="T", body="B")
    assert refused.value.code == "topic"
    with pytest.raises(DomainError) as refused:
        question_ask(actor=people["teacher"], topic=Topic.OTHER, title=" ", body="B")
    assert refused.value.code == "empty"


def test_the_first_answer_is_timed_and_mailed_in_her_language(
    people: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    teacher = people["teacher"]
    teacher.language = "ru"
    teacher.save(update_fields=["language"])
    question = ask(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        answer_add(actor=people["district_coordinator"], question=question, body="Answer one")
    question.refresh_from_db()
    first = question.answered_at
    assert question.status == QuestionStatus.ANSWERED and first is not None
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [teacher.email]
    assert (
        "Answer one" in mailoutbox[0].body and "/ru/consultations/questions/" in mailoutbox[0].body
    )
    assert mailoutbox[0].body.startswith("Здравствуйте")

    # Her follow-up opens it again; a second answer keeps the first answer's time.
    with django_capture_on_commit_callbacks(execute=True):
        answer_add(actor=teacher, question=question, body="And for grade 3?")
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN and len(mailoutbox) == 1
    answer_add(actor=people["coordinator"], question=question, body="Answer two")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answered_at == first


@pytest.mark.parametrize(
    "who", ["far_teacher", "other_coordinator", "principal", "facilitator", "trainer"]
)
def test_only_methodologists_over_it_answer(people: dict[str, Any], who: str) -> None:
    question = ask(people["teacher"])
    with pytest.raises(NotAllowed):
        answer_add(actor=people[who], question=question, body="Me too")
    assert not Answer.objects.exists()


def test_a_closed_question_takes_no_more_answers(people: dict[str, Any]) -> None:
    question = ask(people["teacher"])
    question_close(actor=people["teacher"], question=question)
    question_close(actor=people["teacher"], question=question)  # again: nothing changes
    with pytest.raises(NotAllowed):
        answer_add(actor=people["coordinator"], question=question, body="Late")


def test_publishing_anonymises_and_needs_a_methodologists_answer(people: dict[str, Any]) -> None:
    question = answered(people["teacher"], people["coordinator"])
    follow_up = answer_add(actor=people["teacher"], question=question, body="Thanks")
    with pytest.raises(DomainError) as refused:
        question_publish(
            actor=people["coordinator"], question=question, answer=follow_up,
            public_title="T", public_body="B", public_answer="A",
        )  # fmt: skip
    assert refused.value.code == "answer"
    chosen = question.answers.get(by_asker=False)
    with pytest.raises(NotAllowed):
        question_publish(
            actor=people["teacher"], question=question, answer=chosen,
            public_title="T", public_body="B", public_answer="A",
        )  # fmt: skip
    question_publish(
        actor=people["coordinator"], question=question, answer=chosen,
        public_title="Біріктірілген сыныпты жоспарлау", public_body="Екі сынып бірге оқиды.",
        public_answer="Ортақ тақырып алыңыз.",
    )  # fmt: skip
    assert list(published()) == [question]
    assert list(published(q="жоспарлау")) == [question]
    assert list(published(q="Жандосов")) == []  # the original text is not searched
    question_unpublish(actor=people["coordinator"], question=question)
    assert list(published()) == []


def test_answer_stats_take_the_median_wait(people: dict[str, Any]) -> None:
    now = timezone.now()
    for hours in (2, 4, 30):
        question = answered(people["teacher"], people["coordinator"])
        Question.objects.filter(pk=question.pk).update(
            created_at=now - timedelta(hours=hours), answered_at=now
        )
    ask(people["teacher"])  # not answered yet
    ask(people["far_teacher"])  # another region
    stats = answer_stats(region_id=people["region"].pk)
    assert (stats.asked, stats.answered, stats.median_hours) == (4, 3, 4.0)
    assert answer_stats(school_id=people["far_school"].pk).median_hours is None
    assert answer_stats(region_id=people["region"].pk, since=now + timedelta(hours=1)).asked == 0


def test_publishing_needs_a_public_answer_and_searches_only_public_text(
    people: dict[str, Any],
) -> None:
    teacher = people["teacher"]
    question = answered(teacher, people["coordinator"])
    chosen = question.answers.get()
    Answer.objects.filter(pk=chosen.pk).update(body=f"Құрметті {teacher.last_name}, Ортақ тақырып.")
    chosen.refresh_from_db()
    for blank in ("", "  \n"):
        with pytest.raises(DomainError) as refused:
            question_publish(
                actor=people["coordinator"], question=question, answer=chosen,
                public_title="T", public_body="B", public_answer=blank,
            )  # fmt: skip
        assert refused.value.code == "empty"
    question.refresh_from_db()
    assert question.published_at is None and question.public_answer == ""
    question_publish(
        actor=people["coordinator"], question=question, answer=chosen,
        public_title="T", public_body="B", public_answer="  Ортақ тақырып алыңыз. ",
    )  # fmt: skip
    question.refresh_from_db()
    assert question.public_answer == "Ортақ тақырып алыңыз."
    assert list(published(q="тақырып")) == [question]
    assert list(published(q=teacher.last_name)) == []  # the answer as written is not searched


def test_the_migration_gives_published_questions_their_answer_as_public_answer(
    people: dict[str, Any],
) -> None:
    from django.apps import apps

    migration = importlib.import_module("ortaq.consultations.migrations.0002_public_answer")
    question = answered(people["teacher"], people["coordinator"])
    unanswered = ask(people["teacher"])
    Question.objects.filter(pk=question.pk).update(
        published_answer=question.answers.get(), public_title="T", public_body="B"
    )
    migration.copy_answers(apps, None)
    question.refresh_from_db()
    unanswered.refresh_from_db()
    assert question.public_answer == "Ортақ тақырып алыңыз."
    assert unanswered.public_answer == ""


def test_the_methodologists_of_her_district_and_region_hear_of_a_new_question_once(
    people: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    district_coordinator = people["district_coordinator"]
    district_coordinator.language = "ru"
    district_coordinator.save(update_fields=["language"])
    key = uuid.uuid4()
    for _click in range(2):  # a double click, or the API called again with the same key
        with django_capture_on_commit_callbacks(execute=True):
            question = question_ask(
                actor=people["teacher"], topic=Topic.CRITERIA, title="Дескрипторлар",
                body="Қалай жазамын?", client_key=key,
            )  # fmt: skip
    assert Question.objects.count() == 1
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert len(mailoutbox) == 2
    assert set(by_address) == {people["coordinator"].email, district_coordinator.email}
    russian = by_address[district_coordinator.email]
    assert russian.body.startswith("Здравствуйте")
    assert f"/ru/consultations/questions/{question.pk}/" in russian.body
    assert "Дескрипторлар" in russian.subject and "Қалай жазамын?" in russian.body
    kazakh = by_address[people["coordinator"].email]
    assert f"/kk/consultations/questions/{question.pk}/" in kazakh.body

    # A question of another region reaches its own methodologist only.
    with django_capture_on_commit_callbacks(execute=True):
        ask(people["far_teacher"])
    assert [mail.to for mail in mailoutbox[2:]] == [[people["other_coordinator"].email]]


def test_a_question_answered_before_the_mail_goes_tells_no_one(
    people: dict[str, Any], mailoutbox: list[Any]
) -> None:
    question = ask(people["teacher"])  # its e-mail is not sent: the test's transaction is open
    answer_add(actor=people["coordinator"], question=question, body="Quick")
    assert send_new_question.call(question.pk) == 0
    question_close(actor=people["teacher"], question=question)
    assert send_new_question.call(question.pk) == 0
    assert send_new_question.call(question.pk + 1000) == 0
    assert mailoutbox == []
