"""The output folder: folders made without following links, and the temporaries a build leaves.

Course folders, and even their out/ folder, are shared between schools, so a link
planted anywhere in the output tree must not carry a file elsewhere, and a build
that died must not leave litter behind.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import sys
from pathlib import Path

from .errors import LessonpackError, Location
from .filenames import cut_name

TEMP_PREFIX = ".lessonpack-tmp-"
"""Every temporary file or folder lessonpack makes in an output folder starts with this, then the
id of the process that made it: a later build removes those a dead build left (sweep_temporaries)."""


def make_folders(within: Path, folder: Path) -> list[Path]:
    """Make folder and every folder on the way to it from within; return those it made.

    One that is a link (to anywhere) is refused, so nothing is written through a link
    planted in the output folder; within itself is the folder the user chose.
    """
    try:
        relative = Path(folder).relative_to(within)
    except ValueError:
        raise LessonpackError("the file would be written outside the output folder", Location(folder)) from None
    if ".." in relative.parts:
        raise LessonpackError("the file would be written outside the output folder", Location(folder))
    within.mkdir(parents=True, exist_ok=True)
    made, current = [], within
    for part in relative.parts:
        current = current / part
        try:
            os.mkdir(current)
            made.append(current)
        except FileExistsError:
            pass
        mode = os.lstat(current).st_mode
        if stat.S_ISLNK(mode):
            raise _linked_folder(current)
        if not stat.S_ISDIR(mode):
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(current))
    return made


def linked_folders(within: Path, folders: list[Path]) -> list[LessonpackError]:
    """Each folder on the way from within to any of folders that is a link, found before anything is
    written (make_folders checks again as it writes)."""
    found: dict[Path, LessonpackError] = {}
    for folder in dict.fromkeys(folders):
        current = within
        for part in Path(folder).relative_to(within).parts:
            current = current / part
            if current.is_symlink():
                found.setdefault(current, _linked_folder(current))
                break
            if not current.is_dir():
                break
    return list(found.values())


def _linked_folder(folder: Path) -> LessonpackError:
    return LessonpackError("this folder in the output is a link to somewhere else; nothing was written through it",
                           Location(folder), hint="remove the link, or choose another output folder with --out")


def temporary_name(name: str) -> str:
    """A recognisable, unique name for a temporary: TEMP_PREFIX, this process's id, the final name."""
    return f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}-{cut_name(name, 60)}"


def is_temporary(name: str) -> bool:
    """Whether a file or folder name is one of lessonpack's temporaries."""
    return name.startswith(TEMP_PREFIX)


SWEEP_DEPTH = 3
"""How deep in the output folder temporaries are looked for: out/<lesson>/<class or teacher>/."""


def sweep_temporaries(out: Path) -> list[Path]:
    """Remove the temporaries a build that died (kill -9, power cut) left in the output folder.

    Only lessonpack's own names (TEMP_PREFIX) of processes that are no longer running,
    only inside out, never following a link. Returns what was removed.
    """
    removed: list[Path] = []
    out = Path(out)
    if not out.is_dir():
        return removed
    for folder, folders, names in os.walk(out):  # os.walk does not go into linked folders
        depth = len(Path(folder).relative_to(out).parts)
        for name in [n for n in folders + names if is_temporary(n) and _maker_is_gone(n)]:
            path = Path(folder) / name
            try:
                if stat.S_ISDIR(os.lstat(path).st_mode):
                    shutil.rmtree(path)  # removes links inside it, never what they point to
                else:
                    os.unlink(path)
                removed.append(path)
            except OSError:
                pass  # in use or not ours to remove: harmless, left alone
        folders[:] = [f for f in folders if not is_temporary(f)] if depth < SWEEP_DEPTH else []
    return removed


def _maker_is_gone(name: str) -> bool:
    """Whether the process that made a temporary has ended (a running build's are left alone)."""
    pid = name[len(TEMP_PREFIX):].split("-", 1)[0]
    if not pid.isdigit() or int(pid) == os.getpid() or sys.platform == "win32":
        return True  # (Windows' os.kill would end the process, not ask about it)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # running, as another user
    return False
