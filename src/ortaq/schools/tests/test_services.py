import dataclasses
from typing import Any

import pytest
from django.utils import translation

from ortaq.core.actors import Actor
from ortaq.core.csvimport import ImportRejected
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.schools.models import District, School
from ortaq.schools.services import (
    SchoolFields,
    district_rename,
    guess_name_language,
    school_create,
    school_update,
    schools_import,
)
from ortaq.testing.factories import make_school

pytestmark = pytest.mark.django_db

HEADER = "region;district;name_kk;name_ru;bin;locality;small_scale;pupils;languages;multigrade\n"
GOOD = (
    HEADER
    + "KZ-19;Қарасай ауданы;№12 мектеп;Школа №12;050440424451;rural;no;1180;kk+ru;no\n"
    + "Алматинская область;Қарасай ауданы;Шағын мектеп;Малокомплектная школа;;rural;иә;64;kk;yes\n"
    + "Astana;;№71 мектеп-лицей;Школа-лицей №71;040640479315;urban;no;2350;kk+ru;no\n"
)


def csv(text: str) -> bytes:
    return ("\ufeff" + text).encode()


def errors_of(data: bytes, actor: Actor | None = None) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as caught:
        schools_import(actor=actor, data=data)
    return [(e.line, e.column) for e in caught.value.errors]


def test_import_creates_schools_and_districts() -> None:
    result = schools_import(actor=None, data=csv(GOOD))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    small = School.objects.get(name_kk="Шағын мектеп")
    assert small.small_scale and small.multigrade and small.bin is None
    assert small.region.code == "KZ-19"
    assert small.district is not None and small.district.name_kk == "Қарасай ауданы"
    assert School.objects.get(bin="040640479315").district is None
    assert District.objects.count() == 1


def test_importing_the_same_file_again_changes_nothing() -> None:
    schools_import(actor=None, data=csv(GOOD))
    before = list(School.objects.order_by("pk").values())
    result = schools_import(actor=None, data=csv(GOOD))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert list(School.objects.order_by("pk").values()) == before


