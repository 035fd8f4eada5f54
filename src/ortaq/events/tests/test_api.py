"""The events API: public fields and the join link only for the registered, registering twice,
the waiting list for organisers only, contributions and reviews (no reviewer's name reaches an
author, no author's name a blind reviewer), bad input answered 422 or 400, the schema."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ortaq.events import contributions as calls
from ortaq.events import programme as prog
from ortaq.events.models import Event, Registration
from ortaq.testing.factories import make_event, make_trainer, make_user
from ortaq.testing.http import call, signed_in

pytestmark = pytest.mark.django_db
SECRET = "https://meet.example.org/secret-room"
SESSION_SECRET = "https://meet.example.org/session-secret"


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


@pytest.fixture
def world() -> dict[str, Any]:
    organiser = make_trainer()
    event = make_event(organiser=organiser, capacity=1, online_url=SECRET)
    now = timezone.now()
    calls.call_save(
        actor=organiser,
        event=event,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        kinds=["talk", "poster"],
        languages=["kk", "ru"],
    )
    prog.session_save(
        actor=organiser,
        event=event,
        kind="plenary",
        title="Пленарлық",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        online_url=SESSION_SECRET,
    )
    return {
        "organiser": organiser,
        "event": event,
        "author": make_user(first_name="Айгүл", last_name="Авторова"),
        "reviewer": make_user(first_name="Бейтаныс", last_name="Рецензентова"),
    }


def url(event: Event, rest: str = "") -> str:
    return f"/api/v1/events/{event.slug}{rest}"


TALK = {
    "kind": "talk",
    "title": "Зерттеу сабағы",
    "abstract": "Қысқаша мазмұны.",
    "language": "kk",
    "details": {"aims": "Мақсат", "findings": "Нәтиже"},
    "coauthors": [{"name": "Мария Ким", "email": "maria@example.kz"}],
}


def test_events_show_public_fields_and_the_join_link_only_to_the_registered(
    world: dict[str, Any],
) -> None:
    event = world["event"]
    listing = Client().get("/api/v1/events")
    assert listing.status_code == 200
    assert SECRET not in listing.content.decode()
    detail = Client().get(url(event))
    assert detail.status_code == 200 and detail.json()["join_url"] is None
    assert "secret-room" not in detail.content.decode()
    person = make_user()
    client = Client()
    first = call(client, "post", url(event, "/registration"), person, {})
    assert first.status_code == 201 and first.json()["status"] == "registered"
    again = call(client, "post", url(event, "/registration"), person, {})
    assert again.status_code == 200 and again.json()["status"] == "registered"
    assert again.json()["join_url"]
    mine = signed_in(person).get(url(event))
    assert mine.json()["join_url"] and "secret-room" not in mine.content.decode()
    sessions = signed_in(person).get(url(event, "/sessions")).json()
    assert sessions[0]["online_url"] == SESSION_SECRET
    assert Client().get(url(event, "/sessions")).json()[0]["online_url"] is None
    # The next one waits; the waiting list is the organisers'.
    waiter = make_user()
    assert call(client, "post", url(event, "/registration"), waiter, {}).json()["status"] == (
        "waiting"
    )
    assert signed_in(waiter).get(url(event, "/sessions")).json()[0]["online_url"] is None
    assert call(client, "get", url(event, "/waiting-list"), waiter).status_code == 403
    waiting = call(client, "get", url(event, "/waiting-list"), world["organiser"]).json()
    assert [row["email"] for row in waiting["items"]] == [waiter.email]
    # She cancels: the seat is offered to the one waiting, who takes it.
    assert call(client, "delete", url(event, "/registration"), person).json()["status"] == (
        "cancelled"
    )
    taken = call(client, "post", url(event, "/registration/seat"), waiter)
    assert taken.status_code == 200 and taken.json()["status"] == "registered"
    assert call(client, "post", url(event, "/registration/seat"), person).status_code == 400
    regs = call(client, "get", "/api/v1/me/event-registrations", waiter).json()
    assert [r["event"] for r in regs["items"]] == [event.slug]


def test_contributions_and_blind_review_through_the_api(world: dict[str, Any]) -> None:
    event, organiser = world["event"], world["organiser"]
    author, reviewer = world["author"], world["reviewer"]
    client = Client()
    made = call(client, "post", url(event, "/contributions"), author, TALK)
    assert made.status_code == 201, made.content
    body = made.json()
    assert [a["name"] for a in body["authors"]] == ["Авторова Айгүл", "Мария Ким"]
    path = url(event, f"/contributions/{body['id']}")
    # Bad input: a kind the call does not take (400), a kind that does not exist (422).
    poster_workshop = {**TALK, "kind": "workshop"}
    assert (
        call(client, "post", url(event, "/contributions"), author, poster_workshop).status_code
        == 400
    )
    assert (
        call(
            client, "post", url(event, "/contributions"), author, {**TALK, "kind": "x"}
        ).status_code
        == 422
    )
    assert (
        call(
            client, "post", url(event, "/contributions"), author, {**TALK, "abstract": "сөз " * 400}
        ).status_code
        == 400
    )
    # Nobody but the authors, reviewers and organisers reads a submitted one.
    assert call(client, "get", path, make_user()).status_code == 404
    assert Client().get(path).status_code == 401
    # Assigning: only organisers; the reviewer reads it without its authors (blind).
    assign = {"reviewer_id": reviewer.pk}
    assert call(client, "post", path + "/reviewers", author, assign).status_code == 403
    assert call(client, "post", path + "/reviewers", organiser, assign).status_code == 201
    reviews = call(client, "get", "/api/v1/me/reviews", reviewer).json()["items"]
    assert len(reviews) == 1 and reviews[0]["contribution"]["authors"] is None
    seen_by_reviewer = call(client, "get", path, reviewer)
    assert seen_by_reviewer.json()["authors"] is None
    assert "Авторова" not in seen_by_reviewer.content.decode()
    assert "Авторова" not in call(client, "get", "/api/v1/me/reviews", reviewer).content.decode()
    review = {
        "recommendation": "changes",
        "comments_to_authors": "Мысал қосыңыз.",
        "comments_to_organisers": "Ұйымдастырушыларға ғана.",
    }
    review_path = f"/api/v1/me/reviews/{reviews[0]['id']}"
    assert call(client, "put", review_path, author, review).status_code == 404
    assert call(client, "put", review_path, reviewer, review).status_code == 200
    assert (
        call(
            client, "put", review_path, reviewer, {**review, "recommendation": "maybe"}
        ).status_code
        == 422
    )
    # Organisers read the review with its reviewer; then decide.
    organisers_view = call(client, "get", path, organiser).json()
    assert organisers_view["reviews"][0]["reviewer"] == "Рецензентова Бейтаныс"
    assert call(client, "post", path + "/decision", reviewer, {"accept": True}).status_code == 403
    decided = call(client, "post", path + "/decision", organiser, {"accept": True})
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    # The author reads the comments, never the reviewer's name or the organisers' comments.
    mine = call(client, "get", path, author)
    assert mine.json()["comments_to_authors"] == ["Мысал қосыңыз."]
    assert mine.json()["reviews"] is None
    text = mine.content.decode()
    assert "Рецензентова" not in text and "Бейтаныс" not in text
    assert "Ұйымдастырушыларға" not in text
    listed = call(client, "get", url(event, "/contributions"), author).content.decode()
    assert "Рецензентова" not in listed
    # Accepted: she is a speaker, past the one seat; the public reads it with its authors.
    assert Registration.objects.get(event=event, user=author).role == "speaker"
    public = Client().get(path)
    assert public.status_code == 200 and public.json()["authors"][0]["name"] == "Авторова Айгүл"
    # Decided: no more edits or withdrawal.
    assert call(client, "put", path, author, TALK).status_code == 400
    assert call(client, "post", path + "/withdrawal", author).status_code == 400


def test_editing_and_withdrawing_through_the_api(world: dict[str, Any]) -> None:
    event, author = world["event"], world["author"]
    client = Client()
    made = call(client, "post", url(event, "/contributions"), author, TALK).json()
    path = url(event, f"/contributions/{made['id']}")
    changed = call(client, "put", path, author, {**TALK, "title": "Жаңа атауы", "coauthors": []})
    assert changed.status_code == 200 and changed.json()["title"] == "Жаңа атауы"
    assert [a["name"] for a in changed.json()["authors"]] == ["Авторова Айгүл"]
    stranger = make_user()
    assert call(client, "put", path, stranger, TALK).status_code == 404
    assert call(client, "post", path + "/withdrawal", author).json()["status"] == "withdrawn"


def test_the_operations_are_in_the_schema() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/events",
        "/api/v1/events/{slug}",
        "/api/v1/events/{slug}/registration",
        "/api/v1/events/{slug}/waiting-list",
        "/api/v1/events/{slug}/sessions",
        "/api/v1/events/{slug}/contributions/{contribution_id}/decision",
        "/api/v1/me/reviews/{review_id}",
    ):
        assert path in paths, path
    assert "online_url" not in str(schema["components"]["schemas"]["EventDetailOut"])
