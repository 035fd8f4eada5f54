"""What each role may change with a school import, and the import's reports of broken files.

The matrix runs every kind of row for an administrator, a region's methodologist, a district's
methodologist and a school head. A refused row names its line and column, and nothing is written.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ortaq.core.actors import Actor
from ortaq.core.csvimport import ImportRejected, ImportResult
from ortaq.schools.models import District, School
from ortaq.schools.services import schools_import
from ortaq.testing.factories import make_school

pytestmark = pytest.mark.django_db

HEADER = "region;district;name_kk;name_ru;bin;locality;small_scale;pupils;languages;multigrade\n"
ACTORS = ("admin", "coordinator", "district_coordinator", "principal")


def row(region: str, district: str, name: str, bin_value: str | None = "", pupils: int = 1) -> str:
    return f"{region};{district};{name};{name};{bin_value or ''};rural;no;{pupils};kk;no\n"


def snapshot() -> tuple[list[Any], list[Any]]:
    return (
        list(School.objects.order_by("pk").values()),
        list(District.objects.order_by("pk").values()),
    )


def errors_of(data: str, actor: Actor | None) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as caught:
        schools_import(actor=actor, data=data.encode())
    return [(e.line, e.column) for e in caught.value.errors]


def _far_district(people: dict[str, Any]) -> School:
    """A school in another district of the methodologists' region."""
    return make_school(region=people["region"], name_kk="Көрші", name_ru="Соседняя")


# Each case: the row, and a check that tells whether the import made its change.
Case = tuple[Callable[[dict[str, Any]], str], Callable[[dict[str, Any]], bool]]

CASES: dict[str, Case] = {
    # Update a school of the district by its BIN (the number of pupils changes).
    "own school by BIN": (
        lambda p: row(
            "KZ-19", p["district"].name_kk, p["school"].name_kk, p["school"].bin, pupils=777
        ),
        lambda p: School.objects.get(pk=p["school"].pk).pupils == 777,
    ),
    # Add a school to the region without a district.
    "new school in the region": (
        lambda p: row("KZ-19", "", "Жаңа мектеп"),
        lambda p: School.objects.filter(name_kk="Жаңа мектеп", district=None).exists(),
    ),
    # A row of the actor's district carrying the BIN of a school in another district of the region.
    "other district's school by BIN": (
        lambda p: row("KZ-19", p["district"].name_kk, "Басып алынған", _far_district(p).bin),
        lambda p: School.objects.filter(name_kk="Басып алынған", district=p["district"]).exists(),
    ),
    # A row of the actor's region carrying the BIN of another region's school: a takeover.
    "other region's school by BIN": (
        lambda p: row("KZ-19", "", "Басып алынған", p["far_school"].bin),
        lambda p: School.objects.get(pk=p["far_school"].pk).name_kk == "Басып алынған",
    ),
    # A school of another region, named by its own region and name.
    "other region's school by name": (
        lambda p: row("KZ-23", "", p["far_school"].name_kk, pupils=777),
        lambda p: School.objects.get(pk=p["far_school"].pk).pupils == 777,
    ),
}

