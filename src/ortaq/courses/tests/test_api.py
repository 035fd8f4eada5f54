from typing import Any

import pytest
from django.test import Client

from ortaq.accounts.services import api_token_create
from ortaq.accounts.tests.factories import make_user
from ortaq.courses.choices import ActivityKind
from ortaq.courses.tests.factories import enrol, make_course

pytestmark = pytest.mark.django_db
K = ActivityKind


def bearer(user: Any) -> dict[str, str]:
    _token, raw = api_token_create(actor=user, name="t")
    return {"authorization": f"Bearer {raw}"}


def test_catalogue_outline_enrol_complete(client: Client) -> None:
    built = make_course(kinds=(K.PAGE, K.VIDEO))
    teacher = make_user()
    headers = bearer(teacher)
    catalogue = client.get("/api/v1/courses").json()
    assert catalogue["count"] == 1 and catalogue["items"][0]["my_status"] is None
    url = f"/api/v1/courses/{built.course.pk}"
    assert client.get(url).status_code == 401
    enrolled = client.post(f"{url}/enrollment", headers=headers)
    assert enrolled.status_code == 200 and enrolled.json()["status"] == "active"
    assert client.post(f"{url}/enrollment", headers=headers).status_code == 200
    page, video = built.activities
    refused = client.post(f"{url}/activities/{page.pk}/completion", headers=headers)
    assert refused.status_code == 200  # a page is one of the kinds marked done
    done = client.post(f"{url}/activities/{video.pk}/completion", headers=headers).json()
    assert done == {"activity_id": video.pk, "done": True, "course_completed": True}
    outline = client.get(url, headers=headers).json()
    assert outline["percent"] == 100 and outline["certificate_code"]
    code = outline["certificate_code"]
    verified = client.get(f"/api/v1/certificates/verify/{code.lower().replace('-', '')}").json()
    assert verified["valid"] is True and verified["title"] == built.course.title
    mine = client.get("/api/v1/certificates", headers=headers).json()
    assert [c["code"] for c in mine["items"]] == [code]


def test_completion_errors_are_json(client: Client) -> None:
    built = make_course(kinds=(K.QUIZ,))
    teacher = make_user()
    headers = bearer(teacher)
    quiz = built.first(K.QUIZ)
    url = f"/api/v1/courses/{built.course.pk}/activities/{quiz.pk}/completion"
    not_enrolled = client.post(url, headers=headers)
    assert not_enrolled.status_code == 403 and "detail" in not_enrolled.json()
    enrol(teacher, built.course)
    by_hand = client.post(url, headers=headers)
    assert by_hand.status_code == 400 and "detail" in by_hand.json()
    assert (
        client.post("/api/v1/courses/999/activities/1/completion", headers=headers).status_code
        == 404
    )


def test_report_for_a_coordinator(client: Client, people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,))
    enrol(people["teacher"], built.course)
    enrol(people["far_teacher"], built.course)
    report = client.get(
        f"/api/v1/courses/{built.course.pk}/report", headers=bearer(people["coordinator"])
    ).json()
    assert report["totals"]["enrolled"] == 1
    assert (
        client.get(
            f"/api/v1/courses/{built.course.pk}/report", headers=bearer(people["teacher"])
        ).status_code
        == 403
    )
