"""Every role against every action on a course, refusals included."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind
from ortaq.courses.queries import report_scope
from ortaq.courses.services import cohort_facilitator_add, cohort_save
from ortaq.testing.factories import enrol, make_course, make_trainer, make_user
from ortaq.testing.world import make_people, once_per_module

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "teacher",
    "enrolled",
    "facilitator",
    "cohort_facilitator",
    "trainer",
    "other_trainer",
    "moderator",
    "principal",
    "coordinator",
    "district_coordinator",
    "other_coordinator",
    "admin",
)
# Methodologists of any place organise cohorts and read the report, narrowed to their place.
COORDINATORS = {"coordinator", "district_coordinator", "other_coordinator"}


@pytest.fixture(scope="module")
def cast(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The people and the course, built once for the module's 143 questions."""
    with once_per_module(django_db_blocker):
        yield _cast(make_people())


def _cast(people: dict[str, Any]) -> dict[str, Any]:
    built = make_course(kinds=(ActivityKind.PAGE, ActivityKind.REFLECTION))
    draft = make_course(publish=False, trainer=built.trainer)
    cohort = cohort_save(actor=people["admin"], course=built.course, name="C")
    enrolled = make_user(profile__school=people["school"])
    enrollment = enrol(enrolled, built.course)
    enrollment.cohort = cohort
    enrollment.save()
    cohort_facilitator = make_user()
    cohort_facilitator_add(actor=people["admin"], cohort=cohort, user=cohort_facilitator)
    moderator = make_user()
    role_grant(actor=None, user=moderator, role=Role.MODERATOR, target=built.course)
    return {
        **people,
        "course": built.course,
        "draft": draft.course,
        "enrollment": enrollment,
        "enrolled": enrolled,
        "cohort_facilitator": cohort_facilitator,
        "trainer": built.trainer,
        "other_trainer": make_trainer(),
        "moderator": moderator,
    }


def perm(name: str, target: str | None = None) -> Callable[[Any, dict[str, Any]], bool]:
    return lambda user, c: user.has_perm(name, c[target] if target else None)


def sees_report(user: Any, c: dict[str, Any]) -> bool:
    if not user.has_perm("courses.view_report", c["course"]):
        return False
    try:
        report_scope(viewer=user, course=c["course"])
    except PermissionDenied:
        return False
    return True


MATRIX: dict[str, tuple[Callable[[Any, dict[str, Any]], bool], set[str]]] = {
    "view a published course": (perm("courses.view_course", "course"), set(ACTORS)),
    "view a draft": (perm("courses.view_course", "draft"), {"trainer", "admin"}),
    "enrol": (perm("courses.enroll", "course"), set(ACTORS) - {"anonymous"}),
    "write courses": (perm("courses.add_course"), {"trainer", "other_trainer", "admin"}),
    "change the course": (perm("courses.change_course", "course"), {"trainer", "admin"}),
    "organise cohorts": (
        perm("courses.manage_cohorts", "course"),
        {"trainer", "admin", *COORDINATORS},
    ),
    # A school head reads it for her school's teachers (and their progress one by one).
    "read the report": (
        sees_report,
        {"trainer", "cohort_facilitator", "principal", "admin", *COORDINATORS},
    ),
    "be offered the report": (
        perm("courses.view_report", "course"),
        {"trainer", "cohort_facilitator", "principal", "admin", *COORDINATORS},
    ),
    "review her reflection": (
        perm("courses.review_reflection", "enrollment"),
        {"cohort_facilitator", "trainer", "admin"},
    ),
    "moderate discussions": (
        perm("courses.moderate", "course"),
        {"moderator", "trainer", "admin"},
    ),
    "take part as the enrolled teacher": (perm("courses.take_part", "enrollment"), {"enrolled"}),
}


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_course_role_matrix(cast: dict[str, Any], actor: str, action: str) -> None:
    check, allowed = MATRIX[action]
    user = cast[actor] or AnonymousUser()
    assert check(user, cast) is (actor in allowed), f"{actor} / {action}"
