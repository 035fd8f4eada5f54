"""The summative tasks, rules for marks and mark sheets in the API: reads with the version's
visibility, a sheet its owner's alone, points all or nothing, and the OpenAPI schema."""

from typing import Any

import pytest
from django.test import Client

from ortaq.library.choices import Status
from ortaq.library.models import MarkEntry, MarkSheet
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.http import bearer, call
from ortaq.testing.summative import summative_complete, summative_resource, summative_task

pytestmark = pytest.mark.django_db
API = "/api/v1/library"


@pytest.fixture
def author() -> Any:
    return make_user(profile__school=make_school())


def test_a_published_summative_task_is_read_by_anyone(author: Any) -> None:
    version = summative_complete(author, status=Status.PUBLISHED)
    response = Client().get(f"{API}/resources/{version.resource_id}/versions/1/summative")
    assert response.status_code == 200
    body = response.json()
    assert (body["total_points"], body["duration_minutes"], body["grades"]) == (10, 40, [5])
    second = body["tasks"][1]
    assert second["objectives"] == ["5.1.2.2", "5.1.2.3"]
    assert second["criteria"][0] == {
        "objective": "5.1.2.2",
        "text": "Есеп шығарады",
        "descriptors": [
            {"text": "Есеп шығарады: дескриптор 1", "points": 2},
            {"text": "Есеп шығарады: дескриптор 2", "points": 2},
        ],
    }
    assert second["mark_scheme"] == "2-тапсырманың жауабы: 42"
    problems = Client().get(f"{API}/resources/{version.resource_id}/versions/1/summative/problems")
    assert problems.json() == {"ready": True, "problems": []}


def test_a_drafts_summative_task_is_its_authors(author: Any) -> None:
    version = summative_resource(author, total=5)
    summative_task(version, 1, points=4)
    path = f"{API}/resources/{version.resource_id}/versions/1/summative/problems"
    assert Client().get(path).status_code == 401
    assert Client().get(path, headers=bearer(make_user())).status_code == 404
    response = Client().get(path, headers=bearer(author, language="en"))
    assert response.json() == {
        "ready": False,
        "problems": [
            {
                "task": None,
                "message": "The tasks' points add up to 4, but the total points of the work are 5.",
            }
        ],
    }


def test_the_rules_in_force() -> None:
    response = Client().get(f"{API}/mark-rules?grade=5")
    assert response.status_code == 200
    (rule,) = response.json()["items"]
    assert [(band["min_percent"], band["mark"]) for band in rule["bands"]] == [
        ("0.00", 2),
        ("40.00", 3),
        ("65.00", 4),
        ("85.00", 5),
    ]
    assert Client().get(f"{API}/mark-rules?grade=1").json()["items"] == []


def test_a_teacher_keeps_a_mark_sheet(author: Any) -> None:
    version = summative_complete(author, status=Status.PUBLISHED)
    teacher = make_user()
    client = Client()
    new = {
        "resource_id": version.resource_id,
        "version": 1,
        "label": "5 А",
        "grade": 5,
        "pupils": 2,
    }
    response = call(client, "post", f"{API}/mark-sheets", teacher, new)
    assert response.status_code == 201
    sheet_id = response.json()["id"]
    assert call(client, "post", f"{API}/mark-sheets", teacher, new).status_code == 200
    assert MarkSheet.objects.count() == 1

    points = f"{API}/mark-sheets/{sheet_id}/points"
    bad = {"cells": [{"row": 1, "task": 1, "points": 4}, {"row": 2, "task": 2, "points": 7}]}
    response = client.put(
        points, bad, content_type="application/json", headers=bearer(teacher, language="en")
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Some points are not right: see the marked cells. Nothing was saved. "
        "Pupil 2, task 2: Write from 0 to 6 points."
    )
    assert not MarkEntry.objects.exists()
    good = {
        "cells": [
            {"row": 1, "task": 1, "points": 4},
            {"row": 1, "task": 2, "points": 6},
            {"row": 2, "task": 1, "points": 1},
            {"row": 2, "task": 2, "points": 2},
        ]
    }
    body = call(client, "put", points, teacher, good).json()
    assert [(r["total"], r["percent"], r["mark"]) for r in body["rows"]] == [
        (10, "100.00", 5),
        (3, "30.00", 2),
    ]
    assert body["marks"] == [
        {"mark": 5, "pupils": 1},
        {"mark": 4, "pupils": 0},
        {"mark": 3, "pupils": 0},
        {"mark": 2, "pupils": 1},
    ]
    assert call(client, "get", f"{API}/mark-sheets", teacher).json()["count"] == 1

    outsider = make_user()
    assert call(client, "get", f"{API}/mark-sheets/{sheet_id}", outsider).status_code == 404
    assert call(client, "put", points, outsider, good).status_code == 404
    assert call(client, "delete", f"{API}/mark-sheets/{sheet_id}", outsider).status_code == 404
    assert call(client, "get", f"{API}/mark-sheets", outsider).json()["count"] == 0
    assert client.get(f"{API}/mark-sheets/{sheet_id}").status_code == 401
    assert call(client, "delete", f"{API}/mark-sheets/{sheet_id}", teacher).status_code == 204
    assert not MarkSheet.objects.exists()


def test_a_sheet_is_not_opened_on_a_draft(author: Any) -> None:
    version = summative_complete(author)
    new = {
        "resource_id": version.resource_id,
        "version": 1,
        "label": "5 А",
        "grade": 5,
        "pupils": 2,
    }
    assert call(Client(), "post", f"{API}/mark-sheets", author, new).status_code == 400
    assert call(Client(), "post", f"{API}/mark-sheets", make_user(), new).status_code == 404


def test_the_operations_are_in_the_schema() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/library/resources/{resource_id}/versions/{version_number}/summative",
        "/api/v1/library/mark-rules",
        "/api/v1/library/mark-sheets/{sheet_id}/points",
    ):
        assert path in paths
