"""Write output files safely: atomically, and never through a planted link.

A build must never lose a good file: a full disk, a permission error or Ctrl-C
halfway leaves the previous file byte for byte as it was and no temporary file
behind. Nothing is written outside the output folder, even through a link planted
in it (folders.py), and a set of files (a class set) is written whole or not at all.
Safe names are filenames.py's job.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import io
import os
import shutil
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LessonpackError, Location
from .folders import make_folders, temporary_name

# Errors that mean "no unnamed files here" (old kernels, some file systems, no /proc): use a named one.
_NO_UNNAMED = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.EXDEV, errno.ENOENT, errno.EPERM, errno.ENOSYS}

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
    at the path is replaced, never followed or opened. With `within` (the output
    folder), every folder from it to the file is made or checked and one that is a
    link is refused, so a link planted in an output folder cannot send files elsewhere.
    """
    path = Path(path)
    try:
        if within is not None:
            make_folders(Path(within), path.parent)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        _put(path, data)
    except OSError as exc:
        raise _write_error(exc, path) from None
    writes.done.append(path)


def _put(path: Path, data: bytes) -> None:
    """The write itself: a temporary file in path's folder, renamed over path; nothing left on failure."""
    tmp: str | None = None
    try:
        try:
            tmp = _write_temporary(path, data, unnamed=True)
        except OSError as exc:
            if exc.errno not in _NO_UNNAMED:
                raise
            tmp = _write_temporary(path, data, unnamed=False)
        os.replace(tmp, path)
        tmp = None
        _sync_folder(path.parent)
    finally:
        if tmp is not None:  # written but not renamed: an error or Ctrl-C at the last moment
            _remove(tmp)


def _write_error(exc: OSError, path: Path, kept: str = "any earlier version of it is unchanged") -> LessonpackError:
    reason, hint = _WRITE_PROBLEMS.get(exc.errno, (exc.strerror or str(exc), "check the output folder"))
    return LessonpackError(f"could not write the file: {reason}; {kept}", Location(path), hint)


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
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    while True:
        tmp = str(path.parent / temporary_name(path.name))
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue


def _name_unnamed(fd: int, path: Path) -> str:
    """Give an unnamed (O_TMPFILE) file a temporary name beside path, ready to be renamed."""
    folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        while True:
            name = temporary_name(path.name)
            try:
                # linkat(…, AT_SYMLINK_FOLLOW): Python uses it only when given a folder descriptor.
                os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=folder, follow_symlinks=True)
                return str(path.parent / name)
            except FileExistsError:
                continue
    finally:
        os.close(folder)


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
    archive.writestr(_member_info(name), data)


def _member_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


KEPT_DEFLATED = 64 * 1024
"""Members at least this large are deflated once and kept (fonts/cache.py): a DOCX's embedded font
subsets, the same bytes in every file of a build, are most of the deflating a build does."""
_ZIP_LIMIT = 0xFFFFFFFF


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """The zip `add_to_zip` makes of these members in this order, byte for byte, with each large
    member's deflated bytes taken from the cache folder when the same bytes were deflated before.

    Python's zipfile deflates every member it is given and takes no deflated data, so the zip's
    records are written here, as zipfile writes them for a deflated member with a fixed time and
    no extra fields (tests/test_files_zip.py compares the two); a zip too large for these plain
    records is left to zipfile."""
    if sum(len(data) for _, data in members) >= _ZIP_LIMIT // 2:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                add_to_zip(archive, name, data)
        return buffer.getvalue()
    out = bytearray()
    directory = bytearray()
    for name, data in members:
        info = _member_info(name)
        crc, deflated = _deflated(data)
        encoded, flags = _encoded_name(name)
        dosdate = (info.date_time[0] - 1980) << 9 | info.date_time[1] << 5 | info.date_time[2]
        dostime = info.date_time[3] << 11 | info.date_time[4] << 5 | (info.date_time[5] // 2)
        offset = len(out)
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", info.extract_version, info.reserved, flags,
                           zipfile.ZIP_DEFLATED, dostime, dosdate, crc, len(deflated), len(data), len(encoded), 0)
        out += encoded
        out += deflated
        directory += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", info.create_version, info.create_system,
                                 info.extract_version, info.reserved, flags, zipfile.ZIP_DEFLATED, dostime, dosdate,
                                 crc, len(deflated), len(data), len(encoded), 0, 0, 0, info.internal_attr,
                                 info.external_attr, offset)
        directory += encoded
    start = len(out)
    out += directory
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0)
    return bytes(out)


def _encoded_name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800  # the UTF-8 name flag, as zipfile sets it


