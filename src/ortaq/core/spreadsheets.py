"""Cells for CSV and XLSX downloads that a spreadsheet will not run as formulas.

A title or name typed by a person ("=HYPERLINK(...)", "+1", "@SUM(...)") would otherwise become a
live formula in the methodologist's Excel (CSV injection). Text that starts with one of the
characters a spreadsheet reads as a formula gets a leading apostrophe, which spreadsheets show
as plain text; numbers, dates and empty cells pass unchanged.
"""

import csv
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Iterable[Any]]) -> list[list[Any]]:
    return [[safe_cell(value) for value in row] for row in rows]


class _Line:
    """A file-like object that hands back what the csv module writes to it, one row at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]], *, delimiter: str = ",") -> Iterator[str]:
    """Stream ``rows`` as CSV for a download: a byte-order mark (so that Excel reads UTF-8),
    then each row made formula-safe, as it is produced, so the first bytes go out at once."""
    yield "\ufeff"
    writer = csv.writer(_Line(), delimiter=delimiter)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])
