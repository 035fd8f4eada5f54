"""Which existing accounts each role may change with a teacher import, and the import's line errors.

The matrix runs a row for every kind of account for an administrator, a region's methodologist,
a district's methodologist and a school head. A refused row leaves the account's names, IIN,
school and roles as they were, and nothing else is written either.
"""

from collections.abc import Callable
from typing import Any

import pytest

from ortaq.accounts.models import Profile, RoleAssignment, User
from ortaq.accounts.services import role_grant, teachers_import
from ortaq.core.csvimport import ImportRejected, ImportResult
from ortaq.core.roles import Role
from ortaq.testing.factories import iin, make_school, make_user

pytestmark = pytest.mark.django_db

HEADER = "email;last_name;first_name;iin;school_bin;school_name;region\n"
ACTORS = ("admin", "coordinator", "district_coordinator", "principal")


def line(email: str, school: Any, number: str = "", last_name: str = "Өзгерген") -> str:
    return f"{email};{last_name};Есім;{number};{school.bin};;\n"


def snapshot() -> tuple[list[Any], ...]:
    return (
        list(User.objects.order_by("pk").values()),
        list(Profile.objects.order_by("pk").values()),
        list(
            RoleAssignment.objects.order_by("pk").values_list(
                "pk", "user_id", "role", "scope_kind", "region_id", "district_id", "school_id"
            )
        ),
    )


def errors_of(data: str, actor: User | None) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as caught:
        teachers_import(actor=actor, data=data.encode())
    return [(e.line, e.column) for e in caught.value.errors]


def _other_school_teacher(people: dict[str, Any]) -> Any:
    user = make_user(email="neighbour@example.kz", profile__school=people["other_school"])
    role_grant(actor=None, user=user, role=Role.TEACHER, target=people["other_school"])
    return user


# Who the row names: an existing account (made on demand) or a new e-mail.
TARGETS: dict[str, Callable[[dict[str, Any]], str]] = {
    "new e-mail": lambda p: "new@example.kz",
    "teacher of her school": lambda p: p["teacher"].email,
    "facilitator of her school": lambda p: p["facilitator"].email,
    "teacher of the district's other school": lambda p: _other_school_teacher(p).email,
    "teacher of another region": lambda p: p["far_teacher"].email,
    "school head": lambda p: p["principal"].email,
    "account without a school or role": lambda p: make_user(email="plain@example.kz").email,
    "trainer (no school)": lambda p: p["trainer"].email,
    "another region's methodologist": lambda p: p["other_coordinator"].email,
    "administrator": lambda p: p["admin"].email,
}
EVERYONE = set(ACTORS)
ALLOWED: dict[str, set[str]] = {
    "new e-mail": EVERYONE,
    "teacher of her school": EVERYONE,
    "facilitator of her school": EVERYONE,
    "teacher of the district's other school": {"admin", "coordinator", "district_coordinator"},
    "teacher of another region": {"admin"},
    "school head": {"admin"},
    "account without a school or role": {"admin"},
    "trainer (no school)": {"admin"},
    "another region's methodologist": {"admin"},
    "administrator": {"admin"},
}


@pytest.mark.parametrize("target", list(TARGETS))
@pytest.mark.parametrize("actor", ACTORS)
def test_role_matrix_of_the_teacher_import(people: dict[str, Any], actor: str, target: str) -> None:
    school = people["school"]
    email = TARGETS[target](people)
    number = iin()
    data = HEADER + line(email, school, number)
    if actor in ALLOWED[target]:
        teachers_import(actor=people[actor], data=data.encode())
        user = User.objects.get(email=email)
        assert (user.last_name, user.profile.iin, user.profile.school) == (
            "Өзгерген",
            number,
            school,
        )
        assert user.role_assignments.filter(role=Role.TEACHER, school=school).exists()
        again = teachers_import(actor=people[actor], data=data.encode())
        assert again == ImportResult(unchanged=1)
    else:
        before = snapshot()
        assert errors_of(data, people[actor]) == [(2, "email")]
        assert snapshot() == before


def test_a_school_head_cannot_rename_the_administrator(people: dict[str, Any]) -> None:
    admin = people["admin"]
    before = snapshot()
    data = HEADER + line(admin.email, people["school"], iin(), last_name="Hacked")
    with pytest.raises(ImportRejected) as caught:
        teachers_import(actor=people["principal"], data=data.encode())
    [error] = caught.value.errors
    assert "only an administrator may change" in error.message
    assert snapshot() == before
    admin.refresh_from_db()
    assert admin.last_name != "Hacked"
    assert admin.profile.school is None
    assert list(admin.role_assignments.values_list("role", flat=True)) == [Role.ADMIN]


def test_a_superuser_account_is_refused_to_a_methodologist(people: dict[str, Any]) -> None:
    user = make_user(email="root@example.kz", profile__school=people["school"])
    User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    data = HEADER + line(user.email, people["school"])
    assert errors_of(data, people["coordinator"]) == [(2, "email")]


def test_teacher_roles_at_schools_she_does_not_manage_stay(people: dict[str, Any]) -> None:
    teacher, school, far = people["teacher"], people["school"], people["far_school"]
    role_grant(actor=None, user=teacher, role=Role.TEACHER, target=far)
    data = HEADER + line(teacher.email, school, last_name=teacher.last_name).replace(
        ";Есім;", f";{teacher.first_name};"
    )
    result = teachers_import(actor=people["principal"], data=data.encode())
    assert result == ImportResult(unchanged=1)
    schools = set(teacher.role_assignments.filter(role=Role.TEACHER).values_list("school", flat=1))
    assert schools == {school.pk, far.pk}


