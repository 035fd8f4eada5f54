"""Registrations for the last seats at the same moment, with real transactions on PostgreSQL:
the event's row lock gives each seat to exactly one person, and a freed seat is offered once."""

import threading
from typing import Any

import pytest

from ortaq.events import services
from ortaq.events.choices import RegistrationStatus
from ortaq.events.models import Event, Registration
from ortaq.testing.factories import make_event, make_user
from ortaq.testing.utils import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_six_people_for_the_last_two_seats_at_once_get_two_seats(reference_data: None) -> None:
    event = make_event(capacity=3)
    services.registration_register(actor=make_user(), event=event)
    people = iter([make_user() for _ in range(6)])
    lock = threading.Lock()

    def register() -> Any:
        with lock:
            person = next(people)
        return services.registration_register(actor=person, event=Event.objects.get(pk=event.pk))

    results = at_once(register, times=6)
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(r.registration.status for r in results)
    assert statuses.count(RegistrationStatus.REGISTERED) == 2
    assert statuses.count(RegistrationStatus.WAITING) == 4
    assert Registration.objects.filter(event=event).holding_seats().count() == 3


def test_the_same_person_registering_four_times_at_once_is_registered_once(
    reference_data: None,
) -> None:
    event = make_event(capacity=5)
    teacher = make_user()
    results = at_once(
        lambda: services.registration_register(actor=teacher, event=Event.objects.get(pk=event.pk)),
        times=4,
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.changed for r in results) == [False, False, False, True]
    assert Registration.objects.filter(event=event).count() == 1


def test_two_cancelling_at_once_offer_two_seats_each_to_one_person(reference_data: None) -> None:
    event = make_event(capacity=2)
    holders = [make_user(), make_user()]
    rows = [services.registration_register(actor=p, event=event).registration for p in holders]
    waiting = [make_user() for _ in range(3)]
    for person in waiting:
        services.registration_register(actor=person, event=event)
    pairs = iter(zip(holders, rows, strict=True))
    lock = threading.Lock()

    def cancel() -> Any:
        with lock:
            person, row = next(pairs)
        return services.registration_cancel(actor=person, registration=row)

    results = at_once(cancel, times=2)
    assert not [r for r in results if isinstance(r, Exception)], results
    offered = Registration.objects.filter(event=event, status=RegistrationStatus.OFFERED)
    assert sorted(offered.values_list("user_id", flat=True)) == sorted(p.pk for p in waiting[:2])
