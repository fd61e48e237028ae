"""Class rosters as spreadsheets really export them, and every refusal naming the file and row.

The rosters are files in tests/fixtures/rosters/ (byte-exact: BOMs, CRLF and
Windows-1252 are the point, so that folder's .gitattributes turns off newline
conversion). Whole-file problems (empty, not text) have no row to point at.
"""

from __future__ import annotations

import zipfile

import pytest

from conftest import FIXTURES, problems
from lessonpack.errors import LessonpackError
from lessonpack.roster import MAX_NAME, MAX_STUDENTS, load_roster

ROSTERS = FIXTURES / "rosters"


def load(name: str):
    return load_roster(ROSTERS / name)


def refused(name: str) -> list[LessonpackError]:
    with pytest.raises(LessonpackError) as info:
        load(name)
    return problems(info.value)


def table(name: str) -> list[tuple[str, str]]:
    return [(e.name, e.group) for e in load(name)]


# ----------------------------------------------------------------- the fixtures are what they claim


def test_the_fixture_files_still_hold_the_bytes_the_tests_are_about():
    """A checkout that converted line endings or encodings would make the tests below vacuous."""
    raw = {p.name: p.read_bytes() for p in ROSTERS.iterdir()}
    assert raw["utf8-bom-crlf.csv"].startswith(b"\xef\xbb\xbf") and b"\r\n" in raw["utf8-bom-crlf.csv"]
    assert raw["excel-semicolon.csv"].startswith(b"\xef\xbb\xbf") and b"\r\n" in raw["excel-semicolon.csv"]
    assert not raw["comma.csv"].startswith(b"\xef\xbb\xbf") and b"\r" not in raw["comma.csv"]
    with pytest.raises(UnicodeDecodeError):
        raw["windows-1252.csv"].decode("utf-8")
    assert b"\r\n" in raw["windows-1252.csv"]
    assert b"\t" in raw["tab.csv"]
    assert raw["empty.csv"] == b""
    assert b"\x00" in raw["nul-bytes.csv"]
    assert raw["spreadsheet.xlsx.csv"][:4] == b"PK\x03\x04"
    assert "xl/workbook.xml" in zipfile.ZipFile(ROSTERS / "spreadsheet.xlsx.csv").namelist()


# ----------------------------------------------------------------- accepted


ZOE, LUKASZ, NGUYEN = "Zoë Ångström", "Łukasz Nowak", "Nguyễn Văn An"


def test_utf8_without_bom_keeps_accents_and_other_scripts():
    assert table("comma.csv") == [(ZOE, "10B"), (LUKASZ, "10B"), (NGUYEN, "10B")]


def test_utf8_with_bom_and_crlf_reads_like_plain_utf8():
    entries = load("utf8-bom-crlf.csv")
    assert [(e.name, e.group, e.id) for e in entries] == [(ZOE, "10B", "S001"), (LUKASZ, "10B", "S002")]
    for e in entries:  # no BOM glued to the first header or name, no \r glued to the last column
        assert not any(ch in value for value in (e.name, e.group, e.id) for ch in "\ufeff\r\n")
    assert [e.row for e in entries] == [2, 3]


def test_semicolons_from_excel_in_european_locales():
    """Excel in a comma-decimal locale separates with ";": commas inside names and numbers stay."""
    assert table("excel-semicolon.csv") == [(ZOE, "10B"), ("Ahmed, Zara", "10B")]


def test_tab_separated():
    entries = load("tab.csv")
    assert [(e.name, e.group, e.id) for e in entries] == [(ZOE, "10B", "S001"), ("Ahmed, Zara", "10B", "S002")]


def test_windows_1252_bytes_from_older_excel():
    assert table("windows-1252.csv") == [(ZOE, "10B"), ("François Müller", "10B"), ("José Peña", "10B")]


def test_quoted_names_keep_their_commas_and_quotes():
    assert [e.name for e in load("quoted.csv")] == ["Ahmed, Zara", 'O\'Brien, Siobhán "Shiv"', "Plain Name"]


def test_blank_lines_and_empty_rows_are_skipped_and_rows_keep_their_line_numbers():
    entries = load("blank-lines.csv")
    assert [(e.name, e.group, e.row) for e in entries] == [("Ada Lovelace", "7C", 5), ("Ben Okri", "7C", 8)]


