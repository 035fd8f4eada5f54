"""Load the curriculum's subjects from ``core/data/subjects.csv``.

Migrations call this with their historical model; tests call it with the real one after a
transactional test has emptied the tables.
"""

import csv
import io
from importlib.resources import files
from typing import Any


def load_subjects(subject_model: Any) -> None:
    """Create or update every subject of the list; running it twice changes nothing."""
    text = files("ortaq.core").joinpath("data", "subjects.csv").read_text(encoding="utf-8")
    for position, row in enumerate(csv.DictReader(io.StringIO(text))):
        subject_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_kk": row["name_kk"],
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "position": position,
            },
        )
