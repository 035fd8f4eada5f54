"""The Lesson Study API: the notes batch (stored once per client id, the whole batch refused
for one wrong note, bounded input), who reads what (the permission matrix by status code), and
a fixed number of queries whatever the number of notes."""

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortaq.lessonstudy.models import Note
from ortaq.lessonstudy.services.observation import MAX_BATCH, MAX_NOTE_LENGTH
from ortaq.testing.factories import make_user
from ortaq.testing.http import JSON, bearer, signed_in
from ortaq.testing.lessonstudy import Observed, add_notes, make_observed, publish_report
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def observed(reference_data: None) -> Observed:
    return make_observed()


def notes_url(observed: Observed) -> str:
    return f"/api/v1/lesson-study/lessons/{observed.lesson.pk}/notes"


def item(observed: Observed, n: int = 0, **changes: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "pupil_id": observed.pupils[n % len(observed.pupils)].pk,
        "stage_id": observed.stages[n % len(observed.stages)].pk,
        "text": f"{n}-жазба: мәтінді дауыстап оқыды.",
        "written_at": (timezone.now() - datetime.timedelta(minutes=n)).isoformat(),
        **changes,
    }


def send(client: Client, observed: Observed, who: Any, notes: list[dict[str, Any]]) -> Any:
    headers = bearer(who, language="en") if who is not None else {}
    return client.post(notes_url(observed), {"notes": notes}, content_type=JSON, headers=headers)


def test_a_batch_sent_twice_is_stored_once_and_the_answer_says_so(observed: Observed) -> None:
    client = Client()
    batch = [item(observed, n) for n in range(4)]
    first = send(client, observed, observed.member, batch)
    assert first.status_code == 200, first.content
    assert first.json() == {"created": [n["client_id"] for n in batch], "existing": []}
    extra = item(observed, 7)
    again = send(client, observed, observed.member, [*batch, extra])
    assert again.json() == {
        "created": [extra["client_id"]],
        "existing": [n["client_id"] for n in batch],
    }
    assert Note.objects.filter(observer=observed.member).count() == 5


def test_the_browsers_session_sends_notes_with_its_csrf_token(observed: Observed) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(observed.member)
    refused = client.post(notes_url(observed), {"notes": [item(observed)]}, content_type=JSON)
    assert refused.status_code == 403
    client.get("/en/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        notes_url(observed),
        {"notes": [item(observed)]},
        content_type=JSON,
        headers={"x-csrftoken": token},
    )
    assert response.status_code == 200, response.content
    assert Note.objects.count() == 1


def test_a_pupil_of_another_cycle_refuses_the_batch_with_the_reason(observed: Observed) -> None:
    other = make_observed()
    batch = [item(observed, 0), item(observed, 1, pupil_id=other.pupils[0].pk)]
    response = send(Client(), observed, observed.member, batch)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Note 2 of 2 is refused: its case pupil is not one of this cycle's. "
        "No note was stored."
    }
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"notes": []},
        {"notes": "x"},
        {"notes": [{"client_id": "not-a-uuid"}]},
    ],
)
def test_bad_input_is_a_422(observed: Observed, body: dict[str, Any]) -> None:
    response = Client().post(
        notes_url(observed), body, content_type=JSON, headers=bearer(observed.member)
    )
    assert response.status_code == 422, response.content


@pytest.mark.parametrize(
    "changes",
    [
        {"text": ""},
        {"text": "ә" * (MAX_NOTE_LENGTH + 1)},
        {"written_at": "2026-12-07T10:00:00"},  # no offset
        {"pupil_id": 0},
        {"stage_id": 10**30},
    ],
)
def test_a_note_out_of_bounds_is_a_422(observed: Observed, changes: dict[str, Any]) -> None:
    response = send(Client(), observed, observed.member, [item(observed, **changes)])
    assert response.status_code == 422, response.content
    assert not Note.objects.exists()


def test_more_than_a_batch_is_a_422(observed: Observed) -> None:
    batch = [item(observed, n) for n in range(MAX_BATCH + 1)]
    assert send(Client(), observed, observed.member, batch).status_code == 422


def test_a_time_in_the_future_is_refused(observed: Observed) -> None:
    later = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    response = send(Client(), observed, observed.member, [item(observed, written_at=later)])
    assert response.status_code == 400
    assert "in the future" in response.json()["detail"]


def test_no_notes_once_the_report_is_published(observed: Observed) -> None:
    publish_report(observed.cycle)
    response = send(Client(), observed, observed.member, [item(observed)])
    assert response.status_code == 400
    assert "report is published" in response.json()["detail"]


# Who reads and writes what ------------------------------------------------------------------


