"""Read the files a course names: only regular files, only inside the course, never too much.

Teachers share course folders, so a lesson, essay, image or reference document
may be a link to someone's private file, a FIFO that blocks a read forever, or
/dev/zero. Every reader goes through `read_input`: the path is followed through
its links and refused if it lands outside the course; anything but a regular
file is refused before it is opened; the file is opened without blocking and
checked again through its descriptor (so it cannot be swapped in between); and
no more than a limit is read. `decode_text` turns the bytes into text, saying
where a byte is not UTF-8 and what the file probably is instead.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from .errors import LessonpackError, Location

MAX_TEXT_BYTES = 10 * 1024 * 1024
"""Lessons, essays, course.yaml, rosters: far more than any real one."""

_OUTSIDE_HINT = ("copy the file into the course folder (instead of a link to it) and name it by its path "
                 "inside the course")
_UTF8_HINT = "in your editor choose Save As (or Save with Encoding), then UTF-8"
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def read_input(path: Path, *, within: Path | None = None, limit: int = MAX_TEXT_BYTES,
               where: Location | None = None, what: str = "the file") -> bytes:
    """The bytes of a regular file; with `within`, only if it lies inside that folder after following links.

    A refusal is located at `where` (the line of course.yaml or a lesson that
    names the file) or else at the file itself; it starts with `what`, e.g. `image "map.png"`.
    """
    with open_input(path, within=within, limit=limit, where=where, what=what) as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise _refusal(path, where, what, f"cannot be read: {exc.strerror or exc}",
                           "check that the file is readable") from None
    if len(data) > limit:
        raise _too_large(path, where, what, limit)
    return data


@contextmanager
def open_input(path: Path, *, within: Path | None = None, limit: int = MAX_TEXT_BYTES,
               where: Location | None = None, what: str = "the file") -> Iterator[BinaryIO]:
    """The open regular file at path (see read_input); for reading in pieces, e.g. to hash it."""
    path = Path(path)
    try:
        real = path.resolve(strict=True)
        if within is not None and not real.is_relative_to(Path(within).resolve()):
            raise _refusal(path, where, what, f"{_leads(path, within)} outside the course folder; it was not read",
                           _OUTSIDE_HINT)
        info = os.stat(real)
        _check_kind(info, path, where, what, limit)
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _refusal(path, where, what, "was not found", "check the name and where the file is") from None
    except (OSError, ValueError, RuntimeError) as exc:  # a NUL in the name, a name too long, a link loop
        raise _refusal(path, where, what, f"cannot be read: {getattr(exc, 'strerror', None) or exc}",
                       "check the path, and that the file is readable") from None
    with os.fdopen(fd, "rb") as stream:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):  # swapped since the check
            raise _refusal(path, where, what, "changed while it was being opened; it was not read", "try again")
        _check_kind(now, path, where, what, limit)
        if within is not None and not _opened_inside(fd, Path(within).resolve()):
            raise _refusal(path, where, what, "is outside the course folder; it was not read", _OUTSIDE_HINT)
        yield stream


def _refusal(path: Path, where: Location | None, what: str, problem: str, hint: str) -> LessonpackError:
    """`what problem`, at where or else at the file itself."""
    return LessonpackError(f"{what} {problem}", where or Location(path), hint)


def _leads(path: Path, within: Path) -> str:
    """"is a link to a file" when the name looks inside the course but a link takes it out."""
    try:
        inside = Path(os.path.abspath(path)).is_relative_to(os.path.abspath(within))
    except (OSError, ValueError):
        inside = False
    return "is a link to a file" if inside else "is"


def _check_kind(info: os.stat_result, path: Path, where: Location | None, what: str, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = ("a folder" if stat.S_ISDIR(info.st_mode) else
                "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else
                "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "a special file")
        raise _refusal(path, where, what, f"is {kind}, not an ordinary file; it was not read",
                       "name an ordinary file saved by an editor")
    if info.st_size > limit:
        raise _too_large(path, where, what, limit)


def _too_large(path: Path, where: Location | None, what: str, limit: int) -> LessonpackError:
    return _refusal(path, where, what, f"is larger than {_size(limit)}; it was not read",
                    "check that this is the right file; split very long texts into several")


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"


def _opened_inside(fd: int, within: Path) -> bool:
    """Where the open file really is (Linux), in case a folder on its path was swapped for a link."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}")).is_relative_to(within)
    except OSError:  # no /proc: the check before opening stands
        return True


# ----------------------------------------------------------------- text


def decode_text(raw: bytes, file: Path, not_text_hint: str = "save it from your editor as plain text (UTF-8)",
                allow_nul: bool = False) -> str:
    """UTF-8 text (a BOM allowed); otherwise say where and what the file probably is instead.

    e.g. `essay.md:12:8: byte 0xE9 is not UTF-8; the file looks like Latin-1 (é); save it as UTF-8`.
    A NUL byte means "not a text file", unless `allow_nul` (the caller cleans it out with a note).
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(raw):
        raise LessonpackError("the file is UTF-16; save it as UTF-8", Location(file, 1), _UTF8_HINT)
    if b"\x00" in raw and not allow_nul:
        line, column = line_and_column(raw, raw.index(b"\x00"))
        raise LessonpackError("this is not a text file (it contains NUL bytes)", Location(file, line, column),
                              not_text_hint)
    skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + skip
        line, column = line_and_column(raw, at, skip)
        raise LessonpackError(f"byte 0x{raw[at]:02X} is not UTF-8; {_guess(raw[at])}; save it as UTF-8",
                              Location(file, line, column), _UTF8_HINT) from None


def line_and_column(raw: bytes, at: int, skip: int = 0) -> tuple[int, int]:
    """The 1-based line and column (in characters) of byte offset `at`, lines broken as YAML and editors do."""
    lines = _LINE_BREAK.split(raw[skip:at])
    return len(lines), len(lines[-1].decode("utf-8", "replace")) + 1


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: in mostly-Latin text every other byte is NUL."""
    sample = raw[:4096]
    if len(sample) < 4:
        return False
    pairs = len(sample) // 2
    return max(sample[0::2].count(0), sample[1::2].count(0)) >= 0.6 * pairs


def _guess(byte: int) -> str:
    """What a byte that is not UTF-8 probably is, with the character it would be."""
    if byte < 0x80:
        return "the file is not UTF-8"
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return "the file is not UTF-8"
    if not char.isprintable():
        return "the file is not UTF-8"
    encoding = "Windows-1252" if byte < 0xA0 else "Latin-1"
    return f"the file looks like {encoding} ({char})"


MAX_HASHED_BYTES = 1024 * 1024 * 1024
"""Larger inputs or outputs are never taken as unchanged (a build makes them again, validate checks again)."""


def file_hash(path: Path, within: tuple[Path, ...]) -> str | None:
    """SHA-256 of a regular file inside one of the `within` folders, or "missing" when there is no file.

    None for what must not or cannot be read (outside, a FIFO, a device, too large): never unchanged."""
    folder = next((f for f in within if _inside(path, f)), None)
    if folder is None:
        return None
    if not os.path.lexists(path):
        return "missing"
    try:
        with open_input(path, within=folder, limit=MAX_HASHED_BYTES) as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except (LessonpackError, OSError):
        return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        return False
