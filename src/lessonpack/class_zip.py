"""A class's zip: every student's own file and a manifest.csv naming whose each file is, which
version and how many pages, in cells a spreadsheet shows as text."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .files import add_to_zip

if TYPE_CHECKING:
    from .classset import Copy

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What makes a spreadsheet read a cell as a formula (with the full-width forms some versions accept)."""


def class_zip(copies: list[Copy], group: str, pages: dict[Path, int], read: Callable[[Path], bytes]) -> bytes:
    """The zip of a class folder's copies (`read` gives each file's bytes) and their manifest."""
    manifest = io.StringIO()
    writer = csv.writer(manifest, lineterminator="\r\n")
    writer.writerow(["student", "class", "id", "file", "version", "pages"])
    for copy in copies:
        row = [copy.student.name, group, copy.student.id, copy.path.name,
               copy.version.letter if copy.version else "", pages[copy.path]]
        writer.writerow([_cell(value) for value in row])  # every cell: the file name starts with a name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for copy in copies:
            add_to_zip(archive, copy.path.name, read(copy.path))
        add_to_zip(archive, "manifest.csv", manifest.getvalue().encode("utf-8-sig"))
    return buffer.getvalue()


def _cell(value: object) -> str:
    """A manifest cell a spreadsheet shows as text: one starting like a formula (after any spaces)
    gets a leading ', which the spreadsheet hides."""
    text = str(value)
    return f"'{text}" if text.lstrip(" ")[:1] in FORMULA_STARTS else text
