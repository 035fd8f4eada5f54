"""The observer's page: the form offers the lesson's stages and the cycle's case pupils, a note
sent twice is stored once, she sees her own notes in Kazakhstan's time, the page is read-only
once the report is published, and it costs the same queries whatever the number of notes."""

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ortaq.lessonstudy.models import Note
from ortaq.testing.factories import make_user
from ortaq.testing.http import signed_in
from ortaq.testing.lessonstudy import Observed, add_notes, make_observed, publish_report
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def observed(reference_data: None) -> Observed:
    return make_observed()


def url(observed: Observed, language: str = "en") -> str:
    with_language = reverse(
        "lessonstudy:observe", kwargs={"cycle_id": observed.cycle.pk, "lesson_number": 1}
    )
    return with_language.replace("/en/", f"/{language}/", 1)


def form_data(observed: Observed, **changes: Any) -> dict[str, Any]:
    return {
        "stage": observed.stages[1].pk,
        "pupil": observed.pupils[2].pk,
        "text": "C оқушы жұбына сұрақ қойды.",
        "client_id": str(uuid.uuid4()),
        **changes,
    }


def test_the_page_offers_the_lessons_stages_and_the_cycles_pupils(observed: Observed) -> None:
    make_observed()  # another cycle, whose stages and pupils are not offered
    response = signed_in(observed.member).get(url(observed))
    assert response.status_code == 200
    form = response.context["form"]
    assert [c[0] for c in form.fields["stage"].choices] == [s.pk for s in observed.stages]
    assert [c[0] for c in form.fields["pupil"].choices] == [p.pk for p in observed.pupils]
    html = response.content.decode()
    assert 'name="client_id"' in html
    assert "lessonstudy/observe.js" in html and " defer" in html
    assert "<script>" not in html  # no inline script (the CSP forbids it)


def test_a_note_is_saved_and_a_second_sending_stores_nothing(observed: Observed) -> None:
    client = signed_in(observed.member)
    data = form_data(observed)
    response = client.post(url(observed), data)
    assert response.status_code == 302
    assert response["Location"] == f"{url(observed)}?stage={observed.stages[1].pk}#note-form"
    note = Note.objects.get()
    assert (note.observer, note.lesson, note.pupil, note.stage) == (
        observed.member,
        observed.lesson,
        observed.pupils[2],
        observed.stages[1],
    )
    assert str(note.client_id) == data["client_id"]

    again = client.post(url(observed), data, follow=True)
    assert Note.objects.count() == 1
    assert "This note was already saved." in again.content.decode()
    # The stage she chose stays chosen for the next note.
    assert again.context["form"]["stage"].value() == str(observed.stages[1].pk)


def test_a_pupil_of_another_cycle_is_not_offered(observed: Observed) -> None:
    other = make_observed()
    response = signed_in(observed.member).post(
        url(observed), form_data(observed, pupil=other.pupils[0].pk)
    )
    assert response.status_code == 200
    assert "pupil" in response.context["form"].errors
    assert not Note.objects.exists()


def test_she_reads_her_own_notes_only_in_kazakhstans_time(observed: Observed) -> None:
    add_notes(observed, observed.member, 2)
    Note.objects.filter(observer=observed.member).update(
        written_at=datetime.datetime(2026, 12, 7, 4, 5, tzinfo=datetime.UTC)
    )
    add_notes(observed, observed.expert, 1)
    response = signed_in(observed.member).get(url(observed, "kk"))
    html = response.content.decode()
    assert len(response.context["sheet"].notes) == 2
    assert html.count('data-state="sent"') == 2
    assert "07.12.2026 09:05" in html  # 04:05 UTC is 09:05 in Kazakhstan


def test_once_the_report_is_published_the_page_is_read_only(observed: Observed) -> None:
    add_notes(observed, observed.member, 1)
    publish_report(observed.cycle)
    client = signed_in(observed.member)
    response = client.get(url(observed))
    html = response.content.decode()
    assert response.status_code == 200
    assert "its observation notes can no longer change" in html
    assert 'id="note-form"' not in html and "observe.js" not in html
    after = client.post(url(observed), form_data(observed), follow=True)
    assert "its observation notes can no longer change" in after.content.decode()
    assert Note.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "facilitator", "expert"])
def test_the_group_and_its_knowledgeable_other_observe(observed: Observed, who: str) -> None:
    client = signed_in(getattr(observed, who))
    assert client.get(url(observed)).status_code == 200
    assert client.post(url(observed), form_data(observed)).status_code == 302
    assert Note.objects.count() == 1


def test_others_are_refused_as_the_rule_says(observed: Observed, people: dict[str, Any]) -> None:
    assert_refused(Client().get(url(observed)), as_="visitor")
    assert_refused(Client().post(url(observed), form_data(observed)), as_="visitor")
    for outsider in (make_user(), make_observed().member, people["admin"], people["coordinator"]):
        assert_refused(signed_in(outsider).get(url(observed)), as_="outsider")
        assert_refused(signed_in(outsider).post(url(observed), form_data(observed)), as_="outsider")
    missing = url(observed).replace("/lessons/1/", "/lessons/9/")
    assert_refused(signed_in(observed.member).get(missing), as_="outsider")
    assert not Note.objects.exists()


def test_the_page_costs_the_same_queries_whatever_the_number_of_notes(
    observed: Observed,
) -> None:
    client = signed_in(observed.member)
    add_notes(observed, observed.member, 1)
    client.get(url(observed))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(observed)).status_code == 200
    add_notes(observed, observed.member, 60)
    add_notes(observed, observed.expert, 20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(observed)).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_speaks_each_language(observed: Observed, language: str) -> None:
    response = signed_in(observed.member).get(url(observed, language))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
