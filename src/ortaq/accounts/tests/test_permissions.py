"""Every role against every action on people, roles and schools, refusals included."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.permissions import may_grant
from ortaq.accounts.services import scope_chain_of
from ortaq.core.roles import Role
from ortaq.testing.world import make_people, once_per_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def people(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The role matrix's people, built once for the module's questions."""
    with once_per_module(django_db_blocker):
        yield make_people()


ACTORS = (
    "anonymous",
    "teacher",
    "facilitator",
    "principal",
    "coordinator",
    "district_coordinator",
    "other_coordinator",
    "trainer",
    "admin",
)
COORDINATORS = {"coordinator", "district_coordinator", "other_coordinator"}
LOCAL_MANAGERS = {"principal", "coordinator", "district_coordinator", "admin"}


def perm(name: str, target: str | None = None) -> Callable[[Any, dict[str, Any]], bool]:
    return lambda user, p: user.has_perm(name, p[target] if target else None)


def grant(role: str, where: str | None) -> Callable[[Any, dict[str, Any]], bool]:
    return lambda user, p: may_grant(user, role, scope_chain_of(p[where] if where else None))


# action: (check, the actors allowed; everyone else must be refused)
MATRIX: dict[str, tuple[Callable[[Any, dict[str, Any]], bool], set[str]]] = {
    "view a school": (perm("schools.view_school", "school"), set(ACTORS)),
    "change own-region school": (perm("schools.change_school", "school"), LOCAL_MANAGERS),
    "change far school": (
        perm("schools.change_school", "far_school"),
        {"other_coordinator", "admin"},
    ),
    "add a school": (perm("schools.add_school"), COORDINATORS | {"admin"}),
    "import schools": (perm("schools.import_schools"), COORDINATORS | {"admin"}),
    "list people": (perm("accounts.list_people"), COORDINATORS | {"principal", "admin"}),
    "import teachers": (perm("accounts.import_teachers"), COORDINATORS | {"principal", "admin"}),
    "view a teacher": (perm("accounts.view_person", "teacher"), LOCAL_MANAGERS | {"teacher"}),
    "view a far teacher": (
        perm("accounts.view_person", "far_teacher"),
        {"other_coordinator", "admin"},
    ),
    "see a teacher's IIN": (perm("accounts.view_iin", "teacher"), {"teacher", "admin"}),
    "change a teacher's profile": (
        perm("accounts.change_profile", "teacher"),
        {"teacher", "admin"},
    ),
    "manage roles": (perm("accounts.manage_roles"), COORDINATORS | {"principal", "admin"}),
    "grant facilitator at the school": (grant(Role.FACILITATOR, "school"), LOCAL_MANAGERS),
    "grant teacher at the far school": (
        grant(Role.TEACHER, "far_school"),
        {"other_coordinator", "admin"},
    ),
    "grant coordinator of the district": (
        grant(Role.COORDINATOR, "district"),
        {"coordinator", "admin"},
    ),
    "grant coordinator of the region": (grant(Role.COORDINATOR, "region"), {"admin"}),
    "grant principal at the school": (
        grant(Role.PRINCIPAL, "school"),
        {"coordinator", "district_coordinator", "admin"},
    ),
    "grant trainer in the country": (grant(Role.TRAINER, None), {"admin"}),
    "grant admin in the country": (grant(Role.ADMIN, None), {"admin"}),
    "grant admin of the region": (grant(Role.ADMIN, "region"), {"admin"}),
}


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_role_matrix(people: dict[str, Any], actor: str, action: str) -> None:
    check, allowed = MATRIX[action]
    user = people[actor] or AnonymousUser()
    assert check(user, people) is (actor in allowed), f"{actor} / {action}"


def test_a_person_s_rights_are_those_every_backend_in_turn_would_give(
    people: dict[str, Any],
) -> None:
    """``User.has_perm`` asks ``rules`` straight for everyone but staff: for each person of the
    matrix, each right the platform knows and each kind of place or object, the same answer as
    asking every authentication backend in turn (Django's way), or the same refusal to answer."""
    from django.contrib.auth.models import _user_has_perm  # type: ignore[attr-defined]
    from rules.permissions import permissions

    from ortaq.testing.factories import make_course

    course = make_course().course
    targets = [None, course, *(people[k] for k in ("school", "far_school", "region", "district"))]
    asked = 0
    for name in ACTORS[1:]:
        user = people[name]
        for permission in sorted(permissions):
            for target in targets:
                try:
                    expected: bool | type[Exception] = _user_has_perm(user, permission, target)
                except Exception as exc:  # a rule for another kind of object
                    expected = type(exc)
                try:
                    answered: bool | type[Exception] = user.has_perm(permission, target)
                except Exception as exc:
                    answered = type(exc)
                assert answered == expected, (name, permission, target)
                asked += 1
    assert asked > 1000
