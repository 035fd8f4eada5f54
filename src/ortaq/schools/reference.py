"""Load Kazakhstan's regions from ``schools/data/kz_regions.csv`` (ISO 3166-2:KZ)."""

from typing import Any

from ortaq.core.reference import load_by_code, reference_rows


def load_regions(region_model: Any) -> None:
    """Create or update the 17 regions and 3 cities; running it twice changes nothing."""
    load_by_code(region_model, reference_rows("ortaq.schools", "kz_regions.csv"))
