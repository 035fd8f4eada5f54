"""Hold a model's visibility rule (its queryset method, which every list uses) against its
object permission, for every role of the role matrix on generated rows.

``role_matrix`` makes one person for each role at each place of ``Places`` (the whole country,
a region, two of its districts, three schools, another region and a school there), one for
each role on each object given, and a few without a role: a visitor, a signed-in person who
works nowhere, a teacher without a role at each school, a deactivated administrator.
``assert_same_rule`` then asks, for every (person, row), whether the permission and the list
agree, and names every pair where they do not.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from ortaq.core.roles import Role


@dataclass(frozen=True)
class Places:
    """A region with two districts (the first with two schools, the second with one) and
    another region with one school."""

    region: Any
    district: Any
    school: Any
    other_school: Any
    other_district: Any
    other_district_school: Any
    far_region: Any
    far_school: Any

    def schools(self) -> dict[str, Any]:
        return {
            "school": self.school,
            "other_school": self.other_school,
            "other_district_school": self.other_district_school,
            "far_school": self.far_school,
        }


def make_places() -> Places:
    from ortaq.testing.factories import make_school

    school = make_school(region__code="KZ-19")
    other_school = make_school(region=school.region, district=school.district)
    other_district_school = make_school(region=school.region)
    far_school = make_school(region__code="KZ-23")
    return Places(
        region=school.region,
        district=school.district,
        school=school,
        other_school=other_school,
        other_district=other_district_school.district,
        other_district_school=other_district_school,
        far_region=far_school.region,
        far_school=far_school,
    )


def role_matrix(
    places: Places,
    *,
    objects: Mapping[str, Model] | None = None,
    roles: Iterable[str] = Role.values,
) -> dict[str, Any]:
    """People by name (``"coordinator@district"``, ``"trainer@course"``; ``None`` for the
    visitor): each role at each place and on each of ``objects``. Someone with a role at a
    school works there; someone with a role above a school works at none."""
    from ortaq.accounts.services import role_grant
    from ortaq.testing.factories import make_user

    scopes: dict[str, Any] = {
        "country": None,
        "region": places.region,
        "district": places.district,
        "other_district": places.other_district,
        **places.schools(),
        "far_region": places.far_region,
        **(objects or {}),
    }
    people: dict[str, Any] = {"anonymous": None, "nobody": make_user(profile__school=None)}
    for name, school in places.schools().items():
        people[f"no role@{name}"] = make_user(profile__school=school)
    schools = places.schools()
    for role in roles:
        for name, target in scopes.items():
            person = make_user(profile__school=schools.get(name))
            role_grant(actor=None, user=person, role=role, target=target)
            people[f"{role}@{name}"] = person
    gone = make_user(is_active=False, profile__school=places.school)
    role_grant(actor=None, user=gone, role=Role.ADMIN, target=None)
    people["deactivated admin"] = gone
    return people


def has_perm(perm: str) -> Callable[[Any, Any], bool]:
    """The permission ``perm`` as a predicate of (user, object)."""

    def check(user: Any, obj: Any) -> bool:
        return bool(user.has_perm(perm, obj))

    return check


def disagreements(
    *,
    people: Mapping[str, Any],
    objects: Mapping[str, Model],
    rows: Callable[[Any], QuerySet[Any]],
    allowed: Callable[[Any, Any], bool],
) -> tuple[list[str], int, int]:
    """Every (person, object) where ``allowed`` and ``rows`` disagree, with how many pairs
    were allowed and refused."""
    found: list[str] = []
    yes = no = 0
    for name, person in people.items():
        user = person if person is not None else AnonymousUser()
        listed = set(rows(user).values_list("pk", flat=True))
        for label, obj in objects.items():
            permitted = bool(allowed(user, obj))
            yes, no = yes + permitted, no + (not permitted)
            if permitted != (obj.pk in listed):
                found.append(f"{name} × {label}: permission {permitted}, list {not permitted}")
    return found, yes, no


def assert_same_rule(
    *,
    people: Mapping[str, Any],
    objects: Mapping[str, Model],
    rows: Callable[[Any], QuerySet[Any]],
    allowed: Callable[[Any, Any], bool] | str,
) -> None:
    """Fail, naming each pair, wherever the list ``rows(user)`` and the permission disagree.

    ``allowed`` is a permission's name or a predicate of (user, object). The generated rows
    must give both answers, or the test would prove nothing.
    """
    check = has_perm(allowed) if isinstance(allowed, str) else allowed
    found, yes, no = disagreements(people=people, objects=objects, rows=rows, allowed=check)
    assert found == [], "\n".join(found)
    assert yes and no, f"every pair answered the same ({yes} allowed, {no} refused)"
