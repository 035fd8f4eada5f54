"""Who sees an event and who runs it are one rule each: the lists' SQL (``visible_to``,
``run_by``) and the permission a page checks on one event agree, for every role of the role
matrix (roles on an event and on an association too), for staff organisers, for the person an
event is held in the name of and for an association's coordinators, on events of every kind of
organiser in every status."""

from collections.abc import Iterator
from typing import Any

import pytest

from ortaq.events.choices import EventStatus, OrganiserKind, StaffRole
from ortaq.events.models import Event, Staff
from ortaq.testing.factories import make_association, make_event, make_user
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix
from ortaq.testing.world import once_per_module

pytestmark = pytest.mark.django_db

World = tuple[dict[str, Any], dict[str, Event]]


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with once_per_module(django_db_blocker):
        yield _world()


def _world() -> World:
    places = make_places()
    steward = make_user()
    association = make_association(region=places.region, coordinators=[steward])
    holder = make_user()
    events: dict[str, Event] = {}
    for status in EventStatus.values:
        kinds: dict[str, dict[str, Any]] = {
            "a person's": {"organiser_person": holder, "region": places.region},
            "a school's": {
                "organiser_kind": OrganiserKind.SCHOOL,
                "organiser_person": None,
                "organiser_school": places.school,
                "region": places.region,
                "district": places.district,
            },
            "an association's": {
                "organiser_kind": OrganiserKind.ASSOCIATION,
                "organiser_person": None,
                "organiser_association": association,
                "region": places.region,
            },
            "a district office's": {
                "organiser_kind": OrganiserKind.OFFICE,
                "organiser_person": None,
                "region": places.region,
                "district": places.other_district,
            },
            "a far region office's": {
                "organiser_kind": OrganiserKind.OFFICE,
                "organiser_person": None,
                "region": places.far_region,
            },
        }
        for label, fields in kinds.items():
            events[f"{label}, {status}"] = make_event(status=status, **fields)
    people = role_matrix(
        places,
        objects={"an event": events["a school's, draft"], "an association": association},
    )
    people["steward"] = steward
    people["holder"] = holder
    staff = make_user()
    Staff.objects.create(
        event=events["a far region office's, draft"], user=staff, role=StaffRole.ORGANISER
    )
    people["staff organiser"] = staff
    chair = make_user()
    Staff.objects.create(event=events["a person's, draft"], user=chair, role=StaffRole.CHAIR)
    people["chair"] = chair
    return people, events


def test_who_runs_an_event_is_one_rule(world: World) -> None:
    people, events = world
    assert_same_rule(
        people=people,
        objects=events,
        rows=lambda user: Event.objects.run_by(user),
        allowed="events.change_event",
    )


def test_who_sees_an_event_is_one_rule(world: World) -> None:
    people, events = world
    assert_same_rule(
        people=people,
        objects=events,
        rows=lambda user: Event.objects.visible_to(user),
        allowed="events.view_event",
    )
