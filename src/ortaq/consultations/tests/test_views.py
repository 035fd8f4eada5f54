"""The consultation pages: who sees what, anonymity, double clicks and query counts."""

import json
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ortaq.consultations.models import Answer, Question
from ortaq.consultations.services import answer_add, question_publish
from ortaq.testing.factories import answered, ask

pytestmark = pytest.mark.django_db

# Who may open a question of the region's teacher (school in the region's district).
READERS = {"teacher", "coordinator", "district_coordinator", "admin"}
ROLES = (
    "teacher",
    "far_teacher",
    "facilitator",
    "principal",
    "coordinator",
    "district_coordinator",
    "other_coordinator",
    "trainer",
    "admin",
)


@pytest.mark.parametrize("role", ("anonymous", *ROLES))
def test_an_unpublished_question_is_seen_only_by_its_asker_and_methodologists_over_it(
    client: Client, people: dict[str, Any], role: str
) -> None:
    question = ask(people["teacher"])
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get(f"/en/consultations/questions/{question.pk}/")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in READERS:
        assert response.status_code == 200 and question.title in response.content.decode()
    else:
        assert response.status_code == 404
        assert question.title not in response.content.decode()


@pytest.mark.parametrize("role", ("anonymous", *ROLES))
def test_the_queue_is_for_methodologists_and_shows_their_place_only(
    client: Client, people: dict[str, Any], role: str
) -> None:
    question = ask(people["teacher"])
    if people[role] is not None:
        client.force_login(people[role])
    response = client.get("/en/consultations/queue/")
    if role == "anonymous":
        assert response.status_code == 302
    elif role in {"coordinator", "district_coordinator", "other_coordinator", "admin"}:
        page = response.content.decode()
        assert response.status_code == 200
        assert (question.title in page) == (role != "other_coordinator")
    else:
        assert response.status_code == 403


