"""Who looks after whom, and whose page one may open, are one rule each: the SQL of the people
page and of bulk enrolment agrees with the permission of one person's page, for every role of
the role matrix on people of every school, of none, and deactivated."""

from collections.abc import Iterator
from typing import Any

import pytest

from ortaq.accounts.models import User
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix
from ortaq.testing.world import once_per_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def people(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Built once for the module: every test asks its questions of the same rows."""
    with once_per_module(django_db_blocker):
        yield _people()


def _people() -> dict[str, Any]:
    return role_matrix(make_places())


def _everyone(people: dict[str, Any]) -> dict[str, User]:
    return {name: person for name, person in people.items() if person is not None}


def test_who_looks_after_whom_is_one_rule(people: dict[str, Any]) -> None:
    assert_same_rule(
        people=people,
        objects=_everyone(people),
        rows=lambda viewer: User.objects.looked_after_by(viewer),
        allowed="accounts.manage_person",
    )


def test_whose_page_she_opens_is_one_rule(people: dict[str, Any]) -> None:
    assert_same_rule(
        people=people,
        objects=_everyone(people),
        rows=lambda viewer: User.objects.visible_to(viewer),
        allowed="accounts.view_person",
    )


def test_a_national_methodologist_opens_the_page_of_someone_of_no_school(
    client: Any, people: dict[str, Any]
) -> None:
    """The people page listed everyone to her, people of no school too, but their pages
    answered 403: the permission asked for a school the list did not."""
    trainer = people["trainer@country"]
    client.force_login(people["coordinator@country"])
    listed = client.get("/en/people/", {"q": trainer.email})
    assert trainer.email in listed.content.decode()
    assert client.get(f"/en/people/{trainer.pk}/").status_code == 200
