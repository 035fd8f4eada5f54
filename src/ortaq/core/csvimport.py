"""Read a CSV file that people exported from Excel or LibreOffice, and report every problem at once.

Accepts UTF-8 with or without a byte-order mark, ``,`` or ``;`` as the delimiter (Excel in
Kazakhstan writes ``;``), and headers in any order and any letter case. Nothing here writes to
the database: an import first reads and checks every row, and writes only when no row failed.
"""

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

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


# A file to import: its bytes, or a binary file open for reading that can seek (a file on disk,
# an upload). A file is read a few lines at a time and never held whole in memory.
CsvSource = bytes | IO[bytes]


def _spreadsheet_refused() -> ImportRejected:
    return ImportRejected(
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


def _not_utf8(line: int) -> ImportRejected:
    return ImportRejected(
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
    )


def _first_line_not_utf8(binary: IO[bytes], start: int) -> int:
    """The number of the first line of the file that is not UTF-8 (the file is read again)."""
    binary.seek(start)
    # No byte of a UTF-8 sequence is a line feed, so each line decodes on its own.
    for number, line in enumerate(binary, 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return 1


def _delimiter(header_line: str) -> str:
    # Headers never contain either character, so whichever appears more often separates them.
    return ";" if header_line.count(";") > header_line.count(",") else ","


# Control characters other than tab and line ends: PostgreSQL refuses NUL in text, and none of
# them belongs in a name, an address or a code.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CsvRows:
    """The data rows of a CSV file, read one at a time and once: ``read_rows`` makes one."""

    def __init__(
        self,
        source: CsvSource,
        *,
        columns: Iterable[str],
        required: Iterable[str],
        max_rows: int,
        errors: RowErrors | None,
    ) -> None:
        self._binary: IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
        self._start = self._binary.tell()
        if self._binary.read(4) in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
            raise _spreadsheet_refused()
        self._binary.seek(self._start)
        # Lines end with \n, \r\n or \r, as Python's CSV reader expects them (newline="").
        self._text = io.TextIOWrapper(self._binary, encoding="utf-8-sig", newline="")
        self._released = False
        self._max_rows = max_rows
        self._errors = errors
        self._own_errors = RowErrors()
        try:
            self._read_header(list(columns), required)
        except BaseException:
            self._release()
            raise
        # Read once: iterating again goes on where the last stopped.
        self._generator = self._rows_then_release()

    def _read_header(self, columns: list[str], required: Iterable[str]) -> None:
        # The first line with something on it says which delimiter the file uses.
        peeked: list[str] = []
        while not (peeked and peeked[-1].strip("\r\n")):
            line = self._decode(self._text.readline)
            if not line:
                raise ImportRejected([RowError(1, "", _("The file is empty."))])
            peeked.append(line)
        self.delimiter = _delimiter(peeked[-1])
        self._lines = _Lines(
            itertools.chain(peeked, iter(lambda: self._decode(self._text.readline), ""))
        )
        self._records = _Records(csv.reader(self._lines, delimiter=self.delimiter), self._lines)
        try:
            self._header_line, header = next(self._records)
            while not any(cell.strip() for cell in header):
                self._header_line, header = next(self._records)
        except StopIteration:
            raise ImportRejected([RowError(1, "", _("The file is empty."))]) from None
        except csv.Error as exc:
            raise ImportRejected([RowError(1, "", _("The file is not valid CSV."))]) from exc

        known = set(columns)
        self.columns = [
            CONTROL_CHARACTERS.sub("", cell).strip().lstrip("\ufeff").lower() for cell in header
        ]
        seen: set[str] = set()
        for name in self.columns:
            if not name:
                self._own_errors.add(
                    self._header_line, "", _("A column has no name in the header.")
                )
            elif name in seen:
                self._own_errors.add(self._header_line, name, _("This column appears twice."))
            elif name not in known:
                hint = (
                    _("Separate the columns with , or ;.")
                    if "\t" in name
                    else _("Unknown column. The columns are: %(columns)s.")
                    % {"columns": ", ".join(columns)}
                )
                self._own_errors.add(self._header_line, name, hint)
            seen.add(name)
        for name in required:
            if name not in seen:
                self._own_errors.add(
                    self._header_line, name, _("This column is required but missing.")
                )
        self._own_errors.raise_if_any()

    def _decode(self, readline: Callable[[], str]) -> str:
        """The next line ("" at the end), refusing the file at its first line not in UTF-8."""
        try:
            return readline()
        except UnicodeDecodeError as exc:
            raise _not_utf8(_first_line_not_utf8(self._binary, self._start)) from exc

    def _release(self) -> None:
        # Detached, the reader leaves the caller's file open; garbage-collected, it would close it.
        if self._released:
            return
        self._released = True
        if not self._text.closed:
            self._text.detach()

    def __iter__(self) -> Iterator[Row]:
        return self

    def __next__(self) -> Row:
        return next(self._generator)

    def _rows_then_release(self) -> Iterator[Row]:
        try:
            yield from self._rows()
        finally:
            self._release()

    def _rows(self) -> Iterator[Row]:
        names = self.columns
        records = self._records
        row_errors = self._errors if self._errors is not None else self._own_errors
        # Each row is given out once the next is read: the last one may have to be taken back
        # (a quote never closed made it swallow the rest of the file).
        pending: Row | None = None
        count = 0
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
                if any(CONTROL_CHARACTERS.search(text) for text in records.record_lines):
                    cells = _without_control_characters(line, names, cells, row_errors)
                count += 1
                if count > self._max_rows:
                    row_errors.add(
                        line,
                        "",
                        _("A file may hold at most %(max)s rows.") % {"max": self._max_rows},
                    )
                    break
                if pending is not None:
                    yield pending
                pending = Row(line, dict(zip(names, cells, strict=True)))
        except csv.Error:
            # The reader gives up inside a cell of many thousand characters: usually a quote
            # that is never closed, which the check below finds and reports.
            # (Past the lines of this record, not through _Lines, which would keep them all.)
            rest = itertools.chain(list(records.record_lines), self._lines.lines)
            if not _report_unclosed_quote(rest, self.delimiter, records.reading, names, row_errors):
                row_errors.add(records.reading, "", _("This line cannot be read as CSV."))
        else:
            # An unclosed quote takes the rest of the file into one cell of the last record.
            unclosed = _report_unclosed_quote(
                records.last_record_lines, self.delimiter, records.start, names, row_errors
            )
            if unclosed and pending is not None and pending.line == records.start:
                pending = None
                count -= 1
        if pending is not None:
            yield pending
        if not count and not row_errors:
            row_errors.add(self._header_line, "", _("The file has a header but no rows."))
        self._own_errors.raise_if_any()
        if self._errors is not None and not count:
            self._errors.raise_if_any()


def read_rows(
    data: CsvSource,
    *,
    columns: Iterable[str],
    required: Iterable[str],
    max_rows: int = 200_000,
    errors: RowErrors | None = None,
) -> CsvRows:
    """Read the header of ``data`` and return its rows, to be read one by one (once).

    Raises ImportRejected at once for a wrong header, a spreadsheet or an empty file. ``columns``
    lists every column the import understands and ``required`` those it cannot do without; the
    header's own are in ``.columns``. Empty lines are skipped. Cell values are given as written
    (not stripped), except that control characters are taken out (and reported).

    Given ``errors``, problems of single rows (too many cells, a control character, an unclosed
    quote) are added to it and the readable rows are given, so that the caller reports them
    together with its own checks of the values. Without ``errors``, any problem raises
    ImportRejected once the rows are read. Either way a problem may be found only at the end of
    the file (a quote never closed, bytes that are not UTF-8, raised then): the caller reads
    every row before it writes anything.
    """
    return CsvRows(data, columns=columns, required=required, max_rows=max_rows, errors=errors)


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
    lines: Iterable[str], delimiter: str, start: int, names: list[str], errors: RowErrors
) -> bool:
    """Report a quote opened in the record that starts on line ``start`` and never closed.

    ``lines`` are the file's lines from that record to the end. Reads them the way Python's CSV
    reader does (a quote opens a quoted cell only at the start of a cell; two quotes inside one
    are one quote) and tells whether the file ends inside a quoted cell.
    """
    state, line, cell, opened_at, opened_cell = "start", start, 0, start, 0
    for text in lines:
        body = text.rstrip("\r\n")
        for char in body:
            if state == "quoted":
                if char == '"':
                    state = "quote"
            elif char == delimiter:
                state, cell = "start", cell + 1
            elif state == "quote" and char == '"':
                state = "quoted"
            elif state == "start" and char == '"':
                state, opened_at, opened_cell = "quoted", line, cell
            else:
                state = "field"
        if len(body) < len(text):
            # The line's end: inside a quoted cell it is part of the cell, else it ends a record.
            line += 1
            if state != "quoted":
                state, cell = "start", 0
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


class _Lines:
    """The file's lines for the CSV reader, keeping those of the record being read."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.taken: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.taken.append(line)
        return line


class _Records:
    """Yield each record with the line it starts on (a quoted cell may span lines)."""

    def __init__(self, reader: Any, lines: _Lines) -> None:
        self.reader = reader
        self.lines = lines
        self.start = 1  # the line of the last record read
        self.reading = 1  # the line of the record being read (where an error stopped it)
        self.last_record_lines: list[str] = []  # the text of the last record read

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self

    @property
    def record_lines(self) -> list[str]:
        """The text of the record being read (or just read)."""
        return self.lines.taken

    def __next__(self) -> tuple[int, list[str]]:
        self.reading = self.reader.line_num + 1
        self.lines.taken = []
        cells: list[str] = next(self.reader)
        self.start = self.reading
        self.last_record_lines = self.lines.taken
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