def _deflated(data: bytes) -> tuple[int, bytes]:
    """The member's CRC-32 and its raw deflate stream, as zipfile makes them (default level)."""
    def deflate() -> bytes:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        return zlib.crc32(data).to_bytes(4, "little") + compressor.compress(data) + compressor.flush()

    if len(data) < KEPT_DEFLATED:
        made = deflate()
    else:
        from .fonts.cache import remembered

        key = f"{hashlib.sha256(data).hexdigest()}|{zlib.ZLIB_RUNTIME_VERSION}|{zlib.Z_DEFAULT_COMPRESSION}"
        made = remembered("deflated", key, deflate)
        if len(made) < 4:  # not what deflate() gives: made again
            made = deflate()
    return int.from_bytes(made[:4], "little"), made[4:]


# ------------------------------------------------------------------ what a command wrote


@dataclass
class Writes:
    """The files this command has written, and how many it meant to write, so that a report
    of an error (a teacher's mistake or a bug) can say exactly what is on disk."""

    done: list[Path] = field(default_factory=list)
    planned: int = 0
    out: Path | None = None
    """The command's output folder, if it has one: where an error log goes."""

    def reset(self, out: Path | None = None) -> None:
        self.done, self.planned, self.out = [], 0, out


writes = Writes()


def write_all(files: dict[Path, bytes], within: Path) -> None:
    """Write several files so that every one of them is replaced, or none is (a booklet, a set of masters)."""
    with FileSet(within, len(files)) as staged:
        for path, data in files.items():
            staged.add(path, data)
        staged.commit()


class FileSet:
    """Files written whole or not at all, each put on disk as soon as it is made.

    Each file is written into a staging folder inside `within` when it is added, so a
    class set of a thousand students is never held in memory; `commit` renames them all
    into place, each old file moved aside meanwhile. A full disk, a bug or Ctrl-C before
    the end puts every old file back and removes the new folders and the staging folder
    (leaving the `with` block without `commit` removes what was staged): the previous
    complete set, or none, is left. `count` is how many files the set will hold, for the
    message a failure gives.
    """

    def __init__(self, within: Path, count: int) -> None:
        self.within = Path(within)
        self.paths: list[Path] = []
        self._staged: dict[Path, Path] = {}
        self.kept = f"none of the {count} files of the set was written, earlier versions are unchanged"
        try:
            make_folders(self.within, self.within)
            self.staging = _make_staging(self.within)
        except OSError as exc:
            raise _write_error(exc, self.within, self.kept) from None

    def __enter__(self) -> FileSet:
        return self

    def __exit__(self, *_exc) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def add(self, path: Path, data: bytes) -> None:
        """Stage one file of the set (not yet in place)."""
        try:
            staged = self.staging / str(len(self.paths))
            _put(staged, data)
        except OSError as exc:
            raise _write_error(exc, path, self.kept) from None
        self.paths.append(path)
        self._staged[path] = staged

    def read(self, path: Path) -> bytes:
        """A staged file's bytes, read back (to zip files already staged)."""
        return self._staged[path].read_bytes()

    def commit(self) -> None:
        """Put every staged file in place, or, on any failure, none."""
        within, staging = self.within, self.staging
        placed: list[tuple[Path, Path | None]] = []  # (file, its old version moved aside, if any)
        made: list[Path] = []
        path = within
        try:
            for index, path in enumerate(self.paths):
                made += make_folders(within, path.parent)
                old = None
                if os.path.lexists(path):
                    if stat.S_ISDIR(os.lstat(path).st_mode):
                        raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
                    old = staging / f"old-{index}"
                    _keep_aside(path, old)
                placed.append((path, old))
                os.replace(staging / str(index), path)
            for folder in dict.fromkeys(p.parent for p in self.paths):
                _sync_folder(folder)
        except BaseException as exc:
            _put_back(placed, made)
            if isinstance(exc, OSError):
                raise _write_error(exc, path, self.kept) from None
            raise
        writes.done.extend(self.paths)


def _keep_aside(path: Path, old: Path) -> None:
    """Keep path's current file as old until the set is in: a second name for it, so that path
    never goes missing, or, where the file system has no such names (FAT), the file moved.
    A link or FIFO is kept as itself, never followed."""
    try:
        os.link(path, old, follow_symlinks=False)
    except (OSError, NotImplementedError):
        os.rename(path, old)


def _put_back(placed: list[tuple[Path, Path | None]], made: list[Path]) -> None:
    """Undo FileSet.commit's renames: old files back in place, new files and new folders gone."""
    for path, old in reversed(placed):
        try:
            if old is not None:
                os.replace(old, path)
            else:
                os.unlink(path)
        except OSError:
            pass
    for folder in reversed(made):
        try:
            os.rmdir(folder)
        except OSError:
            pass


def _make_staging(within: Path) -> Path:
    while True:
        staging = within / temporary_name("set")
        try:
            os.mkdir(staging, 0o700)
            return staging
        except FileExistsError:
            continue
