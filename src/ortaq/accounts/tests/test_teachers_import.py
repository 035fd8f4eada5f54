from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import translation

from ortaq.accounts.models import Profile, RoleAssignment, User
from ortaq.accounts.services import invitation_user, teachers_import
from ortaq.core.csvimport import ImportRejected
from ortaq.core.roles import Role, ScopeKind
from ortaq.testing.factories import iin, make_school, make_user

pytestmark = pytest.mark.django_db

HEADER = "email;last_name;first_name;middle_name;iin;school_bin;subjects;category\n"


@pytest.fixture
def school():
    return make_school(region__code="KZ-19", languages="ru")


def csv(text: str) -> bytes:
    return ("\ufeff" + text).encode()


def good(school, first_iin: str) -> str:
    return (
        HEADER + f"Aigerim@Example.kz;Сейітова;Айгерім;Бақытқызы;{first_iin};{school.bin};"
        "primary|Қазақ тілі;педагог-модератор\n"
        + f"erlan@example.kz;Жұмабаев;Ерлан;;;{school.bin};Mathematics;\n"
    )


def errors_of(data: bytes, actor: User | None = None) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as caught:
        teachers_import(actor=actor, data=data)
    return [(e.line, e.column) for e in caught.value.errors]


def test_import_opens_accounts_and_invites_each_teacher_once(
    school, django_capture_on_commit_callbacks
) -> None:
    number = iin()
    with django_capture_on_commit_callbacks(execute=True):
        result = teachers_import(actor=None, data=csv(good(school, number)))
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    aigerim = User.objects.get(email="aigerim@example.kz")
    assert not aigerim.has_usable_password()
    assert aigerim.language == "ru"  # her school teaches in Russian
    profile = aigerim.profile
    assert (profile.iin, profile.school, profile.category) == (number, school, "moderator")
    assert sorted(profile.subjects.values_list("code", flat=True)) == ["kazakh-language", "primary"]
    assert RoleAssignment.objects.filter(
        user=aigerim, role=Role.TEACHER, scope_kind=ScopeKind.SCHOOL, school=school
    ).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["aigerim@example.kz", "erlan@example.kz"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitation/" in line)
    token = link.rsplit("/invitation/", 1)[1].strip("/")
    assert invitation_user(token).email == mail.outbox[0].to[0]


class CountingBackend(locmem.EmailBackend):
    """The test outbox, counting the connections made to the mail server."""

    made = 0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        type(self).made += 1


def test_the_invitations_of_an_import_go_through_one_connection(
    school, django_capture_on_commit_callbacks, settings
) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingBackend"}}
    CountingBackend.made = 0
    with django_capture_on_commit_callbacks(execute=True):
        teachers_import(actor=None, data=csv(good(school, iin())))
    assert len(mail.outbox) == 2 and CountingBackend.made == 1


def test_importing_the_same_file_again_changes_nothing_and_sends_nothing(
    school, django_capture_on_commit_callbacks
) -> None:
    data = csv(good(school, iin()))
    with django_capture_on_commit_callbacks(execute=True):
        teachers_import(actor=None, data=data)
    mail.outbox.clear()
    before = list(Profile.objects.order_by("pk").values())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = teachers_import(actor=None, data=data)
    assert callbacks == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert mail.outbox == []
    assert list(Profile.objects.order_by("pk").values()) == before
    assert RoleAssignment.objects.count() == 2


def test_a_teacher_who_moves_school_loses_the_old_teacher_role(school) -> None:
    teachers_import(actor=None, data=csv(good(school, iin())))
    new_school = make_school(region=school.region)
    moved = HEADER + f"erlan@example.kz;Жұмабаев;Ерлан;;;{new_school.bin};;\n"
    assert teachers_import(actor=None, data=csv(moved)).updated == 1
    erlan = User.objects.get(email="erlan@example.kz")
    assert erlan.profile.school == new_school
    assert list(erlan.role_assignments.values_list("school", flat=True)) == [new_school.pk]
    # An empty subjects cell keeps what she had.
    assert list(erlan.profile.subjects.values_list("code", flat=True)) == ["mathematics"]


def test_school_by_name_and_region(school) -> None:
    data = (
        "email,last_name,first_name,school_name,region\n"
        f"a@example.kz,A,B,{school.name_ru.upper()},Алматы облысы\n"
    )
    assert teachers_import(actor=None, data=csv(data)).created == 1
    assert User.objects.get(email="a@example.kz").profile.school == school


def test_every_bad_row_is_reported_and_nothing_is_written(school) -> None:
    taken = make_user(profile__iin=iin())
    bad = (
        good(school, iin())
        + f"not-an-email;;Б;;123;{school.bin};chess;гроссмейстер\n"
        + f"c@example.kz;В;Г;;{taken.profile.iin};999999999999;;\n"
        + f"aigerim@example.kz;Д;Е;;;{school.bin};;\n"
    )
    assert errors_of(csv(bad)) == [
        (4, "category"),
        (4, "email"),
        (4, "iin"),
        (4, "last_name"),
        (4, "subjects"),
        (5, "school_bin"),
        (6, "email"),
    ]
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_names_with_markup_or_digits_are_refused_and_kazakh_names_pass(school) -> None:
    rows = (
        HEADER
        + f"a@example.kz;<b>Сейітова</b>;Айгерім;;;{school.bin};;\n"
        + f"b@example.kz;Жұмабаев;Ерлан2;Ғалымұлы\x07;;{school.bin};;\n"
        + f"c@example.kz;Әбішева-Құлова;Іңкәр;O’Нұр;;{school.bin};;\n"
    )
    with pytest.raises(ImportRejected) as caught:
        teachers_import(actor=None, data=csv(rows))
    found = [(e.line, e.column, e.message) for e in caught.value.errors]
    hint = "A name may hold only letters, spaces, hyphens, apostrophes and dots."
    assert found == [
        (2, "last_name", hint),
        (3, "first_name", hint),
        # The control character is reported by the CSV reader, and taken out before this check.
        (
            3,
            "middle_name",
            "The cell holds a control character (such as NUL) that cannot be stored.",
        ),
    ]
    assert not User.objects.exists()


def test_an_iin_of_another_account_is_refused(school) -> None:
    taken = make_user(profile__iin=iin())
    row = HEADER + f"new@example.kz;А;Б;;{taken.profile.iin};{school.bin};;\n"
    assert errors_of(csv(row)) == [(2, "iin")]


def test_errors_speak_the_page_language(school) -> None:
    with translation.override("kk"), pytest.raises(ImportRejected) as caught:
        teachers_import(actor=None, data=csv(HEADER + "x;А;Б;;;;;\n"))
    assert "электрондық пошта" in str(caught.value.errors[0]).lower()


def test_a_principal_imports_only_her_own_school(people: dict[str, Any]) -> None:
    own = HEADER + f"n@example.kz;А;Б;;;{people['school'].bin};;\n"
    assert teachers_import(actor=people["principal"], data=csv(own)).created == 1
    other = HEADER + f"m@example.kz;А;Б;;;{people['other_school'].bin};;\n"
    assert errors_of(csv(other), actor=people["principal"]) == [(2, "school_bin")]


def test_a_coordinator_cannot_take_over_a_teacher_of_another_region(people: dict[str, Any]) -> None:
    far = people["far_teacher"]
    row = HEADER + f"{far.email};А;Б;;;{people['school'].bin};;\n"
    assert errors_of(csv(row), actor=people["coordinator"]) == [(2, "email")]


def test_a_teacher_cannot_import(people: dict[str, Any]) -> None:
    row = HEADER + f"n@example.kz;А;Б;;;{people['school'].bin};;\n"
    assert errors_of(csv(row), actor=people["teacher"]) == [(2, "school_bin")]


def test_a_school_column_is_required() -> None:
    assert errors_of(b"email,last_name,first_name\na@b.kz,A,B\n") == [(1, "school_bin")]


def test_short_rows_are_missing_their_last_cells_not_a_column() -> None:
    data = b"email,last_name,first_name,school_bin\nz1@e.kz,A,B\nz2@e.kz,C,D\n"
    assert errors_of(data) == [(2, "school_bin"), (3, "school_bin")]
