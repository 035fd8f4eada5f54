"""A large schools file is imported in memory proportionate to it: read a few lines at a time,
each row kept as what it says, the schools it updates read a few fields each. Measured with
tracemalloc (Python's allocations), not with the clock."""

import io
import tracemalloc

import pytest

from ortaq.core.kz import check_digit
from ortaq.schools.models import School
from ortaq.schools.services import schools_import

pytestmark = pytest.mark.django_db

REGIONS = ("KZ-19", "KZ-75", "KZ-71", "KZ-55", "KZ-23")
# Before, a file took 12 times its size to import and 17 times to import again; now about 5.
MOST = 7


def bins(count: int) -> list[str]:
    """``count`` distinct valid BINs of schools no other test makes."""
    found: list[str] = []
    serial = 0
    while len(found) < count:
        first = f"09044{serial:06d}"
        serial += 1
        digit = check_digit(first)
        if digit is not None:
            found.append(first + str(digit))
    return found


def schools_file(count: int) -> bytes:
    """``count`` schools with the long official names real files have (about 300 bytes a row)."""
    lines = ["region;district;name_kk;name_ru;bin;locality;small_scale;pupils;languages;multigrade"]
    for n, bin_value in enumerate(bins(count)):
        lines.append(
            f"{REGIONS[n % 5]};Аудан {n % 11 + 1} ауданы;«№{n} Абай атындағы жалпы орта білім "
            f"беретін мектеп» коммуналдық мемлекеттік мекемесі;КГУ «Общеобразовательная школа "
            f"№{n} имени Абая»;{bin_value};rural;no;{100 + n % 900};kk+ru;no"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def peak_of_import(data: bytes) -> int:
    tracemalloc.start()
    try:
        schools_import(actor=None, data=io.BytesIO(data))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_file_is_imported_and_imported_again_in_proportionate_memory() -> None:
    data = schools_file(7000)
    assert len(data) > 2_000_000
    first = peak_of_import(data)
    assert School.objects.count() == 7000
    again = peak_of_import(data)
    assert first < MOST * len(data), first / len(data)
    assert again < MOST * len(data), again / len(data)