def reads(observed: Observed) -> list[str]:
    cycle, lesson = observed.cycle.pk, observed.lesson.pk
    return [
        f"/api/v1/lesson-study/cycles/{cycle}",
        f"/api/v1/lesson-study/lessons/{lesson}",
        f"/api/v1/lesson-study/lessons/{lesson}/notes",
    ]


@pytest.mark.parametrize("who", ["member", "facilitator", "expert"])
def test_the_group_reads_and_writes(observed: Observed, who: str) -> None:
    person = getattr(observed, who)
    client = Client()
    for path in reads(observed):
        assert client.get(path, headers=bearer(person)).status_code == 200, path
    assert send(client, observed, person, [item(observed)]).status_code == 200


def test_outsiders_get_404_and_visitors_401(observed: Observed, people: dict[str, Any]) -> None:
    client = Client()
    outsiders = [make_user(), make_observed().member, people["admin"], people["coordinator"]]
    for path in reads(observed):
        assert_refused(client.get(path), as_="visitor")
        for outsider in outsiders:
            assert_refused(client.get(path, headers=bearer(outsider)), as_="outsider")
    assert_refused(send(client, observed, None, [item(observed)]), as_="visitor")
    for outsider in outsiders:
        assert_refused(send(client, observed, outsider, [item(observed)]), as_="outsider")
    assert not Note.objects.exists()


def test_the_cycle_and_the_lesson_carry_every_artefact(observed: Observed) -> None:
    add_notes(observed, observed.member, 3)
    client = Client()
    headers = bearer(observed.member)
    cycle = client.get(f"/api/v1/lesson-study/cycles/{observed.cycle.pk}", headers=headers).json()
    assert [p["code"] for p in cycle["case_pupils"]] == ["A", "B", "C"]
    assert cycle["lessons"] == [
        {
            "id": observed.lesson.pk,
            "number": 1,
            "taught_on": observed.lesson.taught_on.isoformat(),  # type: ignore[union-attr]
            "class_label": "5 «Ә»",
        }
    ]
    lesson = client.get(f"/api/v1/lesson-study/lessons/{observed.lesson.pk}", headers=headers)
    stages = lesson.json()["stages"]
    assert [s["id"] for s in stages] == [s.pk for s in observed.stages]
    assert len(stages[0]["predictions"]) == 3
    notes = client.get(notes_url(observed) + f"?pupil={observed.pupils[0].pk}", headers=headers)
    assert notes.json()["count"] == 1
    assert notes.json()["items"][0]["observer_id"] == observed.member.pk


def test_groups_and_published_reports_are_public(observed: Observed) -> None:
    client = Client()
    slug = observed.group.association.slug
    groups = client.get(f"/api/v1/lesson-study/associations/{slug}/groups").json()
    assert [g["id"] for g in groups["items"]] == [observed.group.pk]
    group = client.get(f"/api/v1/lesson-study/groups/{observed.group.pk}")
    assert group.status_code == 200
    cycles = f"/api/v1/lesson-study/groups/{observed.group.pk}/cycles"
    report = f"/api/v1/lesson-study/cycles/{observed.cycle.pk}/report"
    assert client.get(cycles).json()["count"] == 0
    assert signed_in(observed.member).get(cycles).json()["count"] == 1
    assert client.get(report).status_code == 404
    publish_report(observed.cycle)
    assert client.get(cycles).json()["count"] == 1
    assert client.get(report).json()["status"] == "published"
    # Its working material stays the group's.
    outsider = bearer(make_user())
    assert (
        client.get(f"/api/v1/lesson-study/cycles/{observed.cycle.pk}", headers=outsider).status_code
        == 404
    )


def test_my_cycles_are_the_ones_i_work_on(observed: Observed) -> None:
    make_observed()
    client = Client()
    mine = client.get("/api/v1/lesson-study/cycles", headers=bearer(observed.expert)).json()
    assert [c["id"] for c in mine["items"]] == [observed.cycle.pk]
    assert client.get("/api/v1/lesson-study/cycles").status_code == 401


# Queries --------------------------------------------------------------------------------------


def test_the_notes_batch_costs_the_same_queries_whatever_its_size(observed: Observed) -> None:
    client = Client()
    headers = bearer(observed.member)

    def cost(batch: list[dict[str, Any]]) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                notes_url(observed), {"notes": batch}, content_type=JSON, headers=headers
            )
        assert response.status_code == 200
        return len(captured)

    cost([item(observed)])  # warms the token's caches
    one = cost([item(observed)])
    many = cost([item(observed, n) for n in range(300)])
    assert many == one


def test_the_notes_list_costs_the_same_queries_whatever_the_number(observed: Observed) -> None:
    client = Client()
    headers = bearer(observed.member)

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(notes_url(observed), headers=headers).status_code == 200
        return len(captured)

    add_notes(observed, observed.member, 2)
    cost()
    few = cost()
    add_notes(observed, observed.expert, 40)
    assert cost() == few
