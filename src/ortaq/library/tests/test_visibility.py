"""Who reads a library version and its review is one rule: ``Version.objects.visible_to`` and
``Resource.objects.worked_on_by`` (every list) agree with ``library.view_version`` and
``library.view_review`` for every role of the role matrix and for the people a resource is
about (its authors, the expert asked), on drafts, versions in review and published ones at two
places."""

from collections.abc import Iterator
from typing import Any

import pytest

from ortaq.accounts.services import role_grant
from ortaq.core.models import Subject
from ortaq.core.roles import Role
from ortaq.library import services
from ortaq.library.models import Expertise, Resource, Version
from ortaq.testing.factories import make_user
from ortaq.testing.library_review import a_draft, open_of, write
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix
from ortaq.testing.world import once_per_module

pytestmark = pytest.mark.django_db

World = tuple[dict[str, Any], dict[str, Version], dict[str, Resource]]


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with once_per_module(django_db_blocker):
        yield _world()


def _world() -> World:
    from ortaq.testing.library_review import approve

    places = make_places()
    people = role_matrix(places)
    subject = Subject.objects.get(code="mathematics")
    for name, school in (("author", places.school), ("far author", places.far_school)):
        people[name] = make_user(profile__school=school)
    people["coauthor"] = make_user(profile__school=places.other_school)
    people["asked expert"] = make_user()
    role_grant(actor=None, user=people["asked expert"], role=Role.EXPERT, target=places.region)
    Expertise.objects.create(user=people["asked expert"], subject=subject)
    moderator = people["moderator@region"]
    resources = {
        "draft": services.resource_create(
            actor=people["author"],
            about=services.NewResource(
                kind="lesson", subject=subject, language="kk", coauthors=[people["coauthor"]]
            ),
            draft=a_draft(),
        ),
        "in review": write(people["author"], subject),
        "published": write(people["author"], subject),
        "far draft": write(people["far author"], subject),
    }
    for key in ("in review", "published"):
        version = services.version_submit(actor=people["author"], version=open_of(resources[key]))
        services.experts_assign(actor=moderator, version=version, experts=[people["asked expert"]])
    approve(people["asked expert"], open_of(resources["published"]))
    services.version_start(actor=people["author"], resource=resources["published"])
    versions = {
        f"{key} v{v.number}": v
        for key, resource in resources.items()
        for v in Version.objects.filter(resource=resource)
    }
    return people, versions, {k: Resource.objects.get(pk=r.pk) for k, r in resources.items()}


def test_who_reads_a_version_is_one_rule(world: World) -> None:
    people, versions, _resources = world
    assert_same_rule(
        people=people,
        objects=versions,
        rows=lambda user: Version.objects.visible_to(user),
        allowed="library.view_version",
    )


def test_who_reads_a_review_is_one_rule(world: World) -> None:
    people, _versions, resources = world
    assert_same_rule(
        people=people,
        objects=resources,
        rows=lambda user: Resource.objects.worked_on_by(user),
        allowed="library.view_review",
    )


def test_who_opens_a_resource_is_one_rule(world: World) -> None:
    people, _versions, resources = world
    assert_same_rule(
        people=people,
        objects=resources,
        rows=lambda user: Resource.objects.visible_to(user),
        allowed="library.view_resource",
    )
