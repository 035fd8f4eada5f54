"""A large teachers file is imported in memory proportionate to it: read a few lines at a time,
each row kept as what it says, the accounts checked and written a batch at a time. Measured with
tracemalloc (Python's allocations), not with the clock."""

import importlib
import io
import tracemalloc
from typing import Any

import pytest

from ortaq.accounts.models import User
from ortaq.accounts.services import teachers_import
from ortaq.core.kz import check_digit
from ortaq.testing.factories import make_school

pytestmark = pytest.mark.django_db
teachers_import_module = importlib.import_module("ortaq.accounts.services.teachers_import")

# Before, a file took 30 times its size to import and 70 times to import again; now about 5.
MOST = 7
SPELLED = str.maketrans("0123456789", "әбвгдежзик")


def iins(count: int) -> list[str]:
    """``count`` distinct valid IINs no other test gives anyone."""
    found: list[str] = []
    serial = 0
    while len(found) < count:
        first = f"95031{serial:06d}"
        serial += 1
        digit = check_digit(first)
        if digit is not None:
            found.append(first + str(digit))
    return found


def teachers_file(count: int, bins: list[str]) -> bytes:
    lines = ["email;last_name;first_name;middle_name;iin;school_bin;subjects;category"]
    for n, iin in enumerate(iins(count)):
        lines.append(
            f"teacher{n}@school.example.kz;Сейітова-{str(n).translate(SPELLED)};Айгерім;"
            f"Бақытқызы;{iin};{bins[n % len(bins)]};primary|mathematics;педагог-модератор"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def peak_of_import(data: bytes) -> int:
    tracemalloc.start()
    try:
        teachers_import(actor=None, data=io.BytesIO(data))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_file_is_imported_and_imported_again_in_proportionate_memory(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A batch being written costs the same in a file of any size; smaller batches let this
    # file of one megabyte show what grows with the file.
    monkeypatch.setattr(teachers_import_module, "BATCH", 100)
    schools = [make_school().bin or "" for _n in range(20)]
    data = teachers_file(6000, schools)
    assert len(data) > 1_000_000
    first = peak_of_import(data)
    assert User.objects.count() == 6000
    again = peak_of_import(data)
    assert first < MOST * len(data), first / len(data)
    assert again < MOST * len(data), again / len(data)
