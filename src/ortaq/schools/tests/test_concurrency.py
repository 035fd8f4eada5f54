"""Two imports of one file at the same moment, with real transactions on PostgreSQL."""

import pytest

from ortaq.schools.models import School
from ortaq.schools.services import schools_import
from ortaq.testing.utils import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROWS = "".join(
    f"KZ-19;Қарасай ауданы;№{n} мектеп;Школа №{n};;rural;no;{n};kk;no\n" for n in range(200)
)
FILE = (
    "region;district;name_kk;name_ru;bin;locality;small_scale;pupils;languages;multigrade\n" + ROWS
).encode()


def test_the_same_file_imported_twice_at_once_gives_each_school_once(reference_data: None) -> None:
    results = at_once(lambda: schools_import(actor=None, data=FILE))
    assert School.objects.count() == 200
    assert School.objects.values("district").distinct().count() == 1
    # The imports took turns: one created every school, the other found them unchanged.
    assert sorted((r.created, r.unchanged) for r in results) == [(0, 200), (200, 0)]
