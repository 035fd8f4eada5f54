"""The programme: sessions within the event's times, chairs registered as chairs past capacity,
accepted contributions placed in order; the public page in each language (online links for
the registered only, a fixed number of queries) and the programme and book of abstracts as
PDFs, read back by their text."""

import io
from datetime import timedelta
from typing import Any

import pypdf
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.events import contributions as calls
from ortaq.events import programme as prog
from ortaq.events import services
from ortaq.events.choices import RegistrationRole, RegistrationStatus
from ortaq.events.contributions import AuthorIn
from ortaq.events.models import Contribution, Event, Registration, Session
from ortaq.testing.factories import make_event, make_trainer, make_user

pytestmark = pytest.mark.django_db
ROOM_LINK = "https://meet.example.org/plenary-secret"


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


def accepted(event: Event, organiser: Any, title: str, **extra: Any) -> Contribution:
    author = extra.pop("author", None) or make_user(first_name="Әлия", last_name="Жұмабаева")
    contribution = calls.contribution_submit(
        actor=author,
        event=event,
        kind=extra.pop("kind", "poster"),
        title=title,
        abstract=extra.pop("abstract", "Зерттеу сабағының нәтижелері."),
        language="kk",
        **extra,
    )
    return calls.contribution_decide(actor=organiser, contribution=contribution, accept=True)


@pytest.fixture
def world() -> dict[str, Any]:
    organiser = make_trainer()
    event = make_event(organiser=organiser, capacity=1, hours_long=8)
    now = timezone.now()
    calls.call_save(
        actor=organiser,
        event=event,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        kinds=["talk", "poster"],
        languages=["kk", "ru"],
    )
    plenary = prog.session_save(
        actor=organiser,
        event=event,
        kind="plenary",
        title="Пленарлық отырыс",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=2),
        room="Акт залы",
        online_url=ROOM_LINK,
    )
    return {"organiser": organiser, "event": event, "plenary": plenary}


def test_sessions_stay_within_the_event_and_only_its_runners_change_them(
    world: dict[str, Any],
) -> None:
    event, organiser = world["event"], world["organiser"]
    with pytest.raises(NotAllowed):
        prog.session_save(
            actor=make_user(),
            event=event,
            kind="break",
            title="",
            starts_at=event.starts_at,
            ends_at=event.starts_at,
        )
    with pytest.raises(DomainError):
        prog.session_save(
            actor=organiser,
            event=event,
            kind="section",
            title="Кеш",
            starts_at=event.ends_at,
            ends_at=event.ends_at + timedelta(hours=1),
        )
    pause = prog.session_save(
        actor=organiser,
        event=event,
        kind="break",
        title="",
        starts_at=event.starts_at + timedelta(hours=2),
        ends_at=event.starts_at + timedelta(hours=3),
    )
    poster = accepted(event, organiser, "Постер")
    with pytest.raises(DomainError):
        prog.slot_place(actor=organiser, session=pause, contribution=poster)


def test_placing_in_order_and_moving(world: dict[str, Any]) -> None:
    event, organiser, plenary = world["event"], world["organiser"], world["plenary"]
    first = accepted(event, organiser, "Бірінші")
    second = accepted(event, organiser, "Екінші")
    prog.slot_place(actor=organiser, session=plenary, contribution=second)
    prog.slot_place(actor=organiser, session=plenary, contribution=first, order=0)
    sessions = prog.sessions_of(event)
    assert [s.contribution.title for s in sessions[0].slots.all()] == ["Бірінші", "Екінші"]
    section = prog.session_save(
        actor=organiser,
        event=event,
        kind="section",
        title="Секция",
        starts_at=event.starts_at + timedelta(hours=3),
        ends_at=event.starts_at + timedelta(hours=4),
    )
    prog.slot_place(actor=organiser, session=section, contribution=second)
    assert Contribution.objects.get(pk=second.pk).slot.session == section  # moved, once
    submitted = calls.contribution_submit(
        actor=make_user(), event=event, kind="poster", title="Жоқ", abstract="a", language="kk"
    )
    with pytest.raises(DomainError):
        prog.slot_place(actor=organiser, session=plenary, contribution=submitted)


def test_a_chair_is_registered_as_a_chair_past_capacity(world: dict[str, Any]) -> None:
    event = world["event"]
    services.registration_register(actor=make_user(), event=event)  # the one seat
    chair = make_user(first_name="Гүлнар", last_name="Төрағаева")
    registration = prog.chair_add(actor=world["organiser"], session=world["plenary"], user=chair)
    assert (registration.status, registration.role) == (
        RegistrationStatus.REGISTERED,
        RegistrationRole.CHAIR,
    )
    assert Registration.objects.filter(event=event, status="registered").count() == 2
    assert not Registration.objects.filter(event=event, status="waiting").exists()


