"""Who runs an association and who writes its news are one rule each: the SQL of the lists
(``run_by``, ``news_written_by`` and the directory's annotations) and the permission a page
checks on one association agree, for every role of the role matrix (roles on an association
object too) and for its appointed coordinators and editors, on associations of two regions."""

from collections.abc import Iterator
from typing import Any

import pytest

from ortaq.networks.choices import Steward
from ortaq.networks.models import Appointment, Association
from ortaq.networks.queries import with_rights
from ortaq.testing.factories import make_association
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix
from ortaq.testing.world import once_per_module

pytestmark = pytest.mark.django_db

World = tuple[dict[str, Any], dict[str, Association]]


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module: every test asks its questions of the same rows."""
    with once_per_module(django_db_blocker):
        yield _world()


def _world() -> World:
    places = make_places()
    associations = {
        "region's": make_association(region=places.region, schools=[places.school]),
        "region's, no editor": make_association(region=places.region),
        "far region's": make_association(region=places.far_region, schools=[places.far_school]),
    }
    people = role_matrix(places, objects={"an association": associations["region's"]})
    # Appointed people: a coordinator of one, the editor of another, a coordinator who is the
    # editor too; and a deactivated coordinator.
    appointed = {
        "coordinator of the region's": ("region's", Steward.COORDINATOR, "no role@school"),
        "editor of the far region's": ("far region's", Steward.EDITOR, "no role@far_school"),
        "coordinator of the far region's": ("far region's", Steward.COORDINATOR, "nobody"),
        "editor of the region's": ("region's", Steward.EDITOR, "nobody"),
        "deactivated coordinator": ("region's", Steward.COORDINATOR, "deactivated admin"),
    }
    for key, role, person in appointed.values():
        Appointment.objects.create(association=associations[key], user=people[person], role=role)
    return people, associations


def test_who_runs_an_association_is_one_rule(world: World) -> None:
    people, associations = world
    assert_same_rule(
        people=people,
        objects=associations,
        rows=lambda user: Association.objects.run_by(user),
        allowed="networks.change_association",
    )


def test_who_writes_its_news_is_one_rule(world: World) -> None:
    people, associations = world
    assert_same_rule(
        people=people,
        objects=associations,
        rows=lambda user: Association.objects.news_written_by(user),
        allowed="networks.post_news",
    )


def test_the_directorys_links_follow_the_same_rules(world: World) -> None:
    people, associations = world

    def flagged(flag: str) -> Any:
        return lambda user: with_rights(Association.objects.all(), user).filter(**{flag: True})

    for flag, perm in (
        ("can_change", "networks.change_association"),
        ("can_post_news", "networks.post_news"),
    ):
        assert_same_rule(people=people, objects=associations, rows=flagged(flag), allowed=perm)
