"""The number of SQL queries each page costs, held against a baseline file.

``query_baseline.json`` (beside this module) holds, per database vendor, the queries of each GET
page as each role that may read it (``"courses:course trainer": 9``). A page that needs more
than its baseline fails; run ``pytest --refresh-query-baseline`` after a change that rightly
costs more (or less), and commit the file with it.
"""

import fcntl
import json
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).with_name("query_baseline.json")


class QueryBaseline:
    """The baseline read at the start of the run, and what this run measured."""

    def __init__(self, *, refresh: bool, vendor: str) -> None:
        self.refresh = refresh
        self.vendor = vendor
        stored = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
        self.stored: dict[str, dict[str, int]] = stored
        self.measured: dict[str, int] = {}

    def check(self, key: str, count: int) -> str | None:
        """Record ``count`` for ``key``; say what is wrong unless it is within the baseline.
        A key without a baseline fails too (run with ``--refresh-query-baseline``)."""
        self.measured[key] = count
        if self.refresh:
            return None
        known = self.stored.get(self.vendor)
        if known is None:
            return None  # no baseline for this database: measured on SQLite and PostgreSQL only
        if key not in known:
            return f"{key}: {count} queries and no baseline (pytest --refresh-query-baseline)"
        if count > known[key]:
            return f"{key}: {count} queries, baseline {known[key]}"
        return None

    def save(self) -> None:
        """Write what was measured over this vendor's part of the file, keeping the rest.

        The file is read again under a lock, so that parallel workers (pytest-xdist), each
        with the pages it requested, add to it in turn rather than overwrite each other."""
        if not (self.refresh and self.measured):
            return
        with BASELINE.open("a+", encoding="utf-8") as file:
            fcntl.flock(file, fcntl.LOCK_EX)
            file.seek(0)
            read = file.read()
            merged: dict[str, Any] = json.loads(read) if read else {}
            merged[self.vendor] = {**merged.get(self.vendor, {}), **self.measured}
            merged[self.vendor] = dict(sorted(merged[self.vendor].items()))
            file.truncate(0)
            file.write(json.dumps(merged, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
