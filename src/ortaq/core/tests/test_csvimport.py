import io

import pytest
from django.utils import translation

from ortaq.core.csvimport import ImportRejected, Row, parse_yes_no, read_rows

COLUMNS = ("name", "bin", "note")


def rows(data: bytes, required: tuple[str, ...] = ("name",)) -> list[Row]:
    return list(read_rows(data, columns=COLUMNS, required=required))


def rejected(data: bytes, required: tuple[str, ...] = ("name",)) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as caught:
        rows(data, required)
    return [(e.line, e.column) for e in caught.value.errors]


def test_utf8_with_bom_and_semicolons_as_excel_writes_them() -> None:
    data = "\ufeffName;BIN\r\nМектеп №1;050440424451\r\nҚазақ мектебі;\r\n".encode()
    parsed = rows(data)
    assert [(r.line, r.get("name"), r.get("bin")) for r in parsed] == [
        (2, "Мектеп №1", "050440424451"),
        (3, "Қазақ мектебі", ""),
    ]


def test_commas_and_quoted_cells_that_span_lines_keep_true_line_numbers() -> None:
    data = b'name,note\n"A, school","two\nlines"\nB,\n'
    parsed = rows(data)
    assert [(r.line, r.get("name")) for r in parsed] == [(2, "A, school"), (4, "B")]
    assert parsed[0].get("note") == "two\nlines"


def test_blank_lines_are_skipped() -> None:
    assert [r.line for r in rows(b"name,bin\n\nA,\n,\n\nB,1\n")] == [3, 6]


def test_header_problems_are_all_reported_at_once() -> None:
    assert rejected(b"nmae,bin,bin,\nA,1,2,3\n") == [
        (1, ""),
        (1, "bin"),
        (1, "name"),
        (1, "nmae"),
    ]


def test_a_row_with_more_cells_than_columns_is_refused() -> None:
    assert rejected(b"name,bin\nA,1\nB,2,3\n") == [(3, "")]


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\n", b"name,bin\n"],
)
def test_empty_files_are_refused(data: bytes) -> None:
    assert rejected(data)


def test_a_spreadsheet_gets_a_message_on_how_to_save_as_csv() -> None:
    with translation.override("en"), pytest.raises(ImportRejected) as caught:
        rows(b"PK\x03\x04rest-of-a-zip")
    assert "CSV UTF-8" in caught.value.errors[0].message


def test_a_windows_1251_file_names_the_first_line_that_is_not_utf8() -> None:
    data = "name\nSchool\nШкола\n".encode("cp1251")
    with translation.override("ru"):
        with pytest.raises(ImportRejected) as caught:
            rows(data)
        error = caught.value.errors[0]
        assert error.line == 3
        assert "UTF-8" in error.message
        assert str(error).startswith("Строка 3: Файл не в кодировке UTF-8")


def test_messages_are_translated() -> None:
    with translation.override("kk"):
        with pytest.raises(ImportRejected) as caught:
            rows(b"name,colour\nA,red\n")
        assert str(caught.value.errors[0]).startswith("1-жол, «colour» бағаны: Белгісіз баған.")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("Иә", True),
        ("да", True),
        ("1", True),
        ("no", False),
        ("жоқ", False),
        ("Нет", False),
        ("", None),
        ("maybe", None),
    ],
)
def test_yes_no_in_three_languages(value: str, expected: bool | None) -> None:
    assert parse_yes_no(value) is expected


def test_a_file_is_read_as_it_goes_and_left_open_for_its_owner() -> None:
    lines = ["name,bin"] + [f"Мектеп {n},{n}" for n in range(20_000)]
    source = io.BytesIO(("\n".join(lines) + "\n").encode())
    parsed = read_rows(source, columns=COLUMNS, required=("name",))
    assert parsed.columns == ["name", "bin"]
    first = next(iter(parsed))
    # The header and the first row are read, not the whole file.
    assert (first.line, first.get("name")) == (2, "Мектеп 0")
    assert source.tell() < 100_000
    assert sum(1 for _row in parsed) == 19_999
    assert not source.closed


def test_bytes_not_in_utf8_far_into_a_large_file_are_reported_on_their_line() -> None:
    lines = ["name,bin"] + [f"Мектеп {n},{n}" for n in range(20_000)]
    data = ("\n".join(lines) + "\n").encode() + "Школа,1\n".encode("cp1251")
    with translation.override("en"), pytest.raises(ImportRejected) as caught:
        rows(data)
    (error,) = caught.value.errors
    assert error.line == 20_002 and "UTF-8" in error.message


def test_old_mac_line_ends_are_lines_too() -> None:
    assert [(r.line, r.get("name")) for r in rows(b"name,bin\rA,1\rB,2\r")] == [
        (2, "A"),
        (3, "B"),
    ]


def test_a_quote_never_closed_in_the_last_row_of_a_large_file_is_reported() -> None:
    lines = ["name,note"] + [f"School {n},fine" for n in range(20_000)] + ['Last,"open']
    assert rejected(("\n".join(lines) + "\n").encode()) == [(20_002, "note")]
