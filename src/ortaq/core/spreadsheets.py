"""Cells for CSV and XLSX downloads that a spreadsheet will not run as formulas.

A title or name typed by a person ("=HYPERLINK(...)", "+1", "@SUM(...)") would otherwise become a
live formula in the methodologist's Excel (CSV injection). Text that starts with one of the
characters a spreadsheet reads as a formula gets a leading apostrophe, which spreadsheets show
as plain text; numbers, dates and empty cells pass unchanged.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.utils import formats

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


def csv_dialect() -> tuple[str, str]:
    """The field separator and decimal mark that a spreadsheet set to the active language opens
    as columns and numbers: where the decimal mark is a comma (Kazakh, Russian), Excel splits
    fields on semicolons and would read "18.2" as text or a date; in English, commas and points."""
    decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
    return (";" if decimal == "," else ","), decimal


def _spreadsheet_cell(value: Any, decimal: str) -> Any:
    if isinstance(value, float | Decimal) and decimal != ".":
        return str(value).replace(".", decimal)
    return safe_cell(value)


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Stream ``rows`` as CSV for a download in the active language's spreadsheet dialect
    (``csv_dialect``): a byte-order mark (so that Excel reads UTF-8), then each row made
    formula-safe, as it is produced, so the first bytes go out at once."""
    delimiter, decimal = csv_dialect()
    yield "\ufeff"
    writer = csv.writer(_Line(), delimiter=delimiter)
    for row in rows:
        yield writer.writerow([_spreadsheet_cell(value, decimal) for value in row])


def xlsx_bytes(rows: Iterable[Iterable[Any]], *, title: str, first_width: int = 40) -> bytes:
    """An XLSX workbook of one sheet named ``title`` holding ``rows`` (made formula-safe), its
    first row bold and its first column ``first_width`` characters wide."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = title[:31]
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = first_width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
