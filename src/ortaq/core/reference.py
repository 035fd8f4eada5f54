"""Load reference data that ships with Ortaq as CSV: the curriculum's subjects, and (through
``ortaq.schools.reference``) the regions.

Migrations call the loaders with their historical model; tests call them with the real one
after a transactional test has emptied the tables.
"""

import csv
import io
from collections.abc import Iterator
from importlib.resources import files
from typing import Any


def reference_rows(package: str, name: str) -> Iterator[dict[str, str]]:
    """Yield the rows of ``<package>/data/<name>``, a UTF-8 CSV with a header."""
    text = files(package).joinpath("data", name).read_text(encoding="utf-8")
    yield from csv.DictReader(io.StringIO(text))


def load_by_code(model: Any, rows: Iterator[dict[str, str]], **extra: Any) -> None:
    """Create or update one row of ``model`` per CSV row, keyed on ``code``; idempotent."""
    for position, row in enumerate(rows):
        fields = {key: value for key, value in row.items() if key != "code"}
        fields.update({key: value(position) for key, value in extra.items()})
        model.objects.update_or_create(code=row["code"], defaults=fields)


def load_subjects(subject_model: Any) -> None:
    """Create or update every subject of the curriculum, in the order of the list."""
    load_by_code(subject_model, reference_rows("ortaq.core", "subjects.csv"), position=lambda n: n)
