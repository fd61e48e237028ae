"""Reading templates: only regular files inside the template folders, as UTF-8 text without surprises.

Jinja's FileSystemLoader already refuses `..` in names; this loader also refuses
links that lead out of the folders, FIFOs and devices (reading them could hang),
huge files, and text that is not UTF-8 or hides invisible characters, with the file named.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import jinja2

from .errors import LessonpackError, Location
from .inputs import decode_text, read_input
from .jinja_compat import split_template_path
from .text import clean_text

MAX_TEMPLATE_BYTES = 1_000_000
OUTSIDE_HINT = ("templates are read only from the course's templates/ folder and lessonpack's defaults; "
                "copy the file into templates/ instead of linking to it")


class TemplateLoader(jinja2.BaseLoader):
    """Reads a template only from a regular file inside one of the template folders.

    Jinja's FileSystemLoader already refuses `..` in names; this also refuses
    symlinks that lead out of the folders, FIFOs and devices (reading them
    could hang), huge files, and text that is not UTF-8, with the file named.
    """

    def __init__(self, folders: list[Path]):
        self.folders = folders
        self.real = [f.resolve() for f in folders]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)
        for i, folder in enumerate(self.folders):
            path = folder.joinpath(*pieces)
            if os.path.lexists(path):
                stamp = _stamp(path)
                earlier = [f.joinpath(*pieces) for f in self.folders[:i]]

                def uptodate() -> bool:
                    # Changed, or now overridden by a course template: compile it again (watch mode).
                    return _stamp(path) == stamp and not any(map(os.path.lexists, earlier))

                return _read_template(path, self.real), str(path), uptodate
        raise jinja2.TemplateNotFound(template)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _read_template(path: Path, folders: list[Path]) -> str:
    try:
        real = path.resolve()
        info = real.stat()
    except (OSError, RuntimeError) as exc:  # a broken or looping link
        raise LessonpackError(f"cannot read the template: {getattr(exc, 'strerror', None) or exc}",
                              Location(path), OUTSIDE_HINT) from None
    if not any(real.is_relative_to(folder) for folder in folders):
        raise LessonpackError("the template is a link to a file outside the template folders",
                              Location(path), OUTSIDE_HINT)
    if not stat.S_ISREG(info.st_mode):
        raise LessonpackError("the template is not a regular file", Location(path),
                              "a template must be a plain-text .md.j2 file")
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise LessonpackError(f"the template is larger than {MAX_TEMPLATE_BYTES // 1000} kB", Location(path),
                              "a template describes a document's layout; put long text in the lesson or essay")
    folder = next(folder for folder in folders if real.is_relative_to(folder))
    raw = read_input(real, within=folder, limit=MAX_TEMPLATE_BYTES, where=Location(path), what="the template")
    text = decode_text(raw, path, "a template must be a plain-text .md.j2 file", allow_nul=True)
    cleaned, notes = clean_text(text)
    if notes:  # they would reach the page (or crash the DOCX writer): say where, rather than guess
        plain = text.replace("\r\n", "\n").replace("\r", "\n")  # line endings are not reported
        first = next(i for i, (a, b) in enumerate(zip(plain, cleaned + "\0")) if a != b)
        raise LessonpackError(f"the template contains invisible characters: {'; '.join(notes)}",
                              Location(path, plain.count("\n", 0, first) + 1),
                              "retype the line, or delete the characters with an editor that shows them")
    return text
