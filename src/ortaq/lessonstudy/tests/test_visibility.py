"""Who reads a cycle's working material is one rule: ``lessonstudy.view_cycle`` on one cycle
(or anything of it) and ``Cycle.objects.visible_to`` (with ``Group.objects.visible_to``) agree
for every role of the role matrix (roles on the group's circle and on the association too),
for the members of the group's circle in every status, its facilitators, the knowledgeable
other of one group, the association's coordinators and a deactivated member; and the region's
methodologists, who oversee the group's circle, do not read its cycles."""

from collections.abc import Iterator
from typing import Any

import pytest

from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.lessonstudy.models import Cycle, Group
from ortaq.lessonstudy.services import cycles as services
from ortaq.networks.choices import Steward
from ortaq.networks.models import Appointment
from ortaq.testing.factories import add_member, make_association, make_user
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix
from ortaq.testing.world import once_per_module

pytestmark = pytest.mark.django_db

World = tuple[dict[str, Any], dict[str, Cycle], dict[str, Group]]


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with once_per_module(django_db_blocker):
        yield _world()


def _group(association: Any, coordinator: Any, schools: list[Any], name: str) -> Group:
    return services.group_create(
        actor=coordinator,
        association=association,
        data=services.GroupFields(name=name, purpose="", language="kk", schools=schools),
        facilitator=make_user(profile__school=schools[0]),
    )


def _world() -> World:
    places = make_places()
    coordinator = make_user(profile__school=places.school)
    association = make_association(
        region=places.region,
        schools=[places.school, places.other_district_school],
        coordinators=[coordinator],
    )
    far_coordinator = make_user(profile__school=places.far_school)
    far = make_association(
        region=places.far_region, schools=[places.far_school], coordinators=[far_coordinator]
    )
    groups = {
        "with an expert": _group(association, coordinator, [places.school], "Бірінші"),
        "without one": _group(
            association, coordinator, [places.school, places.other_district_school], "Екінші"
        ),
        "far": _group(far, far_coordinator, [places.far_school], "Алыс"),
    }
    people = role_matrix(
        places,
        objects={
            "a group's circle": groups["with an expert"].circle,
            "the association": association,
        },
    )
    people["association's coordinator"] = coordinator
    circle = groups["with an expert"].circle
    for status in MembershipStatus.values:
        person = make_user(profile__school=places.school)
        add_member(circle, person, status=status)
        people[f"{status} member"] = person
    facilitator = make_user(profile__school=places.other_school)
    add_member(groups["without one"].circle, facilitator, role=MemberRole.FACILITATOR)
    people["second group's facilitator"] = facilitator
    people["first group's facilitator"] = (
        circle.memberships.filter(role=MemberRole.FACILITATOR).get().user
    )
    expert = make_user(profile__school=None)
    services.group_set_expert(
        actor=people["first group's facilitator"], group=groups["with an expert"], expert=expert
    )
    # Her invitation to the circle is still open: she reads the cycles as the expert.
    people["knowledgeable other"] = expert
    gone = make_user(is_active=False, profile__school=places.school)
    add_member(circle, gone)
    people["deactivated member"] = gone
    Appointment.objects.create(association=association, user=make_user(), role=Steward.EDITOR)
    cycles = {
        name: services.cycle_create(
            actor=group.circle.memberships.filter(role=MemberRole.FACILITATOR).first().user,  # type: ignore[union-attr]
            group=group,
            title=name,
        )
        for name, group in groups.items()
    }
    return people, cycles, groups


def test_who_reads_a_cycle_is_one_rule(world: World) -> None:
    people, cycles, _groups = world
    assert_same_rule(
        people=people,
        objects=cycles,
        rows=lambda user: Cycle.objects.visible_to(user),
        allowed="lessonstudy.view_cycle",
    )


def test_who_reads_a_group_is_the_same_rule(world: World) -> None:
    people, _cycles, groups = world
    assert_same_rule(
        people=people,
        objects=groups,
        rows=lambda user: Group.objects.visible_to(user),
        allowed="lessonstudy.view_cycle",
    )


def test_the_methodologists_over_the_circle_do_not_read_its_cycles(world: World) -> None:
    people, cycles, _groups = world
    cycle = cycles["with an expert"]
    for name in ("coordinator@region", "coordinator@school", "admin@country",
                 "association's coordinator", "facilitator@a group's circle"):  # fmt: skip
        assert not people[name].has_perm("lessonstudy.view_cycle", cycle), name
        assert not Cycle.objects.visible_to(people[name]).exists(), name
    for name in ("active member", "first group's facilitator", "knowledgeable other"):
        assert people[name].has_perm("lessonstudy.view_cycle", cycle), name
    assert not people["second group's facilitator"].has_perm("lessonstudy.view_cycle", cycle)