def test_a_row_updates_the_school_with_its_bin_and_leaves_the_rest() -> None:
    schools_import(actor=None, data=csv(GOOD))
    changed = GOOD.replace(";1180;", ";1200;")
    result = schools_import(actor=None, data=csv(changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert School.objects.get(bin="050440424451").pupils == 1200


def test_a_row_without_bin_updates_the_school_with_that_name_and_keeps_its_bin() -> None:
    schools_import(actor=None, data=csv(GOOD))
    again = HEADER + "KZ-19;Қарасай ауданы;№12 мектеп;Школа №12;;rural;no;1190;kk+ru;no\n"
    result = schools_import(actor=None, data=csv(again))
    assert result.updated == 1
    school = School.objects.get(name_kk="№12 мектеп")
    assert (school.bin, school.pupils) == ("050440424451", 1190)


def test_the_district_matches_by_its_russian_name_too() -> None:
    schools_import(actor=None, data=csv(GOOD))
    district = District.objects.get()
    district_rename(
        actor=None,
        district=district,
        name_kk="Қарасай ауданы",
        name_ru="Карасайский район",
        name_en="Karasai District",
    )
    again = HEADER + "KZ-19;карасайский район;Жаңа мектеп;Новая школа;;rural;no;50;kk;no\n"
    schools_import(actor=None, data=csv(again))
    assert District.objects.count() == 1
    assert School.objects.get(name_kk="Жаңа мектеп").district == district


def test_one_bad_row_writes_nothing_and_every_problem_is_named() -> None:
    bad = (
        GOOD
        + "KZ-99;X;Мектеп;;;rural;no;10;kk;no\n"
        + "KZ-19;X;;;050440424452;village;perhaps;many;de;no\n"
    )
    assert errors_of(csv(bad)) == [
        (5, "region"),
        (6, "bin"),
        (6, "languages"),
        (6, "locality"),
        (6, "name_kk"),
        (6, "pupils"),
        (6, "small_scale"),
    ]
    assert School.objects.count() == 0
    assert District.objects.count() == 0


def test_errors_are_translated() -> None:
    with translation.override("ru"), pytest.raises(ImportRejected) as caught:
        schools_import(actor=None, data=csv(HEADER + "KZ-99;;A;;;rural;no;;kk;no\n"))
    assert "Неизвестный регион" in caught.value.errors[0].message


def test_the_same_school_twice_in_a_file_is_refused() -> None:
    twice = GOOD + "KZ-71;;Басқа;Другая;040640479315;urban;no;1;kk;no\n"
    assert errors_of(csv(twice)) == [(5, "bin")]
    same_name = GOOD + "KZ-19;Қарасай ауданы;№12 мектеп;;;rural;no;1;kk;no\n"
    assert errors_of(csv(same_name)) == [(5, "name_kk")]


def test_two_schools_with_one_name_in_a_district_need_a_bin() -> None:
    first = make_school(name_kk="№1 мектеп", name_ru="", bin="050440424451")
    make_school(
        name_kk="№1 мектеп",
        name_ru="",
        region=first.region,
        district=first.district,
        bin="040640479315",
    )
    assert first.district is not None
    row = f"KZ-19;{first.district.name_kk};№1 мектеп;;;rural;no;1;kk;no\n"
    assert errors_of(csv(HEADER + row)) == [(2, "bin")]


def test_missing_columns_are_reported_before_any_row() -> None:
    assert errors_of(b"region,name_kk\nKZ-19,A\n") == [
        (1, "district"),
        (1, "languages"),
        (1, "locality"),
        (1, "multigrade"),
        (1, "name_ru"),
        (1, "pupils"),
        (1, "small_scale"),
    ]


def test_a_coordinator_imports_only_into_her_region(people: dict[str, Any]) -> None:
    coordinator = people["coordinator"]
    result = schools_import(actor=coordinator, data=csv(GOOD.split("Astana")[0]))
    assert result.created == 2
    assert errors_of(csv(GOOD), actor=coordinator) == [(4, "region")]


def test_a_district_coordinator_cannot_create_a_new_district(people: dict[str, Any]) -> None:
    district = people["district"]
    own = HEADER + f"KZ-19;{district.name_kk};Жаңа;Новая;;rural;no;1;kk;no\n"
    assert schools_import(actor=people["district_coordinator"], data=csv(own)).created == 1
    new = HEADER + "KZ-19;Басқа ауданы;Жаңа;Новая;;rural;no;1;kk;no\n"
    assert errors_of(csv(new), actor=people["district_coordinator"]) == [(2, "district")]


def test_a_teacher_cannot_import(people: dict[str, Any]) -> None:
    assert errors_of(csv(GOOD), actor=people["teacher"]) == [
        (2, "district"),
        (3, "district"),
        (4, "region"),
    ]


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Қарасай ауданы", "kk"),
        ("Карасайский район", "ru"),
        ("Ұлытау", "kk"),
        ("Есиль", "ru"),
        ("Yesil District", "en"),
    ],
)
def test_district_names_are_filed_under_their_language(name: str, language: str) -> None:
    assert guess_name_language(name) == language


def fields_of(school: School, **changes: object) -> SchoolFields:
    return dataclasses.replace(SchoolFields.of(school), **changes)  # type: ignore[arg-type]


def test_a_principal_updates_her_school_but_cannot_move_it_away(people: dict[str, Any]) -> None:
    school = people["school"]
    school_update(actor=people["principal"], school=school, data=fields_of(school, pupils=999))
    school.refresh_from_db()
    assert school.pupils == 999
    far = people["far_school"]
    with pytest.raises(NotAllowed):
        school_update(
            actor=people["principal"],
            school=school,
            data=fields_of(school, region_id=far.region_id, district_id=far.district_id),
        )


def test_a_teacher_cannot_update_her_school(people: dict[str, Any]) -> None:
    school = people["school"]
    with pytest.raises(NotAllowed):
        school_update(actor=people["teacher"], school=school, data=fields_of(school, pupils=1))


def test_create_refuses_a_district_of_another_region(people: dict[str, Any]) -> None:
    school = people["school"]
    data = fields_of(school, bin=None, region_id=people["far_school"].region_id)
    with translation.override("en"), pytest.raises(DomainError) as caught:
        school_create(actor=None, data=data)
    assert "another region" in caught.value.message
