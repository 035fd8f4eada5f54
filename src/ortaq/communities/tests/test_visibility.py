"""Each visibility rule of circles and projects is one rule: the SQL that every list starts from
and the permission a page checks on one object agree, for every role of the role matrix on
circles of every kind, place, visibility and state, with members in every status, and on
projects in every status in them."""

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from ortaq.communities.choices import (
    CircleKind,
    MemberRole,
    MembershipStatus,
    ProjectStatus,
    Visibility,
)
from ortaq.communities.models import Circle, Project
from ortaq.testing.factories import add_member
from ortaq.testing.visibility import Places, assert_same_rule, make_places, role_matrix
from ortaq.testing.world import once_per_module

pytestmark = pytest.mark.django_db

STATUSES = [
    (MemberRole.MEMBER, MembershipStatus.ACTIVE),
    (MemberRole.FACILITATOR, MembershipStatus.ACTIVE),
    (MemberRole.MEMBER, MembershipStatus.INVITED),
    (MemberRole.MEMBER, MembershipStatus.REQUESTED),
    (MemberRole.MEMBER, MembershipStatus.LEFT),
    (MemberRole.MEMBER, MembershipStatus.DECLINED),
    # A facilitator who left keeps her role on the row, not the circle.
    (MemberRole.FACILITATOR, MembershipStatus.LEFT),
]


def _where(places: Places) -> dict[str, dict[str, Any]]:
    """Where a circle may be: one school's, or a network of a district or a region whose
    schools may lie elsewhere (a network names its region, its schools are its own)."""
    return {
        "school's": {"kind": CircleKind.SCHOOL, "school": places.school},
        "other school's": {"kind": CircleKind.SCHOOL, "school": places.other_school},
        "other district school's": {
            "kind": CircleKind.SCHOOL,
            "school": places.other_district_school,
        },
        "far school's": {"kind": CircleKind.SCHOOL, "school": places.far_school},
        "district network": {
            "kind": CircleKind.NETWORK,
            "region": places.region,
            "district": places.district,
            "schools": [places.other_school, places.other_district_school],
        },
        "regional network with a far school": {
            "kind": CircleKind.NETWORK,
            "region": places.region,
            "schools": [places.far_school],
        },
    }


def _circle(name: str, where: dict[str, Any], visibility: str, archived: bool) -> Circle:
    school = where.get("school")
    circle = Circle.objects.create(
        name=name,
        kind=where["kind"],
        school=school,
        region=school.region if school else where["region"],
        district=school.district if school else where.get("district"),
        visibility=visibility,
        archived_at=timezone.now() if archived else None,
    )
    circle.schools.set(where.get("schools", []))
    return circle


@pytest.fixture(scope="module")
def world(
    django_db_setup: Any, django_db_blocker: Any
) -> Iterator[tuple[dict[str, Any], dict[str, Circle]]]:
    """Built once for the module: every test asks its questions of the same rows."""
    with once_per_module(django_db_blocker):
        yield _world()


def _world() -> tuple[dict[str, Any], dict[str, Circle]]:
    places = make_places()
    circles: dict[str, Circle] = {}
    for (label, where), visibility in itertools.product(_where(places).items(), Visibility.values):
        name = f"{label} {visibility}"
        circles[name] = _circle(name, where, visibility, archived=False)
    # Archived circles are still read by those who could read them (lists of live circles
    # leave them out themselves).
    for visibility in Visibility.values:
        name = f"school's {visibility} archived"
        circles[name] = _circle(name, _where(places)["school's"], visibility, archived=True)
    first = next(iter(circles.values()))
    people = role_matrix(places, objects={"a circle": first})
    # Some of the matrix in every status of membership, rotating over the circles.
    joiners = [
        people["no role@school"],
        people["no role@far_school"],
        people["nobody"],
        people["teacher@other_district_school"],
        people["coordinator@far_region"],
    ]
    for n, circle in enumerate(circles.values()):
        for m, person in enumerate(joiners):
            role, status = STATUSES[(n + m) % len(STATUSES)]
            add_member(circle, person, role=role, status=status)
    return people, circles


World = tuple[dict[str, Any], dict[str, Circle]]

# Projects go into a few of the circles: every kind of place, not every visibility.
WITH_PROJECTS = (
    "school's members",
    "other district school's members",
    "far school's signed_in",
    "regional network with a far school members",
)


@pytest.fixture(scope="module")
def projects(world: World, django_db_blocker: Any) -> dict[str, Project]:
    """Built once for the module, inside the world's transaction."""
    with django_db_blocker.unblock():
        return _projects(world)


def _projects(world: World) -> dict[str, Project]:
    """A project in every status in each of those circles, of people in every status there
    (one has left the circle, one never was in it), and one of a facilitator's own."""
    people, circles = world
    owners = [
        people["no role@school"],
        people["no role@far_school"],
        people["nobody"],
        people["teacher@other_district_school"],
        people["teacher@school"],
    ]
    found: dict[str, Project] = {}
    for n, name in enumerate(WITH_PROJECTS):
        for m, status in enumerate(ProjectStatus.values):
            owner = owners[(n + m) % len(owners)]
            label = f"{status} project in {name}"
            found[label] = Project.objects.create(
                owner=owner, circle=circles[name], title=label, status=status
            )
    return found


def test_who_reads_a_circle_is_one_rule(world: World) -> None:
    people, circles = world
    assert_same_rule(
        people=people,
        objects=circles,
        rows=lambda user: Circle.objects.visible_to(user),
        allowed="communities.view_circle",
    )


def test_who_finds_a_circle_or_its_card_is_one_rule(world: World) -> None:
    people, circles = world
    assert_same_rule(
        people=people,
        objects=circles,
        rows=lambda user: Circle.objects.findable_by(user),
        allowed="communities.find_circle",
    )


def test_who_opens_a_project_is_one_rule(world: World, projects: dict[str, Project]) -> None:
    people, _circles = world
    assert_same_rule(
        people=people,
        objects=projects,
        rows=lambda user: Project.objects.visible_to(user),
        allowed="communities.view_project",
    )


def test_who_reads_a_showcase_entry_is_one_rule(world: World, projects: dict[str, Project]) -> None:
    people, _circles = world
    assert_same_rule(
        people=people,
        objects=projects,
        rows=lambda user: Project.objects.in_showcase_for(user),
        allowed="communities.view_showcase_entry",
    )
