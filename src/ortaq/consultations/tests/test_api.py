import uuid
from typing import Any

import pytest
from django.test import Client

from ortaq.consultations.models import Question
from ortaq.testing.factories import ask

pytestmark = pytest.mark.django_db


def test_ask_answer_and_publish_through_the_api(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["teacher"])
    key = str(uuid.uuid4())
    body = {
        "topic": "criteria",
        "title": "Дескрипторлар",
        "body": "Қалай жазамын?",
        "client_key": key,
    }
    first = client.post("/api/v1/consultations", body, content_type="application/json")
    again = client.post("/api/v1/consultations", body, content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Question.objects.count() == 1
    question_id = first.json()["id"]
    assert client.get("/api/v1/consultations/mine").json()["count"] == 1
    # A teacher has no queue, and cannot answer her own question as a methodologist would.
    assert client.get("/api/v1/consultations/queue").status_code == 403

    client.force_login(people["coordinator"])
    queue = client.get("/api/v1/consultations/queue").json()
    assert [q["id"] for q in queue["items"]] == [question_id]
    answer = client.post(
        f"/api/v1/consultations/{question_id}/answers", {"body": "Мысал: ..."},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 201
    published = client.put(
        f"/api/v1/consultations/{question_id}/publication",
        {
            "answer_id": answer.json()["id"],
            "public_title": "Дескрипторлар",
            "public_body": "?",
            "public_answer": "Мысал",
        },
        content_type="application/json",
    )
    assert published.status_code == 200 and published.json()["published_at"]
    assert client.get("/api/v1/consultations/answered?q=дескриптор").json()["count"] == 1


def test_refusals_are_json(client: Client, people: dict[str, Any]) -> None:
    question = ask(people["teacher"])
    assert client.get(f"/api/v1/consultations/{question.pk}").status_code == 401
    client.force_login(people["far_teacher"])
    response = client.get(f"/api/v1/consultations/{question.pk}")
    assert response.status_code == 404 and "detail" in response.json()
    client.force_login(people["other_coordinator"])
    response = client.post(
        f"/api/v1/consultations/{question.pk}/answers", {"body": "x"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 404
    client.force_login(people["teacher"])
    response = client.post(
        "/api/v1/consultations", {"topic": "nope", "title": "t", "body": "b"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and response.json()["detail"]
