from typing import Any

import pytest
from django.test import Client

from ortaq.courses.choices import ActivityKind
from ortaq.testing.factories import enrol, make_course, make_user
from ortaq.testing.http import bearer

pytestmark = pytest.mark.django_db
K = ActivityKind


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


def test_catalogue_refuses_an_unknown_filter(client: Client) -> None:
    built = make_course(kinds=(K.PAGE,), language="ru")
    assert client.get("/api/v1/courses?language=ru&school_kind=rural").status_code == 200
    for query, field in (
        ("language=xx", "language"),
        ("school_kind=city", "school_kind"),
        ("role=astronaut", "role"),
    ):
        refused = client.get(f"/api/v1/courses?{query}", headers={"accept-language": "en"})
        assert refused.status_code == 422, query
        assert [e["loc"][-1] for e in refused.json()["detail"]] == [field]
    assert client.get("/api/v1/courses?language=ru").json()["items"][0]["id"] == built.course.pk


def test_report_names_an_unknown_filter(client: Client, people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,))
    headers = {**bearer(people["coordinator"]), "accept-language": "en"}
    url = f"/api/v1/courses/{built.course.pk}/report"
    region = people["region"].code.lower()
    assert client.get(f"{url}?region={region}", headers=headers).status_code == 200
    for query, field, message in (
        ("region=KZ-99", "region", "No region has this code."),
        ("district=999999", "district", "No district has this number."),
        ("school_bin=000000000000", "school_bin", "No school has this BIN."),
        ("cohort=999999", "cohort", "This course has no cohort with this number."),
    ):
        refused = client.get(f"{url}?{query}", headers=headers)
        assert refused.status_code == 422, query
        assert refused.json()["detail"] == [
            {"loc": ["query", field], "msg": message, "type": "value_error"}
        ]


def test_the_schema_documents_taking_a_course(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/courses/{course_id}/self-assessment": {"get"},
        "/api/v1/courses/{course_id}/self-assessment/{phase}": {"post"},
        "/api/v1/courses/{course_id}/activities/{activity_id}/attempts": {"get", "post"},
        "/api/v1/courses/{course_id}/attempts/{attempt_id}": {"get"},
        "/api/v1/courses/{course_id}/attempts/{attempt_id}/submission": {"post"},
        "/api/v1/courses/{course_id}/activities/{activity_id}/reflection": {"get", "post"},
        "/api/v1/courses/{course_id}/reflections/{submission_id}/file": {"get"},
        "/api/v1/courses/{course_id}/activities/{activity_id}/posts": {"get", "post"},
        "/api/v1/courses/{course_id}/posts/{post_id}/reports": {"post"},
        "/api/v1/certificates/{code}/pdf": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) == methods, path
        assert all(paths[path][m]["summary"] for m in methods), path
    upload = paths["/api/v1/courses/{course_id}/activities/{activity_id}/reflection"]["post"]
    assert set(upload["requestBody"]["content"]) == {"multipart/form-data"}
