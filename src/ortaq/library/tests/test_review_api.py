"""The review in the API: a draft created and saved (409 on a stale revision, nothing
overwritten), submitted, assigned, reviewed and published; comments; the refusals."""

from typing import Any

import pytest
from django.test import Client

from ortaq.library.choices import Status
from ortaq.library.models import Assignment, ChecklistItem, Version
from ortaq.testing.library_review import BODY

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


DRAFT = {"title": "Бөлшектер", "body": BODY, "grades": [5], "codes": ["5.1.2.1"]}


def test_the_review_through_the_api(lib: dict[str, Any]) -> None:
    teacher = client_of(lib["teacher"])
    made = teacher.post(
        "/api/v1/library/resources",
        {**DRAFT, "kind": "lesson", "subject": "mathematics", "language": "kk"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    resource_id = made.json()["resource_id"]
    saved = teacher.put(
        f"/api/v1/library/resources/{resource_id}/draft",
        {**DRAFT, "body": "Жаңа", "revision": 1},
        content_type="application/json",
    )
    assert saved.json()["revision"] == 2
    stale = teacher.put(
        f"/api/v1/library/resources/{resource_id}/draft",
        {**DRAFT, "body": "Ескі", "revision": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert Version.objects.get().body == "Жаңа"
    script = teacher.put(
        f"/api/v1/library/resources/{resource_id}/draft",
        {**DRAFT, "body": "<script>x</script>", "revision": 2},
        content_type="application/json",
    )
    assert script.status_code == 400
    outsider = client_of(lib["outsider"])
    assert outsider.post(f"/api/v1/library/resources/{resource_id}/submission").status_code == 404
    assert (
        teacher.post(f"/api/v1/library/resources/{resource_id}/submission").json()["status"]
        == Status.SUBMITTED
    )
    version = Version.objects.get()
    moderator = client_of(lib["moderator"])
    assert [
        v["version_id"] for v in moderator.get("/api/v1/library/moderation").json()["items"]
    ] == [version.pk]
    assert (
        outsider.post(
            f"/api/v1/library/versions/{version.pk}/assignments",
            {"experts": [lib["expert"].pk]},
            content_type="application/json",
        ).status_code
        == 404
    )
    wrong = moderator.post(
        f"/api/v1/library/versions/{version.pk}/assignments",
        {"experts": [lib["other_expert"].pk]},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assigned = moderator.post(
        f"/api/v1/library/versions/{version.pk}/assignments",
        {"experts": [lib["expert"].pk]},
        content_type="application/json",
    )
    assert assigned.status_code == 201
    assert assigned.json()[0]["level"] == "region"
    expert = client_of(lib["expert"])
    waiting = expert.get("/api/v1/me/waiting").json()
    assignment = Assignment.objects.get()
    assert waiting["library_to_review"][0]["assignment_id"] == assignment.pk
    items = expert.get(f"/api/v1/library/assignments/{assignment.pk}/checklist").json()
    assert items[0]["is_alignment"] is True
    review = {
        "answers": [{"item": i["id"], "verdict": "meets"} for i in items],
        "recommendation": "changes",
        "comment": "Критерийлерді қосыңыз.",
    }
    sent = expert.post(
        f"/api/v1/library/assignments/{assignment.pk}/review",
        review,
        content_type="application/json",
    )
    assert sent.status_code == 200, sent.content
    assert Version.objects.get().status == Status.CHANGES
    assert teacher.get("/api/v1/me/waiting").json()["library_to_change"][0]["version_id"] == (
        version.pk
    )
    comments = teacher.get(f"/api/v1/library/resources/{resource_id}/comments").json()["items"]
    # Unnamed (she did not agree): her role and level only.
    assert comments[0]["role"] == "expert"
    assert "Сапарова" not in comments[0]["signature"]
    assert comments[0]["body"] == "Критерийлерді қосыңыз."
    assert (
        teacher.post(
            f"/api/v1/library/resources/{resource_id}/comments",
            {"body": "Қостым."},
            content_type="application/json",
        ).status_code
        == 201
    )
    assert outsider.get(f"/api/v1/library/resources/{resource_id}/comments").status_code == 404
    teacher.post(f"/api/v1/library/resources/{resource_id}/submission")
    assert Version.objects.get().status == Status.IN_REVIEW
    sent = expert.post(
        f"/api/v1/library/assignments/{assignment.pk}/review",
        {**review, "recommendation": "approve", "comment": ""},
        content_type="application/json",
    )
    assert sent.json()["recommendation"] == "approve"
    assert Version.objects.get().status == Status.PUBLISHED
    assert ChecklistItem.objects.filter(kind="lesson").exists()
