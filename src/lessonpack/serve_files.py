"""Which files `lessonpack serve` may hand out: only what a build wrote into the output folder.

The output folder may be shared, and the page is reachable by anything on this computer, so a
file is offered only when the manifest records it (or it is a class set's zip, which the
manifest does not hold), its path has no `..`, no folder on the way is a link, it is a regular
file inside the output folder, and its bytes are still the ones the build wrote. Everything
else is simply not found.
"""

from __future__ import annotations

import io
import os
import stat
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .course import LoadedCourse
from .errors import LessonpackError
from .filenames import safe_name
from .inputs import file_hash, read_input
from .manifest import Manifest, bytes_hash

MAX_SERVED_BYTES = 512 * 1024 * 1024
"""Larger files are not offered (a class set's zip of a large year group is well under this)."""
PREVIEW_WIDTH = 360
"""Pixels across a first-page preview."""


@dataclass(frozen=True, slots=True)
class BuiltFile:
    """A file the page may link: its path under the output folder (its address) and its hash."""

    key: str
    path: Path
    sha256: str
    size: int


def inside_output(out: Path, key: str) -> Path | None:
    """The regular file `key` names under `out`, or None: no `..`, absolute path, backslash or
    empty part, no link on the way, nothing that resolves outside `out`."""
    if not key or "\\" in key or "\x00" in key or key.startswith("/"):
        return None
    parts = PurePosixPath(key).parts
    if any(part in ("", ".", "..") for part in parts) or key != "/".join(parts):
        return None
    path = out
    try:
        for part in parts:
            path = path / part
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                return None
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SERVED_BYTES:
            return None
        return path if path.resolve(strict=True).is_relative_to(out.resolve(strict=True)) else None
    except (OSError, ValueError, RuntimeError):
        return None


def built_files(out: Path, course: LoadedCourse | None) -> dict[str, BuiltFile]:
    """Every file the page may offer, by its key: the manifest's outputs whose bytes are as the
    build wrote them, and the class-set zips of the course's lessons."""
    found: dict[str, BuiltFile] = {}
    if out.is_symlink() or not out.is_dir():
        return found
    for key, entry in sorted(Manifest.load(out).entries.items()):
        path = inside_output(out, key)
        if path is not None and file_hash(path, (out,)) == entry["output"]:
            found[key] = BuiltFile(key, path, entry["output"], path.stat().st_size)
    for key in class_set_zips(out, course):
        path = inside_output(out, key)
        if path is not None:
            found[key] = BuiltFile(key, path, file_hash(path, (out,)) or "", path.stat().st_size)
    return found


def class_set_zips(out: Path, course: LoadedCourse | None) -> list[str]:
    """The keys of the zips `build --roster` left: out/LESSON/class-NAME/LESSON_class-NAME.zip,
    each a zip with the class set's manifest.csv in it."""
    keys = []
    for lesson in course.lessons if course else ():
        lesson_dir = safe_name(lesson.id)
        folder = out / lesson_dir
        if folder.is_symlink() or not folder.is_dir():
            continue
        for class_dir in sorted(folder.glob("class-*")):
            key = f"{lesson_dir}/{class_dir.name}/{lesson_dir}_{class_dir.name}.zip"
            path = inside_output(out, key)
            if path is not None and _is_class_set_zip(path):
                keys.append(key)
    return keys


def _is_class_set_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "manifest.csv" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def read_built(out: Path, files: dict[str, BuiltFile], key: str) -> bytes | None:
    """The bytes of an offered file, read again now and only if they are still the ones offered."""
    offered = files.get(key)
    if offered is None or inside_output(out, key) != offered.path:
        return None
    try:
        data = read_input(offered.path, within=out, limit=MAX_SERVED_BYTES)
    except (LessonpackError, OSError):
        return None
    return data if bytes_hash(data) == offered.sha256 else None


class Previews:
    """First pages of PDFs as PNG pictures, made in memory when first asked for and kept by hash.

    pypdfium2 (PDFium) renders them: it comes as a wheel with its own PDFium, so a teacher's
    computer needs no poppler; PDFium is not thread-safe, hence the lock.
    """

    def __init__(self) -> None:
        self._made: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def png(self, pdf: bytes) -> bytes:
        key = bytes_hash(pdf)
        with self._lock:
            if key not in self._made:
                if len(self._made) > 500:
                    self._made.clear()
                self._made[key] = _first_page(pdf)
            return self._made[key]


def _first_page(pdf: bytes) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        picture = page.render(scale=PREVIEW_WIDTH / page.get_width()).to_pil()
        page.close()
    finally:
        document.close()
    stream = io.BytesIO()
    picture.save(stream, format="PNG", optimize=True)
    return stream.getvalue()
