"""The pages of events: who gets what in each status, the online link shown to the registered
only, registering from the page (twice says so), the calendar's filters and feed, and the event
page's fixed number of queries."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ortaq.events import services
from ortaq.events.choices import RegistrationStatus
from ortaq.events.models import Registration
from ortaq.testing.factories import make_event, make_user
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db
SECRET = "meet.example.org/secret-room"


def as_(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("status", "visitor", "teacher", "organiser"),
    [
        ("draft", "visitor404", "outsider", 200),
        ("published", 200, 200, 200),
        ("cancelled", 200, 200, 200),
    ],
)
def test_the_event_page_by_status(
    people: dict[str, Any], status: str, visitor: Any, teacher: Any, organiser: int
) -> None:
    event = make_event(organiser=people["trainer"], status=status)
    url = reverse("events:event", args=[event.slug])
    anonymous = as_(None).get(url)
    if visitor == "visitor404":
        assert anonymous.status_code == 404  # a public page: no sign-in asked of a draft
    else:
        assert anonymous.status_code == visitor
    answer = as_(people["teacher"]).get(url)
    if teacher == "outsider":
        assert_refused(answer, as_="outsider")
    else:
        assert answer.status_code == teacher
    assert as_(people["trainer"]).get(url).status_code == organiser
    edit = reverse("events:edit", args=[event.slug])
    assert as_(people["trainer"]).get(edit).status_code == 200
    if status != "draft":
        assert_refused(as_(people["teacher"]).get(edit), as_="onlooker")


def test_the_online_link_is_shown_to_no_one_but_through_her_own_link(
    people: dict[str, Any],
) -> None:
    event = make_event()
    url = reverse("events:event", args=[event.slug])
    for client in (as_(None), as_(people["teacher"])):
        assert SECRET not in client.get(url).content.decode()
    feed = as_(None).get(reverse("events:feed")).content.decode()
    assert "BEGIN:VEVENT" in feed and SECRET not in feed
    ics = as_(None).get(reverse("events:ics", args=[event.slug])).content.decode()
    assert SECRET not in ics
    registration = services.registration_register(actor=people["teacher"], event=event).registration
    page = as_(people["teacher"]).get(url).content.decode()
    assert SECRET not in page
    assert reverse("events_join", args=[registration.join_token()]) in page


def test_registering_from_the_page_twice_says_so(people: dict[str, Any]) -> None:
    event = make_event(capacity=1)
    client = as_(people["teacher"])
    register = reverse("events:register", args=[event.slug])
    assert client.get(register).status_code == 200
    answer = client.post(register)
    assert answer.status_code == 302
    again = client.post(register)
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
        "You are already registered for this event."
    )
    assert Registration.objects.filter(event=event).count() == 1
    other = as_(people["far_teacher"])
    other.post(register)
    assert Registration.objects.get(user=people["far_teacher"]).status == RegistrationStatus.WAITING
    page = other.get(reverse("events:event", args=[event.slug])).content.decode()
    assert "waiting list" in page


def test_the_calendar_filters_and_pages(people: dict[str, Any]) -> None:
    online = make_event(mode="online", languages="ru", kind="webinar")
    in_person = make_event(mode="in_person", languages="kk", online_url="")
    make_event(status="draft")
    make_event(starts_in=timedelta(days=-3))  # over
    client = as_(None)
    calendar = reverse("events:calendar")
    page = client.get(calendar).content.decode()
    assert online.title in page and in_person.title in page
    assert "Семинар №3" not in page and "Семинар №4" not in page
    only_online = client.get(calendar, {"online": "on"}).content.decode()
    assert online.title in only_online and in_person.title not in only_online
    kazakh = client.get(calendar, {"language": "kk"}).content.decode()
    assert in_person.title in kazakh and online.title not in kazakh
    webinars = client.get(reverse("events:feed"), {"kind": "webinar"}).content.decode()
    assert webinars.count("BEGIN:VEVENT") == 1


def event_page_queries(client: Client, slug: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("events:event", args=[slug])).status_code == 200
    return len(queries)


def test_the_event_page_makes_a_fixed_number_of_queries(people: dict[str, Any]) -> None:
    small, large = make_event(capacity=5), make_event(capacity=50)
    for n in range(30):
        services.registration_register(actor=make_user(), event=large)
        if n < 2:
            services.registration_register(actor=make_user(), event=small)
    organiser = as_(small.organiser_person)
    teacher = as_(people["teacher"])
    visitor = as_(None)
    for client in (organiser, teacher, visitor):
        event_page_queries(client, small.slug)  # sessions and caches warm
    for client in (teacher, visitor):
        assert event_page_queries(client, small.slug) == event_page_queries(client, large.slug)
    assert organiser.get(reverse("events:event", args=[large.slug])).status_code == 200


def test_the_calendar_makes_a_fixed_number_of_queries(people: dict[str, Any]) -> None:
    client = as_(people["teacher"])
    url = reverse("events:calendar")
    for _ in range(21):  # more than a page: the list counts how many it found
        make_event()
    client.get(url)  # session warm

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(24):
        services.registration_register(actor=make_user(), event=make_event(capacity=3))
    assert count() == few
