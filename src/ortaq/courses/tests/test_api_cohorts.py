"""A course's cohorts through the API: listed with their figures, started, changed, given a
facilitator, by those who organise them and refused to others."""

import json
from typing import Any

import pytest
from django.test import Client

from ortaq.courses.models import Enrollment
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = pytest.mark.django_db


def test_a_trainer_starts_changes_and_staffs_a_cohort(
    client: Client, people: dict[str, Any]
) -> None:
    built = make_course()
    url = f"/api/v1/courses/{built.course.pk}/cohorts"
    client.force_login(built.trainer)
    made = client.post(
        url,
        json.dumps({"name": "Алматы, қаңтар", "region": people["region"].code.lower()}),
        content_type="application/json",
    )
    assert made.status_code == 201
    cohort = made.json()
    assert cohort["region"] == people["region"].code and cohort["enrolled"] == 0
    enrolled = enrol(people["teacher"], built.course)
    Enrollment.objects.filter(pk=enrolled.pk).update(cohort_id=cohort["id"])
    listed = client.get(url).json()
    assert [(c["name"], c["enrolled"], c["completed"]) for c in listed] == [
        ("Алматы, қаңтар", 1, 0)
    ]
    one = f"{url}/{cohort['id']}"
    changed = client.put(
        one, json.dumps({"name": "Алматы, ақпан", "starts_on": "2027-02-01"}),
        content_type="application/json",
    )  # fmt: skip
    assert changed.json()["name"] == "Алматы, ақпан" and changed.json()["region"] is None
    staffed = client.post(
        f"{one}/facilitators",
        json.dumps({"email": people["facilitator"].email}),
        content_type="application/json",
    )
    assert staffed.json()["facilitators"] == [people["facilitator"].get_full_name()]
    unknown = client.post(
        f"{one}/facilitators", json.dumps({"email": "nobody@example.kz"}),
        content_type="application/json",
    )  # fmt: skip
    assert unknown.status_code == 422
    bad_region = client.post(
        url, json.dumps({"name": "X", "region": "KZ-XXX"}), content_type="application/json"
    )
    assert bad_region.status_code == 422
    client.force_login(people["teacher"])
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 401


def test_the_list_costs_the_same_queries_for_one_cohort_or_four(
    client: Client, people: dict[str, Any]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ortaq.courses.services import cohort_facilitator_add, cohort_save

    built = make_course()
    url = f"/api/v1/courses/{built.course.pk}/cohorts"
    client.force_login(built.trainer)
    counts = []
    for size in (1, 4):
        for n in range(size):
            cohort = cohort_save(actor=built.trainer, course=built.course, name=f"{size}-{n}")
            cohort_facilitator_add(actor=built.trainer, cohort=cohort, user=make_user())
        client.get(url)  # the session and the signed-in user are read once
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url).json()) >= size
        counts.append(len(queries))
    assert counts[0] == counts[1]
