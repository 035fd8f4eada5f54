"""Data built once per test module: a role matrix asks hundreds of yes/no questions of the same
people and objects, and rebuilding them for each answer cost most of its time.

A module-scoped fixture builds its world inside ``once_per_module``: one transaction, opened
before the module's first test and rolled back after its last. Each test still runs in its own
savepoint (``pytest.mark.django_db``), so what a test writes is undone before the next; the
objects the fixture returns are shared, so a test must not change them in memory either.

    @pytest.fixture(scope="module")
    def cast(django_db_setup, django_db_blocker):
        with once_per_module(django_db_blocker):
            yield {**make_people(), "course": make_course().course}
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from ortaq.core.roles import Role


@contextmanager
def once_per_module(django_db_blocker: Any) -> Iterator[None]:
    """Hold a transaction open around a module's tests, and roll it back after them."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_reference_data()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def load_reference_data() -> None:
    """Put the regions and subjects back if a transactional test emptied the tables."""
    from ortaq.core.models import Subject
    from ortaq.core.reference import load_subjects
    from ortaq.schools.models import Region
    from ortaq.schools.reference import load_regions

    if not Region.objects.exists():
        load_regions(Region)
    if not Subject.objects.exists():
        load_subjects(Subject)


def make_people() -> dict[str, Any]:
    """One person per role of the role matrix, with the school and places they work in.

    Keys: anonymous (None), teacher, facilitator, principal, coordinator (of the region),
    district_coordinator, other_coordinator (another region), trainer, admin, far_teacher; and
    the places school, other_school (same district), far_school (another region), region,
    district.
    """
    from ortaq.accounts.services import role_grant
    from ortaq.testing.factories import make_school, make_user

    school = make_school(region__code="KZ-19")
    other_school = make_school(region=school.region, district=school.district)
    far_school = make_school(region__code="KZ-23")
    region, district = school.region, school.district

    def person(name: str, role: str | None = None, target: Any = None, at: Any = school) -> Any:
        user = make_user(email=f"{name}@example.kz", profile__school=at)
        if role is not None:
            role_grant(actor=None, user=user, role=role, target=target)
        return user

    return {
        "anonymous": None,
        "teacher": person("teacher", Role.TEACHER, school),
        "facilitator": person("facilitator", Role.FACILITATOR, school),
        "principal": person("principal", Role.PRINCIPAL, school),
        "coordinator": person("coordinator", Role.COORDINATOR, region, at=None),
        "district_coordinator": person("district", Role.COORDINATOR, district, at=None),
        "other_coordinator": person("other", Role.COORDINATOR, far_school.region, at=None),
        "trainer": person("trainer", Role.TRAINER, None, at=None),
        "admin": person("admin", Role.ADMIN, None, at=None),
        "far_teacher": person("far", Role.TEACHER, far_school, at=far_school),
        "school": school,
        "other_school": other_school,
        "far_school": far_school,
        "region": region,
        "district": district,
    }


def association_cast(django_db_blocker: Any, *, news: int) -> Iterator[dict[str, Any]]:
    """The people of ``make_people``, and the association "talgar" of their region with a
    coordinator (a teacher of its school, "steward"), an editor, that member school and
    ``news`` news posts; for a module-scoped fixture to yield from."""
    from ortaq.testing.factories import make_association, make_user

    with once_per_module(django_db_blocker):
        people = make_people()
        steward, editor = make_user(profile__school=people["school"]), make_user()
        association = make_association(
            slug="talgar",
            schools=[people["school"]],
            coordinators=[steward],
            editor=editor,
            news=news,
        )
        yield {**people, "steward": steward, "editor": editor, "association": association}