# For each case and role: None when the row is imported, else the column of the line error.
# "region"/"district": the row's own place is not hers; "bin": the school it matches is not.
EXPECTED: dict[str, dict[str, str | None]] = {
    "own school by BIN": {
        "admin": None,
        "coordinator": None,
        "district_coordinator": None,
        "principal": "district",
    },
    "new school in the region": {
        "admin": None,
        "coordinator": None,
        "district_coordinator": "region",
        "principal": "region",
    },
    "other district's school by BIN": {
        "admin": None,
        "coordinator": None,
        "district_coordinator": "bin",
        "principal": "district",
    },
    "other region's school by BIN": {
        "admin": None,
        "coordinator": "bin",
        "district_coordinator": "region",
        "principal": "region",
    },
    "other region's school by name": {
        "admin": None,
        "coordinator": "region",
        "district_coordinator": "region",
        "principal": "region",
    },
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("actor", ACTORS)
def test_role_matrix_of_the_school_import(people: dict[str, Any], actor: str, case: str) -> None:
    # The far school is matched by its region and name when the row names no district.
    School.objects.filter(pk=people["far_school"].pk).update(district=None)
    make_row, changed = CASES[case]
    data = HEADER + make_row(people)
    refused_in = EXPECTED[case][actor]
    if refused_in is None:
        result = schools_import(actor=people[actor], data=data.encode())
        assert result.created + result.updated == 1
        assert changed(people)
        # Idempotent: the same file again changes nothing.
        again = schools_import(actor=people[actor], data=data.encode())
        assert again == ImportResult(unchanged=1)
    else:
        before = snapshot()
        assert errors_of(data, people[actor]) == [(2, refused_in)]
        assert snapshot() == before
        assert not changed(people)


def test_a_methodologist_cannot_move_or_rename_another_regions_school(
    people: dict[str, Any],
) -> None:
    far = people["far_school"]
    before = snapshot()
    with pytest.raises(ImportRejected) as caught:
        schools_import(
            actor=people["coordinator"], data=(HEADER + row("KZ-19", "", "X", far.bin)).encode()
        )
    [error] = caught.value.errors
    assert (error.line, error.column) == (2, "bin")
    assert "region or district you do not manage" in error.message
    assert snapshot() == before
    far.refresh_from_db()
    assert far.region.code == "KZ-23"


def test_an_admin_may_move_a_school_to_another_region(people: dict[str, Any]) -> None:
    far = people["far_school"]
    schools_import(actor=people["admin"], data=(HEADER + row("KZ-19", "", "X", far.bin)).encode())
    far.refresh_from_db()
    assert (far.region.code, far.name_kk) == ("KZ-19", "X")


def test_two_rows_that_match_one_school_are_refused_naming_both_lines() -> None:
    school = make_school(region__code="KZ-19", name_kk="A", name_ru="", district=None)
    data = (
        HEADER + row("KZ-19", "", "A").replace(";A;A;", ";A;;") + row("KZ-19", "", "B", school.bin)
    )
    before = snapshot()
    with pytest.raises(ImportRejected) as caught:
        schools_import(actor=None, data=data.encode())
    [error] = caught.value.errors
    assert (error.line, error.column) == (3, "bin")
    assert "line 2" in error.message
    assert snapshot() == before


def test_an_import_that_changes_a_school_bumps_its_updated_at() -> None:
    school = make_school(region__code="KZ-19", district=None, pupils=5)
    School.objects.filter(pk=school.pk).update(updated_at=timezone.now() - timedelta(days=1))
    school.refresh_from_db()
    before = school.updated_at
    data = HEADER + row("KZ-19", "", school.name_kk, school.bin, pupils=7)
    assert schools_import(actor=None, data=data.encode()).updated == 1
    school.refresh_from_db()
    assert school.pupils == 7
    assert school.updated_at > before


def test_control_characters_are_a_line_error_not_a_database_error() -> None:
    data = HEADER + row("KZ-19", "", "Nul\x00 мектеп") + row("KZ-19", "", "Bell\x07")
    assert errors_of(data, None) == [(2, "name_kk"), (2, "name_ru"), (3, "name_kk"), (3, "name_ru")]
    assert School.objects.count() == 0


def test_an_unclosed_quote_is_reported_on_its_line_with_the_other_rows_problems() -> None:
    data = (
        HEADER
        + row("KZ-99", "", "A")
        + 'KZ-19;;"Unclosed;B;;rural;no;1;kk;no\n'
        + row("KZ-19", "", "C")
    )
    with pytest.raises(ImportRejected) as caught:
        schools_import(actor=None, data=data.encode())
    assert [(e.line, e.column) for e in caught.value.errors] == [(2, "region"), (3, "name_kk")]
    assert "never closed" in caught.value.errors[1].message
    assert School.objects.count() == 0


def test_a_row_with_too_many_cells_does_not_hide_the_other_rows_problems() -> None:
    data = HEADER + row("KZ-19", "", "A").replace("\n", ";extra\n") + row("KZ-99", "", "B")
    assert errors_of(data, None) == [(2, ""), (3, "region")]
    assert School.objects.count() == 0
