import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ortaq.events.choices import EventKind, OrganiserKind, RegistrationStatus
from ortaq.events.models import Event, Registration, split_join_token
from ortaq.schools.models import Region
from ortaq.testing.factories import make_event, make_user

pytestmark = pytest.mark.django_db


def test_an_event_has_one_organiser_and_a_join_token_that_checks_itself(
    reference_data: None,
) -> None:
    person = make_user()
    event = make_event(organiser=person)
    assert event.starts_key == int(event.starts_at.timestamp())
    registration = Registration.objects.create(
        event=event, user=person, status=RegistrationStatus.REGISTERED
    )
    token = registration.join_token()
    assert split_join_token(token) == registration.join_key
    assert split_join_token(token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    assert split_join_token("short") is None
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            slug="two",
            kind=EventKind.SEMINAR,
            title_ru="Без организатора",
            organiser_kind=OrganiserKind.SCHOOL,
            starts_at=start,
            ends_at=start,
        )
    office = Event.objects.create(
        slug="three",
        kind=EventKind.ROUND_TABLE,
        title_kk="Дөңгелек үстел",
        organiser_kind=OrganiserKind.OFFICE,
        region=Region.objects.first(),
        starts_at=start,
        ends_at=start,
    )
    assert office.title == "Дөңгелек үстел"
