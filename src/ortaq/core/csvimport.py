"""Read a CSV file that people exported from Excel or LibreOffice, and report every problem at once.

Accepts UTF-8 with or without a byte-order mark, ``,`` or ``;`` as the delimiter (Excel in
Kazakhstan writes ``;``), and headers in any order and any letter case. Nothing here writes to
the database: an import first reads and checks every row, and writes only when no row failed.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ortaq.core.errors import DomainError

YES = frozenset({"yes", "y", "true", "1", "иә", "ия", "да", "д"})
NO = frozenset({"no", "n", "false", "0", "жоқ", "нет", "н"})


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: the line of the file (the header is line 1), the column and the reason."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Line %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(DomainError):
    """Refuse a whole file because at least one row is wrong; nothing has been written."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.line, e.column))
        super().__init__(
            ngettext(
                "Nothing was imported: the file has %(count)s problem.",
                "Nothing was imported: the file has %(count)s problems.",
                len(self.errors),
            )
            % {"count": len(self.errors)},
            code="import_rejected",
        )


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: rows that created, changed or left unchanged a record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(slots=True)
class Row:
    """One data row: its line in the file and its cells by (lower-case) column name."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


class RowErrors:
    """Collect problems while checking rows, then reject the file if there were any."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, column, message))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRejected(self.errors)