def programme_page(client: Client, event: Event, language: str = "kk") -> Any:
    with translation.override(language):
        url = reverse("events:programme", args=[event.slug])
    return client.get(url)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_programme_page_in_each_language_hides_the_online_link(
    world: dict[str, Any], language: str
) -> None:
    event, organiser = world["event"], world["organiser"]
    prog.slot_place(
        actor=organiser,
        session=world["plenary"],
        contribution=accepted(event, organiser, "Тақырып"),
    )
    anonymous = programme_page(Client(), event, language)
    assert anonymous.status_code == 200
    body = anonymous.content.decode()
    assert "Тақырып" in body and "Жұмабаева" in body and "Акт залы" in body
    assert ROOM_LINK not in body
    assert "<script" not in body
    stranger = Client()
    stranger.force_login(make_user())
    assert ROOM_LINK not in programme_page(stranger, event, language).content.decode()
    listener = make_user()
    Registration.objects.create(event=event, user=listener, status="registered")
    registered = Client()
    registered.force_login(listener)
    assert ROOM_LINK in programme_page(registered, event, language).content.decode()
    waiting = make_user()
    Registration.objects.create(
        event=event, user=waiting, status="waiting", waiting_since=timezone.now()
    )
    waits = Client()
    waits.force_login(waiting)
    assert ROOM_LINK not in programme_page(waits, event, language).content.decode()


def test_times_are_shown_in_kazakhstan_time(world: dict[str, Any]) -> None:
    plenary: Session = world["plenary"]
    local = timezone.localtime(plenary.starts_at)
    assert local.utcoffset() == timedelta(hours=5)
    body = programme_page(Client(), world["event"]).content.decode()
    assert f"{local:%H:%M}" in body


def page_queries(client: Client, event: Event) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert programme_page(client, event).status_code == 200
    return len(queries)


def test_the_programme_page_makes_a_fixed_number_of_queries(world: dict[str, Any]) -> None:
    event, organiser = world["event"], world["organiser"]
    reader = make_user()
    Registration.objects.create(event=event, user=reader, status="registered")
    client = Client()
    client.force_login(reader)
    prog.slot_place(
        actor=organiser, session=world["plenary"], contribution=accepted(event, organiser, "1")
    )
    page_queries(client, event)  # sessions and caches warm
    small = page_queries(client, event)
    for number in range(6):
        section = prog.session_save(
            actor=organiser,
            event=event,
            kind="section",
            title=f"Секция {number}",
            starts_at=event.starts_at + timedelta(hours=2),
            ends_at=event.starts_at + timedelta(hours=3),
        )
        prog.chair_add(actor=organiser, session=section, user=make_user())
        for index in range(3):
            contribution = accepted(
                event,
                organiser,
                f"Баяндама {number}.{index}",
                author=make_user(),
                coauthors=[AuthorIn("Қосалқы автор", f"co{number}{index}@example.kz")],
            )
            prog.slot_place(actor=organiser, session=section, contribution=contribution)
    assert page_queries(client, event) == small
    assert page_queries(Client(), event) <= small


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_programme_and_the_book_of_abstracts_as_pdfs(world: dict[str, Any]) -> None:
    event, organiser = world["event"], world["organiser"]
    talk = accepted(
        event,
        organiser,
        "Сыни ойлауды дамыту",
        kind="talk",
        abstract="Оқушылардың сұрақтары өзгерді.",
        details={"aims": "Мақсат", "findings": "Нәтиже"},
        coauthors=[AuthorIn("Мария Ким", "maria@example.kz", "№5 мектеп")],
    )
    accepted(event, organiser, "Орналаспаған постер")
    prog.slot_place(actor=organiser, session=world["plenary"], contribution=talk)
    chair = make_user(first_name="Гүлнар", last_name="Төрағаева")
    prog.chair_add(actor=organiser, session=world["plenary"], user=chair)
    response = Client().get(reverse("events:programme_pdf", args=[event.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Пленарлық отырыс" in text and "Сыни ойлауды дамыту" in text
    assert "Мария Ким" in text and "Төрағаева" in text and "Акт залы" in text
    assert ROOM_LINK not in text and "plenary-secret" not in text
    local = timezone.localtime(world["plenary"].starts_at)
    assert f"{local:%H:%M}" in text
    book = pdf_text(Client().get(reverse("events:abstracts_pdf", args=[event.slug])).content)
    assert "Сыни ойлауды дамыту" in book and "Оқушылардың сұрақтары өзгерді." in book
    assert "№5 мектеп" in book and "Орналаспаған постер" in book
    assert book.index("Сыни ойлауды дамыту") < book.index("Орналаспаған постер")


def test_a_draft_events_programme_is_not_found(world: dict[str, Any]) -> None:
    draft = make_event(organiser=world["organiser"], status="draft")
    for name in ("events:programme", "events:programme_pdf", "events:abstracts_pdf"):
        assert Client().get(reverse(name, args=[draft.slug])).status_code == 404
