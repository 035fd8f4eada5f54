"""Load Kazakhstan's regions from ``schools/data/kz_regions.csv`` (ISO 3166-2:KZ).

Migrations call this with their historical model; tests call it with the real one after a
transactional test has emptied the tables.
"""

import csv
import io
from importlib.resources import files
from typing import Any


def load_regions(region_model: Any) -> None:
    """Create or update the 17 regions and 3 cities; running it twice changes nothing."""
    text = files("ortaq.schools").joinpath("data", "kz_regions.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        region_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_kk": row["name_kk"],
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "centre_en": row["centre_en"],
                "kind": row["kind"],
            },
        )
