"""The services of events: who creates one and as whom, publishing and cancelling, registering
(twice is one registration), the waiting list, offers that are taken or lapse, the join link."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.events import services
from ortaq.events.choices import AttendanceSource, EventStatus, OrganiserKind, RegistrationStatus
from ortaq.events.models import Attendance, Registration
from ortaq.testing.factories import make_association, make_event, make_user

pytestmark = pytest.mark.django_db

S = RegistrationStatus


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Queue tasks at once rather than on commit (tests run inside a transaction)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


def details(**extra: Any) -> dict[str, Any]:
    start = timezone.now() + timedelta(days=10)
    return {
        "kind": "seminar",
        "title_ru": "Семинар по Lesson Study",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "mode": "online",
        "online_url": "https://meet.example.org/room",
        "languages": ["ru", "kk"],
        **extra,
    }


def test_who_may_hold_an_event_as_whom(people: dict[str, Any]) -> None:
    school, region = people["school"], people["region"]
    principal = services.organiser_choices_for(people["principal"])
    assert principal.person and list(principal.schools) == [school]
    assert not principal.regions.exists() and not principal.associations.exists()
    coordinator = services.organiser_choices_for(people["coordinator"])
    assert list(coordinator.regions) == [region]
    assert coordinator.schools.filter(pk=school.pk).exists()
    assert not coordinator.schools.filter(pk=people["far_school"].pk).exists()
    teacher = services.organiser_choices_for(people["teacher"])
    assert teacher.kinds() == []
    assert not people["teacher"].has_perm("events.add_event")
    steward = make_user()
    association = make_association(region=region, coordinators=[steward])
    assert services.organiser_choices_for(steward).kinds() == [OrganiserKind.ASSOCIATION]
    assert steward.has_perm("events.add_event")
    event = services.event_create(
        actor=steward,
        organiser=services.Organiser(OrganiserKind.ASSOCIATION, association=association),
        data=details(),
    )
    assert (event.region_id, event.status, event.languages) == (region.pk, "draft", "kk ru")
    assert steward.has_perm("events.change_event", event)
    assert people["coordinator"].has_perm("events.change_event", event)  # the region's
    assert not people["other_coordinator"].has_perm("events.change_event", event)
    # A school head may not hold one as another school, nor as an office.
    with pytest.raises(NotAllowed):
        services.event_create(
            actor=people["principal"],
            organiser=services.Organiser(OrganiserKind.SCHOOL, school=people["other_school"]),
            data=details(),
        )
    with pytest.raises(NotAllowed):
        services.event_create(
            actor=people["principal"],
            organiser=services.Organiser(OrganiserKind.OFFICE, region=region),
            data=details(),
        )


def test_a_draft_is_seen_only_by_those_who_run_it_and_publishing_shows_it(
    people: dict[str, Any],
) -> None:
    trainer = people["trainer"]
    event = services.event_create(
        actor=trainer, organiser=services.Organiser(OrganiserKind.PERSON), data=details()
    )
    from ortaq.events.models import Event

    assert not people["teacher"].has_perm("events.view_event", event)
    assert not Event.objects.visible_to(people["teacher"]).filter(pk=event.pk).exists()
    assert Event.objects.visible_to(trainer).filter(pk=event.pk).exists()
    with pytest.raises(NotAllowed):
        services.event_publish(actor=people["teacher"], event=event)
    services.event_publish(actor=trainer, event=event)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert Event.objects.visible_to(people["anonymous"] or _anon()).filter(pk=event.pk).exists()


def _anon() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_registering_twice_is_one_registration(people: dict[str, Any]) -> None:
    event = make_event(capacity=10)
    teacher = people["teacher"]
    first = services.registration_register(actor=teacher, event=event)
    again = services.registration_register(actor=teacher, event=event)
    assert first.changed and not again.changed
    assert first.registration.pk == again.registration.pk
    assert Registration.objects.filter(event=event).count() == 1
    assert first.registration.status == S.REGISTERED
    (message,) = mail.outbox
    assert message.to == [teacher.email]
    # The event's .ics file, and her check-in QR code (events.attendance).
    attachment, qr = message.attachments
    assert qr[0] == "check-in.png" and qr[2] == "image/png"
    assert attachment[0].endswith(".ics") and "BEGIN:VEVENT" in attachment[1]
    assert "meet.example.org" not in attachment[1]  # never the online link


def test_a_full_event_puts_her_on_the_waiting_list_and_a_freed_seat_is_offered(
    people: dict[str, Any],
) -> None:
    event = make_event(capacity=1, offer_hours=48)
    first, second, third = people["teacher"], people["far_teacher"], people["facilitator"]
    held = services.registration_register(actor=first, event=event).registration
    waits = services.registration_register(actor=second, event=event).registration
    later = services.registration_register(actor=third, event=event).registration
    assert (held.status, waits.status, later.status) == (S.REGISTERED, S.WAITING, S.WAITING)
    mail.outbox.clear()
    services.registration_cancel(actor=first, registration=held)
    waits.refresh_from_db()
    later.refresh_from_db()
    assert waits.status == S.OFFERED and later.status == S.WAITING
    assert waits.offer_expires_at is not None
    assert timedelta(hours=47) < waits.offer_expires_at - timezone.now() <= timedelta(hours=48)
    assert [m.to for m in mail.outbox] == [[second.email]]
    # An offered seat is held: a newcomer waits.
    newcomer = services.registration_register(actor=people["principal"], event=event)
    assert newcomer.registration.status == S.WAITING
    taken = services.offer_accept(actor=second, registration=waits)
    assert taken.status == S.REGISTERED
    assert Registration.objects.filter(event=event, status=S.REGISTERED).count() == 1


def test_an_offer_not_taken_in_time_passes_to_the_next(people: dict[str, Any]) -> None:
    event = make_event(capacity=1, offer_hours=2)
    first, second, third = people["teacher"], people["far_teacher"], people["facilitator"]
    held = services.registration_register(actor=first, event=event).registration
    offered = services.registration_register(actor=second, event=event).registration
    nxt = services.registration_register(actor=third, event=event).registration
    services.registration_cancel(actor=first, registration=held)
    later = timezone.now() + timedelta(hours=3)
    with pytest.raises(DomainError) as refused:
        services.offer_accept(actor=second, registration=offered, now=later)
    assert refused.value.code == "expired"
    offered.refresh_from_db()
    nxt.refresh_from_db()
    assert offered.status == S.CANCELLED
    assert nxt.status == S.OFFERED
    # The periodic sweep lets the next one lapse too, and nothing is left to offer.
    assert services.offers_sweep(now=later + timedelta(hours=3)) == 1
    nxt.refresh_from_db()
    assert nxt.status == S.CANCELLED
    # She who let it lapse may register again, at the end of the list (a seat is free now).
    again = services.registration_register(actor=second, event=event)
    assert again.changed and again.registration.status == S.REGISTERED


def test_registration_window_and_state_are_checked(people: dict[str, Any]) -> None:
    teacher = people["teacher"]
    draft = make_event(status="draft")
    with pytest.raises(NotAllowed):
        services.registration_register(actor=teacher, event=draft)
    future = make_event(registration_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(DomainError) as refused:
        services.registration_register(actor=teacher, event=future)
    assert refused.value.code == "not_open"
    closed = make_event(registration_closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(DomainError):
        services.registration_register(actor=teacher, event=closed)


def test_required_questions_and_choices(people: dict[str, Any]) -> None:
    event = make_event()
    organiser = event.organiser_person
    assert organiser is not None
    position = services.question_add(
        actor=organiser, event=event, text="Лауазымыңыз?", kind="text", required=True
    )
    section = services.question_add(
        actor=organiser, event=event, text="Секция", kind="choice", choices="A\nB"
    )
    teacher = people["teacher"]
    with pytest.raises(DomainError):
        services.registration_register(actor=teacher, event=event, answers={})
    with pytest.raises(DomainError):
        services.registration_register(
            actor=teacher, event=event, answers={position.pk: "Мұғалім", section.pk: "C"}
        )
    done = services.registration_register(
        actor=teacher, event=event, answers={position.pk: "Мұғалім", section.pk: "B"}
    )
    assert {a.question_id: a.value for a in done.registration.answers.all()} == {
        position.pk: "Мұғалім",
        section.pk: "B",
    }


def test_cancelling_an_event_tells_everyone(people: dict[str, Any]) -> None:
    event = make_event(capacity=1)
    services.registration_register(actor=people["teacher"], event=event)
    services.registration_register(actor=people["far_teacher"], event=event)
    mail.outbox.clear()
    organiser = event.organiser_person
    assert organiser is not None
    with pytest.raises(DomainError):
        services.event_cancel(actor=organiser, event=event, reason=" ")
    services.event_cancel(actor=organiser, event=event, reason="Болмайды")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["teacher"].email, people["far_teacher"].email]
    )
    with pytest.raises(DomainError):
        services.registration_register(actor=people["principal"], event=event)


def test_the_join_link_opens_only_for_her_while_registered(people: dict[str, Any]) -> None:
    event = make_event(starts_in=timedelta(minutes=30))
    registration = services.registration_register(actor=people["teacher"], event=event).registration
    token = registration.join_token()
    assert services.join_link_follow(token=token) == "https://meet.example.org/secret-room"
    services.join_link_follow(token=token)  # twice: one attendance
    (attendance,) = Attendance.objects.filter(event=event)
    assert attendance.source == AttendanceSource.JOIN_LINK
    with pytest.raises(DomainError) as refused:
        services.join_link_follow(token=token[:-2] + "zz")
    assert refused.value.code == "invalid_link"
    services.registration_cancel(actor=people["teacher"], registration=registration)
    with pytest.raises(DomainError) as refused:
        services.join_link_follow(token=token)
    assert refused.value.code == "not_registered"


def test_reminders_go_once_with_the_calendar_file(people: dict[str, Any]) -> None:
    event = make_event(starts_in=timedelta(hours=20))
    services.registration_register(actor=people["teacher"], event=event)
    mail.outbox.clear()
    assert services.reminders_due() == 1
    assert services.reminders_due() == 0
    (message,) = mail.outbox
    assert message.attachments