def test_a_methodologist_answers_and_publishes_through_the_page(
    client: Client, people: dict[str, Any]
) -> None:
    question = ask(people["teacher"])
    client.force_login(people["district_coordinator"])
    key = str(uuid.uuid4())
    for _click in range(2):  # a double click answers once
        response = client.post(
            f"/en/consultations/questions/{question.pk}/",
            {"body": "Take a common theme.", "client_key": key},
        )
        assert response.status_code == 302
    assert Answer.objects.count() == 1
    page = client.get(f"/en/consultations/questions/{question.pk}/").content.decode()
    assert "Publish" in page
    response = client.post(
        f"/en/consultations/questions/{question.pk}/",
        {
            "answer": Answer.objects.get().pk,
            "public_title": "Planning a combined grade 2 and 4 lesson",
            "public_body": "Two grades learn together.",
            "public_answer": "Take a common theme.",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.published_at is not None


def test_the_published_answer_names_nobody(client: Client, people: dict[str, Any]) -> None:
    teacher = people["teacher"]
    question = answered(teacher, people["coordinator"])
    question_publish(
        actor=people["coordinator"], question=question, answer=question.answers.get(),
        public_title="Біріктірілген сыныпты жоспарлау", public_body="Екі сынып бірге оқиды.",
        public_answer="Ортақ тақырып алыңыз.",
    )  # fmt: skip
    for url in ("/kk/consultations/", f"/kk/consultations/{question.pk}/"):
        page = client.get(url).content.decode()  # anonymous visitors read it too
        assert "Біріктірілген сыныпты жоспарлау" in page
        for secret in (teacher.last_name, teacher.email, people["school"].name_kk, "Жандосов"):
            assert secret not in page
    api = client.get("/api/v1/consultations/answered").json()
    assert api["count"] == 1
    assert teacher.last_name not in str(api) and "Жандосов" not in str(api)


def test_an_unpublished_question_is_not_public(client: Client, people: dict[str, Any]) -> None:
    question = answered(people["teacher"], people["coordinator"])
    assert client.get(f"/en/consultations/{question.pk}/").status_code == 404
    assert question.title not in client.get("/en/consultations/").content.decode()


def test_lists_cost_the_same_whatever_their_length(
    client: Client, people: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    def grow(n: int) -> None:
        for _i in range(n):
            question = answered(people["teacher"], people["coordinator"])
            question_publish(
                actor=people["coordinator"], question=question, answer=question.answers.get(),
                public_title="T", public_body="B", public_answer="A",
            )  # fmt: skip
            answer_add(actor=people["teacher"], question=question, body="More?")

    client.force_login(people["coordinator"])
    counts: dict[int, list[int]] = {}
    for size in (1, 12):
        grow(size)
        pages = (
            "/en/consultations/",
            "/en/consultations/queue/?status=",
            "/en/consultations/mine/",
        )
        counts[size] = []
        for url in pages:
            client.get(url)  # the signed-in user and her roles are cached from here on
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[size].append(len(captured))
    assert counts[1] == counts[12]
    question = Question.objects.first()
    assert question is not None
    with django_assert_max_num_queries(12):
        client.get(f"/en/consultations/questions/{question.pk}/")


def test_a_published_answer_never_shows_who_asked(client: Client, people: dict[str, Any]) -> None:
    teacher, school = people["teacher"], people["school"]
    name, school_name = teacher.get_full_name(), school.name_kk
    question = ask(teacher)
    written = answer_add(
        actor=people["coordinator"],
        question=question,
        body=f"Құрметті {name}, {school_name} мектебінде ортақ тақырып алыңыз.",
    )
    client.force_login(people["coordinator"])
    # "Publish this answer" prefills the public answer with it, for her to clear of names.
    form_page = client.get(f"/en/consultations/questions/{question.pk}/?publish={written.pk}")
    assert "Publish this answer" in form_page.content.decode()
    form = form_page.context["publish_form"]
    assert form.initial["answer"] == written.pk and form.initial["public_answer"] == written.body
    # Each public text is required: without the answer nothing is published.
    fields = {
        "answer": written.pk,
        "public_title": "Біріктірілген сыныпты жоспарлау",
        "public_body": "Екі сынып бірге оқиды.",
    }
    refused = client.post(f"/en/consultations/questions/{question.pk}/", fields)
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    question.refresh_from_db()
    assert question.published_at is None
    published = client.post(
        f"/en/consultations/questions/{question.pk}/",
        {**fields, "public_answer": "Ортақ тақырып алыңыз: бір сабақ, екі сынып."},
    )
    assert published.status_code == 302
    client.logout()

    secrets = (teacher.first_name, teacher.last_name, school_name)
    pages = {
        "page": client.get(f"/kk/consultations/{question.pk}/"),
        "list": client.get("/kk/consultations/"),
        "search": client.get("/kk/consultations/?q=сабақ"),
        "api": client.get("/api/v1/consultations/answered"),
        "api search": client.get("/api/v1/consultations/answered?q=сабақ"),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        text = response.content.decode()
        if where.startswith("api"):  # the JSON as read, not \u-escaped
            text = json.dumps(response.json(), ensure_ascii=False)
        assert "Біріктірілген сыныпты жоспарлау" in text, where
        assert not [secret for secret in secrets if secret in text], where
    assert "бір сабақ, екі сынып" in pages["page"].content.decode()
    assert (
        pages["api"].json()["items"][0]["answer"] == "Ортақ тақырып алыңыз: бір сабақ, екі сынып."
    )
    # Her name, searched for, finds nothing: only the public texts are searched.
    assert client.get(f"/api/v1/consultations/answered?q={teacher.last_name}").json()["count"] == 0
    assert (
        "0 answered questions"
        in client.get(f"/en/consultations/?q={teacher.last_name}").content.decode()
    )

    # The asker still reads the answer as it was written to her.
    client.force_login(teacher)
    own = client.get(f"/en/consultations/questions/{question.pk}/").content.decode()
    assert f"Құрметті {name}" in own and "Publish this answer" not in own


def test_methodologists_see_how_many_questions_wait(client: Client, people: dict[str, Any]) -> None:
    first, _second = ask(people["teacher"]), ask(people["teacher"])
    ask(people["far_teacher"])  # another region's
    client.force_login(people["coordinator"])
    assert "2 waiting" in client.get("/en/consultations/queue/").content.decode()
    answer_add(actor=people["coordinator"], question=first, body="Done")
    # Whatever the filter shows, the heading counts what waits.
    page = client.get("/en/consultations/queue/?status=answered").content.decode()
    assert "1 waiting" in page
    assert "1 waiting" in client.get("/en/consultations/").content.decode()
    client.force_login(people["teacher"])
    assert "waiting" not in client.get("/en/consultations/").content.decode()