def decode(data: bytes) -> str:
    """Decode UTF-8 (a leading BOM is dropped) or reject the file naming the first bad line."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected(
            [
                RowError(
                    1,
                    "",
                    _(
                        "This is a spreadsheet, not a CSV file. In Excel choose "
                        "“Save as” → “CSV UTF-8 (comma delimited)”."
                    ),
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRejected(
            [
                RowError(
                    line,
                    "",
                    _(
                        "The file is not in UTF-8. Save it again as “CSV UTF-8” "
                        "(Excel) or choose the UTF-8 character set (LibreOffice)."
                    ),
                )
            ]
        ) from exc


def _delimiter(header_line: str) -> str:
    # Headers never contain either character, so whichever appears more often separates them.
    return ";" if header_line.count(";") > header_line.count(",") else ","


# Control characters other than tab and line ends: PostgreSQL refuses NUL in text, and none of
# them belongs in a name, an address or a code.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_rows(
    data: bytes,
    *,
    columns: Iterable[str],
    required: Iterable[str],
    max_rows: int = 200_000,
    errors: RowErrors | None = None,
) -> list[Row]:
    """Parse ``data`` into rows, or raise ImportRejected for a wrong header or a broken file.

    ``columns`` lists every column the import understands and ``required`` those it cannot do
    without. Empty lines are skipped. Cell values are returned as written (not stripped), except
    that control characters are taken out (and reported).

    Given ``errors``, problems of single rows (too many cells, a control character, an unclosed
    quote) are added to it and the readable rows are returned, so that the caller reports them
    together with its own checks of the values; the caller must then not write anything. Without
    ``errors``, any problem raises ImportRejected here.
    """
    text = decode(data)
    known = set(columns)
    if not text.strip():
        raise ImportRejected([RowError(1, "", _("The file is empty."))])
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    own_errors = RowErrors()
    records = _Records(reader)
    try:
        header_line, header = next(records)
        while not any(cell.strip() for cell in header):
            header_line, header = next(records)
    except StopIteration:
        raise ImportRejected([RowError(1, "", _("The file is empty."))]) from None
    except csv.Error as exc:
        raise ImportRejected([RowError(1, "", _("The file is not valid CSV."))]) from exc

    names = [CONTROL_CHARACTERS.sub("", cell).strip().lstrip("\ufeff").lower() for cell in header]
    seen: set[str] = set()
    for name in names:
        if not name:
            own_errors.add(header_line, "", _("A column has no name in the header."))
        elif name in seen:
            own_errors.add(header_line, name, _("This column appears twice."))
        elif name not in known:
            hint = (
                _("Separate the columns with , or ;.")
                if "\t" in name
                else _("Unknown column. The columns are: %(columns)s.")
                % {"columns": ", ".join(columns)}
            )
            own_errors.add(header_line, name, hint)
        seen.add(name)
    for name in required:
        if name not in seen:
            own_errors.add(header_line, name, _("This column is required but missing."))
    own_errors.raise_if_any()

    row_errors = errors if errors is not None else own_errors
    has_control = CONTROL_CHARACTERS.search(text) is not None
    result: list[Row] = []
    try:
        for line, cells in records:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(names):
                row_errors.add(
                    line,
                    "",
                    _("The row has %(found)s values but the header has %(expected)s columns.")
                    % {"found": len(cells), "expected": len(names)},
                )
                continue
            # Cells missing at the end of a short row are empty: every row has every column.
            cells += [""] * (len(names) - len(cells))
            if has_control:
                cells = _without_control_characters(line, names, cells, row_errors)
            result.append(Row(line, dict(zip(names, cells, strict=True))))
            if len(result) > max_rows:
                row_errors.add(
                    line, "", _("A file may hold at most %(max)s rows.") % {"max": max_rows}
                )
                break
    except csv.Error:
        # The reader gives up inside a cell of many thousand characters: usually a quote that
        # is never closed, which the check below finds and reports.
        if not _report_unclosed_quote(text, delimiter, records.reading, names, row_errors):
            row_errors.add(records.reading, "", _("This line cannot be read as CSV."))
    else:
        # An unclosed quote takes the rest of the file into one cell of the last record.
        unclosed = _report_unclosed_quote(text, delimiter, records.start, names, row_errors)
        if unclosed and result and result[-1].line == records.start:
            result.pop()
    if not result and not row_errors:
        row_errors.add(header_line, "", _("The file has a header but no rows."))
    own_errors.raise_if_any()
    if errors is not None and not result:
        errors.raise_if_any()
    return result


def _without_control_characters(
    line: int, names: list[str], cells: list[str], errors: RowErrors
) -> list[str]:
    cleaned = []
    for name, cell in zip(names, cells, strict=True):
        if CONTROL_CHARACTERS.search(cell):
            errors.add(
                line,
                name,
                _("The cell holds a control character (such as NUL) that cannot be stored."),
            )
            cell = CONTROL_CHARACTERS.sub("", cell)
        cleaned.append(cell)
    return cleaned


def _report_unclosed_quote(
    text: str, delimiter: str, start: int, names: list[str], errors: RowErrors
) -> bool:
    """Report a quote opened in the record that starts on line ``start`` and never closed.

    Reads the text the way Python's CSV reader does (a quote opens a quoted cell only at the
    start of a cell; two quotes inside one are one quote) and tells whether the file ends
    inside a quoted cell.
    """
    lines = io.StringIO(text, newline="").readlines()
    rest = "".join(lines[start - 1 :])
    state, line, cell, opened_at, opened_cell = "start", start, 0, start, 0
    index = 0
    while index < len(rest):
        char = rest[index]
        if state == "quoted":
            if char == '"':
                state = "quote"
            elif char == "\n" or (char == "\r" and rest[index + 1 : index + 2] != "\n"):
                line += 1
        elif char in "\r\n":
            if char == "\r" and rest[index + 1 : index + 2] == "\n":
                index += 1
            line += 1
            state, cell = "start", 0
        elif char == delimiter:
            state, cell = "start", cell + 1
        elif state == "quote" and char == '"':
            state = "quoted"
        elif state == "start" and char == '"':
            state, opened_at, opened_cell = "quoted", line, cell
        else:
            state = "field"
        index += 1
    if state != "quoted":
        return False
    errors.add(
        opened_at,
        names[opened_cell] if opened_cell < len(names) else "",
        _(
            "A quotation mark opens a cell here that is never closed, so the rest of the file "
            "would be one cell. Close the quote or remove it."
        ),
    )
    return True


class _Records:
    """Yield each record with the line it starts on (a quoted cell may span lines)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.start = 1  # the line of the last record read
        self.reading = 1  # the line of the record being read (where an error stopped it)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        self.reading = self.reader.line_num + 1
        cells: list[str] = next(self.reader)
        self.start = self.reading
        return self.start, cells


def chunks[T](items: Sequence[T], size: int = 5000) -> Iterator[Sequence[T]]:
    """Split ``items`` for ``__in`` lookups, which SQLite limits to 32,766 parameters a query."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def parse_yes_no(value: str) -> bool | None:
    """Read yes/no in English, Kazakh or Russian; None when it is neither."""
    lowered = value.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    return None


YES_NO_HINT = gettext_lazy("Write yes or no.")
