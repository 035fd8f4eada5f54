"""System checks for facts the platform depends on."""

from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.checks import Error, register

from ortaq.core.kz import KZ_TZ


@register()
def kazakhstan_time_zone(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Refuse to start with time-zone data older than 2024a, which would show UTC+6 in Almaty."""
    offset = datetime(2024, 6, 1, tzinfo=UTC).astimezone(KZ_TZ).utcoffset()
    if offset == timedelta(hours=5):
        return []
    return [
        Error(
            f"The time-zone data puts Asia/Almaty at {offset}; Kazakhstan has been UTC+5 "
            "since 1 March 2024.",
            hint="Update the system's tzdata, or `pip install -U tzdata` with PYTHONTZPATH=''.",
            id="ortaq.E001",
        )
    ]
