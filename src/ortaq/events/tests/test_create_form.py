"""Creating an event as whom: the form offers only the kinds of organiser she may take; a
school is named in a plain field by its name or BIN and found on the server among the schools
she may hold events for (none or several matching: the form says so and keeps what she wrote);
her associations and offices are chosen from lists."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from ortaq.events.choices import OrganiserKind
from ortaq.events.models import Event
from ortaq.testing.factories import make_association, make_school, make_user

pytestmark = pytest.mark.django_db
URL = "/en/events/new/"


def as_(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def details(**extra: Any) -> dict[str, Any]:
    start = timezone.localtime(timezone.now() + timedelta(days=20))
    return {
        "kind": "seminar",
        "title_kk": "Әдістемелік семинар",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "online",
        "languages": ["kk"],
        "offer_hours": 48,
        "attendance_minutes": 30,
        **extra,
    }


def offered(page: Any) -> list[str]:
    return [value for value, _label in page.context["form"].fields["organiser"].choices]


def test_each_person_is_offered_only_the_kinds_of_organiser_she_may_take(
    people: dict[str, Any],
) -> None:
    trainer = as_(people["trainer"]).get(URL)
    assert offered(trainer) == [OrganiserKind.PERSON]
    assert {"school", "association", "office"}.isdisjoint(trainer.context["form"].fields)
    principal = as_(people["principal"]).get(URL)
    assert offered(principal) == [OrganiserKind.PERSON, OrganiserKind.SCHOOL]
    # She keeps one school: it is written in for her.
    assert principal.context["form"]["school"].initial == people["school"].name
    assert "association" not in principal.context["form"].fields
    coordinator = as_(people["coordinator"]).get(URL)
    assert offered(coordinator) == ["person", "school", "office"]
    steward = make_user()
    make_association(region=people["region"], coordinators=[steward])
    assert offered(as_(steward).get(URL)) == [OrganiserKind.ASSOCIATION]


def test_a_school_is_found_by_its_name_or_bin_among_hers(people: dict[str, Any]) -> None:
    coordinator = as_(people["coordinator"])
    mine = make_school(
        region=people["region"], name_kk="Ақсу ауылының мектебі", name_ru="Школа села Аксу"
    )
    make_school(
        region=people["region"], name_kk="Ақсу ауылының №2 мектебі", name_ru="Школа №2 села Аксу"
    )
    far = make_school(region=people["far_school"].region, name_kk="Алыстағы мектеп")
    with translation.override("en"):
        several = coordinator.post(URL, details(organiser="school", school="ақсу"))
        none = coordinator.post(URL, details(organiser="school", school=far.name_kk))
        empty = coordinator.post(URL, details(organiser="school", school=" "))
    assert several.status_code == 200 and not Event.objects.exists()
    assert "Several schools match “ақсу”" in several.text and str(mine.bin) in several.text
    # What she wrote stays in the field.
    assert 'value="ақсу"' in several.text
    assert "No school you may hold an event for" in none.text  # another region's
    assert "name or its BIN" in empty.text
    # Its whole name (any case) names one school even where another name contains it.
    by_name = coordinator.post(URL, details(organiser="school", school="АҚСУ АУЫЛЫНЫҢ МЕКТЕБІ"))
    assert by_name.status_code == 302
    assert Event.objects.get().organiser_school == mine
    by_bin = coordinator.post(URL, details(organiser="school", school=mine.bin, title_kk="Екінші"))
    assert by_bin.status_code == 302 and Event.objects.filter(organiser_school=mine).count() == 2


def test_an_office_and_an_association_are_chosen_from_her_own(people: dict[str, Any]) -> None:
    coordinator = as_(people["coordinator"])
    with translation.override("en"):
        missing = coordinator.post(URL, details(organiser="office"))
    assert "Choose the methodological office" in missing.text
    region = people["region"]
    done = coordinator.post(URL, details(organiser="office", office=f"region:{region.pk}"))
    assert done.status_code == 302
    event = Event.objects.get()
    assert (event.organiser_kind, event.region) == (OrganiserKind.OFFICE, region)
    # Another region's office is not hers: not a choice.
    other = people["far_school"].region
    refused = coordinator.post(URL, details(organiser="office", office=f"region:{other.pk}"))
    assert refused.status_code == 200 and Event.objects.count() == 1
    # A kind she may not take is not a choice either.
    trainer = as_(people["trainer"])
    school = people["school"]
    assert trainer.post(URL, details(organiser="school", school=school.bin)).status_code == 200
    steward = make_user()
    association = make_association(region=region, coordinators=[steward])
    held = as_(steward).post(URL, details(organiser="association", association=association.pk))
    assert held.status_code == 302
    assert Event.objects.get(organiser_association=association).region == region
