"""Read a class roster as spreadsheets really export it: BOM or not, CRLF, comma or semicolon.

A roster is a CSV with a `name` column and optional `class`, `id`, `variant`,
`profile` and `tier` columns. Every problem names the roster file and its row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import ErrorGroup, LessonpackError, Location
from .inputs import line_and_column, read_input

MAX_NAME = 100
MAX_STUDENTS = 2000


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One student: the row they came from and what to print for them."""

    name: str
    group: str
    id: str
    variant: int | None
    """0 for version A, 1 for B…; None to assign versions in turn."""
    profile: str
    tier: str
    row: int


def _decode(data: bytes, file: Path) -> str:
    if data[:4] == b"PK\x03\x04":
        raise LessonpackError("this is a spreadsheet (.xlsx) file, not a CSV file", Location(file),
                              hint='in Excel or LibreOffice choose "Save As", then "CSV UTF-8"')
    if b"\x00" in data:
        raise LessonpackError("this is not a text file (it contains NUL bytes)",
                              Location(file, *line_and_column(data, data.index(b"\x00"))),
                              hint='save the roster as "CSV UTF-8" from your spreadsheet program')
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Excel versions on Windows save "CSV" in the Windows-1252 encoding.
        return data.decode("cp1252", errors="replace")


def _unreadable_row(text: str, delimiter: str, file: Path, row: int, exc: csv.Error) -> LessonpackError:
    """The csv module's refusal (a cell over its size limit), at the row and the cell."""
    rest = "".join(io.StringIO(text, newline="").readlines()[row - 1:])
    cell, line, column = _long_cell(rest, delimiter)
    if cell:
        return LessonpackError(f"row {row}: the cell in column {cell} is longer than {csv.field_size_limit():,} "
                               "characters",
                               Location(file, row + line, column),
                               hint="a roster cell holds a name, a class or an id; check for a missing closing "
                                    'quote (")')
    return LessonpackError(f"row {row} cannot be read: {exc}", Location(file, row),
                           hint='save the roster as "CSV UTF-8" from your spreadsheet program')


def _long_cell(rest: str, delimiter: str) -> tuple[int, int, int]:
    """In the text from a row on: the first cell over the csv size limit (1-based), and the line (0 for the
    row's first) and column where it starts; (0, 0, 0) if there is none."""
    limit = csv.field_size_limit()
    cell, size, quoted, line, start, cell_at = 1, 0, False, 0, 0, (0, 1)
    for i, ch in enumerate(rest):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            cell, size, cell_at = cell + 1, 0, (line, i - start + 2)
        elif ch in "\r\n":
            if not quoted:
                break
            if ch == "\n" or rest[i + 1:i + 2] != "\n":
                line, start = line + 1, i + 1
        else:
            size += 1
            if size > limit:
                return cell, *cell_at
    return 0, 0, 0


def _dialect(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def _variant(value: str, file: Path, row: int) -> int | None:
    value = value.strip()
    if not value:
        return None
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if len(value) == 1 and value.upper() in letters:  # A to Z only: not É, not ß ("SS")
        return letters.index(value.upper())
    if value.isascii() and value.isdigit() and 1 <= int(value) <= len(letters):  # not ², ①
        return int(value) - 1
    raise LessonpackError(f'row {row}: variant "{value}" is not a version letter', Location(file, row),
                          hint="write A, B, C… (or 1, 2, 3…), or leave it empty")


def load_roster(file: Path) -> list[RosterEntry]:
    """The students in a roster file, in order; all problems are reported together."""
    text = _decode(read_input(file, what="the roster"), file)
    delimiter = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, start = [], 1
    try:
        for record in reader:  # a quoted cell may hold a line break: number rows by the line they start on
            rows.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _unreadable_row(text, delimiter, file, start, exc) from None
    numbered = [(i, r) for i, r in rows if any(cell.strip() for cell in r)]
    if not numbered:
        raise LessonpackError("the roster is empty", Location(file),
                              hint="put a header row with a `name` column, then one student per row")
    header_row, header = numbered[0]
    columns = [h.strip().lower() for h in header]
    if "name" not in columns:
        raise LessonpackError("the roster has no `name` column", Location(file, header_row),
                              hint="the first row must name the columns, e.g. name,class "
                                   f"(found: {', '.join(c for c in columns if c) or 'nothing'})")
    errors: list[LessonpackError] = []
    entries: list[RosterEntry] = []
    for row_number, row in numbered[1:]:
        cells = {col: (row[i].strip() if i < len(row) else "") for i, col in enumerate(columns) if col}
        if any(cell.strip() for cell in row[len(columns):]):
            errors.append(LessonpackError(f"row {row_number}: more cells than the header has columns",
                                          Location(file, row_number),
                                          hint='a name with a comma needs quotes, e.g. "Ahmed, Zara"'))
            continue
        name = " ".join(cells.get("name", "").split())
        if not name:
            errors.append(LessonpackError(f"row {row_number}: the name is empty", Location(file, row_number),
                                          hint="fill in the name or delete the row"))
            continue
        if len(name) > MAX_NAME:
            errors.append(LessonpackError(f"row {row_number}: the name is {len(name)} characters long",
                                          Location(file, row_number),
                                          hint=f"names can be up to {MAX_NAME} characters"))
            continue
        try:
            variant = _variant(cells.get("variant", ""), file, row_number)
        except LessonpackError as exc:
            errors.append(exc)
            continue
        entries.append(RosterEntry(name, cells.get("class", ""), cells.get("id", ""), variant,
                                   cells.get("profile", ""), cells.get("tier", ""), row_number))
    if len(entries) > MAX_STUDENTS:
        errors.append(LessonpackError(f"the roster has {len(entries)} students",
                                      Location(file, entries[MAX_STUDENTS].row),
                                      hint=f"split it into class lists of at most {MAX_STUDENTS}"))
    if not entries and not errors:
        errors.append(LessonpackError("the roster has no students", Location(file),
                                      hint="add one student per row under the header"))
    if errors:
        raise ErrorGroup(errors)
    return entries
