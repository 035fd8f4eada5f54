"""Cells for CSV and XLSX downloads that a spreadsheet will not run as formulas.

A title or name typed by a person ("=HYPERLINK(...)", "+1", "@SUM(...)") would otherwise become a
live formula in the methodologist's Excel (CSV injection). Text that starts with one of the
characters a spreadsheet reads as a formula gets a leading apostrophe, which spreadsheets show
as plain text; numbers, dates and empty cells pass unchanged.
"""

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Iterable[Any]]) -> list[list[Any]]:
    return [[safe_cell(value) for value in row] for row in rows]
