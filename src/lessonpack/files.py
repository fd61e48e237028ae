"""Write output files safely: atomically, never through a planted link, with safe names.

A build must never lose a good file: a full disk, a permission error or Ctrl-C
halfway leaves the previous file byte for byte as it was and no temporary file
behind. Names made from lesson titles or students' names must work on Linux,
macOS and Windows, and keep the accents and scripts they were written in.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import secrets
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from .errors import LessonpackError, Location

# Characters no file system (or shell user) wants in a name: path separators, Windows' <>:"|?*.
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
# Invisible or unencodable characters: controls, format marks (e.g. right-to-left override),
# surrogates, private use, unassigned, line and paragraph separators.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
TEMP_SUFFIX = ".lessonpack-tmp"
# Errors that mean "no unnamed files here" (old kernels, some file systems, no /proc): use a named one.
_NO_UNNAMED = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.EXDEV, errno.ENOENT, errno.EPERM, errno.ENOSYS}
_DEVICES = ("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$")
_RESERVED = {*_DEVICES, *(f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789¹²³")}

_WRITE_PROBLEMS = {
    errno.ENOSPC: ("the disk is full", "free some space, then build again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, then build again"),
    errno.EACCES: ("permission denied", "check that you may write to the output folder, or choose another with --out"),
    errno.EPERM: ("permission denied", "check that you may write to the output folder, or choose another with --out"),
    errno.EROFS: ("the disk is read-only", "choose another output folder with --out"),
    errno.ENAMETOOLONG: ("the file name is too long", "use a shorter lesson id or output folder"),
    errno.EISDIR: ("a folder of that name is in the way", "rename or remove the folder"),
    errno.ENOTDIR: ("a file is in the way of a folder on the path", "rename or remove that file"),
}


def safe_name(text: str, limit: int = 80) -> str:
    """A file-name part that is safe on Linux, macOS and Windows; keeps accents and scripts.

    At most `limit` bytes in UTF-8 (characters, for plain ASCII), so that two parts
    and an extension stay well under the 255-byte limit of every file system.
    """
    name = "".join("-" if unicodedata.category(ch) in _INVISIBLE else ch
                   for ch in unicodedata.normalize("NFC", str(text)))
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"\s+", "-", name)
    name = re.sub(r"\.{2,}", ".", re.sub(r"-{2,}", "-", name))
    name = _cut(name.strip(" .-"), limit).rstrip(" .-")
    if not name:
        return "untitled"
    if name.split(".")[0].upper() in _RESERVED:  # CON, con.txt, LPT1.pdf: devices on Windows
        name = "_" + name
    return name


def _cut(name: str, limit: int) -> str:
    """The longest start of name within limit UTF-8 bytes that does not end inside a letter's accents."""
    if len(name.encode("utf-8")) <= limit:
        return name
    kept, size = 0, 0
    for ch in name:
        size += len(ch.encode("utf-8"))
        if size > limit:
            break
        kept += 1
    while kept and unicodedata.combining(name[kept]):
        kept -= 1  # the cut would part a letter from its accents: cut before the letter
    return name[:kept]


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, within: Path | None = None) -> None:
    """Write to a temporary file beside path, then rename it into place.

    A crash, Ctrl-C or a full disk leaves the old file untouched and no temporary
    file behind (on Linux even `kill -9` does: the data is written to an unnamed
    file that gets a name only just before the rename). A symlink or FIFO planted
    at the path is replaced, never followed or opened. With `within`, folders
    below it that are symlinks are refused, so a link planted in an output folder
    cannot send files elsewhere.
    """
    path = Path(path)
    tmp: str | None = None
    try:
        if within is not None:
            _refuse_links(Path(within), path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            tmp = _write_temporary(path, data, unnamed=True)
        except OSError as exc:
            if exc.errno not in _NO_UNNAMED:
                raise
            tmp = _write_temporary(path, data, unnamed=False)
        os.replace(tmp, path)
        tmp = None
        _sync_folder(path.parent)
    except OSError as exc:
        reason, hint = _WRITE_PROBLEMS.get(exc.errno, (exc.strerror or str(exc), "check the output folder"))
        raise LessonpackError(f"could not write the file: {reason}; any earlier version of it is unchanged",
                              Location(path), hint) from None
    finally:
        if tmp is not None:  # written but not renamed: an error or Ctrl-C at the last moment
            _remove(tmp)


def _write_temporary(path: Path, data: bytes, unnamed: bool) -> str:
    """Write data to a new file in path's folder and return its (temporary) name; on failure leave nothing."""
    fd, tmp = _temporary(path, unnamed)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        if tmp is None:
            tmp = _name_unnamed(fd, path)
        return tmp
    except BaseException:
        if tmp is not None:
            _remove(tmp)
        raise
    finally:
        os.close(fd)


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _temporary(path: Path, unnamed: bool) -> tuple[int, str | None]:
    """A file to write in path's folder: unnamed where the system allows (Linux), else a hidden temp name."""
    mode = 0o666 & ~_umask()
    if unnamed and hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd"):
        return os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, mode), None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=TEMP_SUFFIX)
    if hasattr(os, "fchmod"):  # mkstemp makes the file private; give it the usual permissions
        os.fchmod(fd, mode)
    return fd, tmp


def _name_unnamed(fd: int, path: Path) -> str:
    """Give an unnamed (O_TMPFILE) file a temporary name beside path, ready to be renamed."""
    folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        while True:
            name = f".{path.name[:100]}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
            try:
                # linkat(…, AT_SYMLINK_FOLLOW): Python uses it only when given a folder descriptor.
                os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=folder, follow_symlinks=True)
                return str(path.parent / name)
            except FileExistsError:
                continue
    finally:
        os.close(folder)


def _refuse_links(within: Path, folder: Path) -> None:
    try:
        relative = folder.relative_to(within)
    except ValueError:
        raise LessonpackError("the file would be written outside the output folder", Location(folder)) from None
    current = within
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            raise LessonpackError("this folder in the output is a link to somewhere else; nothing was written "
                                  "through it", Location(current),
                                  hint="remove the link, or choose another output folder with --out")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def add_to_zip(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add a member with a fixed time and mode, so the same files give the same zip bytes."""
    info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
