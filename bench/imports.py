"""Import 10,000 schools and 11,000 teachers from CSV; then the same files again (no changes).

Budget (issue 2): each import under 20 seconds on a 2-core machine with PostgreSQL.
"""

import random
import time
from typing import Any

from ortaq.core.kz import check_digit

SCHOOLS = 10_000
TEACHERS = 11_000
BUDGET_SECONDS = 20.0

SUBJECTS = ["primary", "mathematics", "physics", "kazakh-language", "russian-language", "english"]
CATEGORIES = [
    "педагог",
    "педагог-модератор",
    "педагог-эксперт",
    "педагог-зерттеуші",
    "педагог-шебер",
]


def numbers(prefix: str, count: int) -> list[str]:
    """``count`` distinct valid 12-digit IIN/BIN numbers starting with ``prefix``."""
    found: list[str] = []
    serial = 0
    while len(found) < count:
        first = f"{prefix}{serial:06d}"[:11]
        serial += 1
        digit = check_digit(first)
        if digit is not None:
            found.append(first + str(digit))
    return found


def schools_csv(regions: list[str], bins: list[str]) -> bytes:
    rng = random.Random(1)
    lines = ["region;district;name_kk;name_ru;bin;locality;small_scale;pupils;languages;multigrade"]
    for n, bin_value in enumerate(bins):
        region = regions[n % len(regions)]
        district = f"Аудан {n % 11 + 1} ауданы"
        small = rng.random() < 0.35
        pupils = rng.randint(20, 120) if small else rng.randint(200, 2500)
        lines.append(
            f"{region};{district};№{n} жалпы білім беретін мектеп;Общеобразовательная школа №{n};"
            f"{bin_value};{'rural' if small or rng.random() < 0.5 else 'urban'};"
            f"{'yes' if small else 'no'};{pupils};"
            f"{rng.choice(['kk', 'ru', 'kk+ru'])};{'yes' if small else 'no'}"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


# A name holds no digits (ortaq.core.names): teachers are numbered with letters instead.
SPELLED = str.maketrans("0123456789", "әбвгдежзик")


def teachers_csv(bins: list[str], iins: list[str]) -> bytes:
    rng = random.Random(2)
    lines = ["email;last_name;first_name;middle_name;iin;school_bin;subjects;category"]
    for n, iin in enumerate(iins):
        subjects = "|".join(rng.sample(SUBJECTS, rng.randint(1, 2)))
        lines.append(
            f"teacher{n}@bench.ortaq.kz;Сейітова-{str(n).translate(SPELLED)};Айгерім;Бақытқызы;{iin};"
            f"{rng.choice(bins)};{subjects};{rng.choice(CATEGORIES)}"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def timed(label: str, run: Any, data: bytes) -> tuple[dict[str, Any], Any]:
    started = time.perf_counter()
    result = run(actor=None, data=data)
    seconds = time.perf_counter() - started
    print(
        f"{label}: {seconds:.2f} s ({result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged)"
    )
    return {"name": label, "value": seconds, "unit": "s", "budget": BUDGET_SECONDS}, result


def run() -> list[dict[str, Any]]:
    from ortaq.accounts.services import teachers_import
    from ortaq.schools.models import Region
    from ortaq.schools.services import schools_import

    regions = list(Region.objects.values_list("code", flat=True))
    bins = numbers("05044", SCHOOLS)
    iins = numbers("85031", TEACHERS)
    school_data = schools_csv(regions, bins)
    teacher_data = teachers_csv(bins, iins)

    results = []
    first, result = timed(f"import {SCHOOLS:,} schools (new)", schools_import, school_data)
    assert result.created == SCHOOLS, result
    results.append(first)
    again, result = timed(f"import {SCHOOLS:,} schools (again)", schools_import, school_data)
    assert result.unchanged == SCHOOLS, result
    results.append(again)
    # The invitation e-mails go to background tasks once the import commits: queueing them is
    # timed with the import, sending them is the worker's job.
    first, result = timed(f"import {TEACHERS:,} teachers (new)", teachers_import, teacher_data)
    assert result.created == TEACHERS, result
    results.append(first)
    again, result = timed(f"import {TEACHERS:,} teachers (again)", teachers_import, teacher_data)
    assert result.unchanged == TEACHERS, result
    results.append(again)
    return results