def test_a_move_takes_only_the_role_at_the_school_she_left(people: dict[str, Any]) -> None:
    teacher, school, far = people["teacher"], people["school"], people["far_school"]
    other = people["other_school"]
    role_grant(actor=None, user=teacher, role=Role.TEACHER, target=far)
    result = teachers_import(
        actor=people["coordinator"], data=(HEADER + line(teacher.email, other)).encode()
    )
    assert result == ImportResult(updated=1)
    schools = set(teacher.role_assignments.filter(role=Role.TEACHER).values_list("school", flat=1))
    assert schools == {other.pk, far.pk}
    assert school.pk not in schools


def test_a_new_role_alone_counts_as_an_update(people: dict[str, Any]) -> None:
    school = people["school"]
    user = make_user(
        email="roleless@example.kz", last_name="Ә", first_name="Б", profile__school=school
    )
    data = HEADER + f"{user.email};Ә;Б;;{school.bin};;\n"
    assert teachers_import(actor=people["principal"], data=data.encode()) == ImportResult(updated=1)
    assert user.role_assignments.filter(role=Role.TEACHER, school=school).exists()
    assert teachers_import(actor=people["principal"], data=data.encode()) == ImportResult(
        unchanged=1
    )


def test_an_import_that_changes_a_profile_bumps_its_updated_at(people: dict[str, Any]) -> None:
    teacher = people["teacher"]
    before = teacher.profile.updated_at
    teachers_import(
        actor=None, data=(HEADER + line(teacher.email, people["school"], iin())).encode()
    )
    teacher.profile.refresh_from_db()
    assert teacher.profile.updated_at > before


def test_values_the_database_would_refuse_are_line_errors(people: dict[str, Any]) -> None:
    school = people["school"]
    long_email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".kz"
    assert len(long_email) > 254
    data = (
        HEADER
        + line(long_email, school)
        + line("nul@example.kz", school, last_name="Nul\x00name")
        + f"ctl@example.kz;Ә;Б;;{school.bin}\x01;;\n"
    )
    before = snapshot()
    assert errors_of(data, None) == [(2, "email"), (3, "last_name"), (4, "school_bin")]
    assert snapshot() == before


def test_a_school_name_without_a_region_says_the_region_is_missing(
    people: dict[str, Any],
) -> None:
    data = HEADER + f"x@example.kz;Ә;Б;;;{people['school'].name_kk};\n"
    with pytest.raises(ImportRejected) as caught:
        teachers_import(actor=None, data=data.encode())
    [error] = caught.value.errors
    assert (error.line, error.column) == (2, "region")
    assert "Give the region" in error.message


def test_clashes_with_accounts_are_reported_with_the_other_problems(
    people: dict[str, Any],
) -> None:
    school = people["school"]
    taken = make_user(profile__iin=iin())
    data = (
        HEADER
        + line("not-an-email", school)
        + line("fresh@example.kz", school, taken.profile.iin or "")
        + 'broken@example.kz;"Unclosed;Б;;;;\n'
    )
    with pytest.raises(ImportRejected) as caught:
        teachers_import(actor=None, data=data.encode())
    assert [(e.line, e.column) for e in caught.value.errors] == [
        (2, "email"),
        (3, "iin"),
        (4, "last_name"),
    ]
    assert "never closed" in caught.value.errors[2].message
    assert not User.objects.filter(email="fresh@example.kz").exists()


def test_a_bin_with_spaces_finds_the_school() -> None:
    school = make_school(region__code="KZ-19")
    assert school.bin is not None
    spaced = " ".join([school.bin[:4], school.bin[4:8], school.bin[8:]])
    data = HEADER + f"s@example.kz;Ә;Б;;{spaced};;\n"
    assert teachers_import(actor=None, data=data.encode()).created == 1


def test_iins_that_are_not_on_the_row_s_own_account_count_against_a_daily_quota(
    people: dict[str, Any], settings: Any
) -> None:
    from ortaq.core.errors import DomainError
    from ortaq.core.models import AuditAction, AuditEvent

    settings.ORTAQ_IIN_LOOKUPS_PER_DAY = 2
    school, principal = people["school"], people["principal"]
    teacher = people["teacher"]
    teacher.profile.iin = iin()
    teacher.profile.save()
    # Re-importing her own teacher with the IIN the account has costs nothing, as often as she
    # likes; each new IIN counts, and the third is refused before anything is written.
    own = HEADER + line(teacher.email, school, teacher.profile.iin)
    for _again in range(3):
        teachers_import(actor=principal, data=own.encode())
    teachers_import(actor=principal, data=(HEADER + line("a@example.kz", school, iin())).encode())
    lookups = AuditEvent.objects.filter(action=AuditAction.IIN_LOOKUP).order_by("pk")
    assert [e.details for e in lookups] == [
        {"count": 1, "probing": 0, "purpose": "import"},
        {"count": 1, "probing": 0, "purpose": "import"},
        {"count": 1, "probing": 0, "purpose": "import"},
        {"count": 1, "probing": 1, "purpose": "import"},
    ]
    before = snapshot()
    two_more = HEADER + line("b@example.kz", school, iin()) + line("c@example.kz", school, iin())
    with pytest.raises(DomainError, match=r"\(2; 1 left today\)"):
        teachers_import(actor=principal, data=two_more.encode())
    assert snapshot() == before
    # An administrator sees every account: her imports are not counted.
    teachers_import(actor=people["admin"], data=two_more.encode())