def test_headers_are_case_insensitive_with_spaces_and_unknown_columns_are_ignored():
    ada, ben = load("headers.csv")
    assert (ada.name, ada.group, ada.id, ada.variant, ada.profile, ada.tier) == (
        "Ada Lovelace", "7C", "S1", 1, "large-print-18", "support")  # variant "b": version B
    assert (ben.name, ben.group, ben.id, ben.variant, ben.profile, ben.tier) == ("Ben Okri", "7C", "S2", None, "", "")
    for e in (ada, ben):  # Email and Favourite colour went nowhere
        assert "example.org" not in repr(e) and "green" not in repr(e)


def test_a_thousand_students_load_in_order():
    entries = load("students-1000.csv")
    assert len(entries) == 1000
    assert (entries[0].name, entries[0].group, entries[0].row) == ("Student 0001", "7B", 2)
    assert (entries[-1].name, entries[-1].row) == ("Student 1000", 1001)


# ----------------------------------------------------------------- refused, with the file and the row


def check(error: LessonpackError, file: str, line: int | tuple[int, ...], message: tuple[str, ...],
          hint: tuple[str, ...]) -> None:
    assert error.location is not None, error
    assert error.location.file == ROSTERS / file
    lines = line if isinstance(line, tuple) else (line,)
    assert error.location.line in lines, error
    for words in message:
        assert words in error.message, error.message
    assert error.hint, error
    for words in hint:
        assert words in error.hint, error.hint


WHOLE_FILE = (0, 1)  # no row to point at (line 1 would do as well)


@pytest.mark.parametrize("file, line, message, hint", [
    ("no-name-column.csv", 1, ("no `name` column",), ("name,class", "student, class")),
    ("empty.csv", WHOLE_FILE, ("empty",), ("`name` column",)),
    ("blank.csv", WHOLE_FILE, ("empty",), ("`name` column",)),
    ("header-only.csv", WHOLE_FILE, ("no students",), ("one student per row",)),
    ("spreadsheet.xlsx.csv", WHOLE_FILE, ("spreadsheet", "not a CSV"), ("CSV UTF-8",)),
    ("nul-bytes.csv", 2, ("not a text file",), ("CSV UTF-8",)),  # the NUL is on line 2
    ("empty-name.csv", 3, ("row 3", "name is empty"), ("fill in the name",)),
    ("long-name.csv", 3, ("row 3", "300 characters"), (str(MAX_NAME),)),
    ("bad-variant.csv", 3, ("row 3", '"Z9"', "not a version letter"), ("A, B, C",)),
    ("students-2001.csv", (0, 1, MAX_STUDENTS + 2), (f"{MAX_STUDENTS + 1} students",), (str(MAX_STUDENTS),)),
])
def test_a_bad_roster_is_refused_naming_the_file_and_row(file, line, message, hint):
    errors = refused(file)
    assert len(errors) == 1, [str(e) for e in errors]
    check(errors[0], file, line, message, hint)
    assert str(ROSTERS / file) in str(errors[0]) or file in errors[0].render()


def test_every_bad_row_is_reported_at_once():
    errors = refused("many-problems.csv")
    assert [e.location.line for e in errors] == [2, 3, 4]
    assert "empty" in errors[0].message and "Z9" in errors[1].message and "101 characters" in errors[2].message


def test_too_many_students_points_at_the_first_row_over_the_limit():
    error, = refused("students-2001.csv")
    assert error.location.line == MAX_STUDENTS + 2  # header on line 1, student 2001 on line 2002


def test_a_variant_that_is_not_a_plain_letter_or_number_is_refused_at_its_row():
    errors = refused("variant-non-ascii.csv")
    assert [e.location.line for e in errors] == [3, 4, 5]
    for error, value in zip(errors, ("É", "ß", "²")):
        check(error, "variant-non-ascii.csv", error.location.line, (f'"{value}"',), ("A, B, C",))


def test_rows_are_numbered_by_file_line_after_a_quoted_line_break():
    # Line 2-3: "Ada\nLovelace",7C   line 4: Ben Okri,7C   line 5: ,7C (empty name)
    error, = refused("multiline-cell.csv")
    assert error.location.line == 5


def test_an_unquoted_comma_in_a_name_is_not_silently_cut():
    try:
        entries = load("unquoted-commas.csv")
    except LessonpackError as exc:  # refusing, at the row, is as good as keeping the whole name
        assert problems(exc)[0].location.line == 2
        return
    assert [e.name for e in entries] == ["Ahmed, Zara", "Smith, John"]
