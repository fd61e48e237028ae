"""Work on the shipped font files done once per machine, not once per run (and the cache folder
other such work shares: compiled templates, `template_cache.py`).

Cutting a face down for a DOCX (`fonttools_compat.subset_face`) takes about a tenth of a
second a face, plus importing fontTools, and a fresh `lessonpack build` used to pay for
every face it embeds. The result depends only on the font file's bytes, the characters
kept, lessonpack's subsetting code and the fontTools installed, so it is kept in a user
cache folder under a key made from all four: a changed font, code or fontTools makes a new
key, never a stale hit.

The cache is only ever a shortcut. An entry carries the hash of its own bytes and is
ignored when they do not match (a torn or tampered file); a folder that cannot be made,
read or written is passed over without a word, and the work is done as before.
`LESSONPACK_CACHE_DIR` names the folder (empty: no cache); otherwise
`$XDG_CACHE_HOME/lessonpack`, or `~/.cache/lessonpack`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

MAGIC = b"lessonpack-cache 1\n"
"""What every entry starts with, then the SHA-256 of the payload, then the payload."""


def cache_dir() -> Path | None:
    """The folder entries are kept in, or None when the cache is switched off."""
    named = os.environ.get("LESSONPACK_CACHE_DIR")
    if named is not None:
        return Path(named) if named.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    try:
        root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found
        return None
    return root / "lessonpack"


def _read(path: Path) -> bytes | None:
    """An entry's payload, or None if it is missing, unreadable or not what was written."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 32
    if not data.startswith(MAGIC) or len(data) < head:
        return None
    payload = data[head:]
    return payload if hashlib.sha256(payload).digest() == data[len(MAGIC):head] else None


def _write(path: Path, payload: bytes) -> None:
    """Store an entry whole or not at all (another process may be reading or writing the same one)."""
    try:
        path.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk: the next run does the work again


def _entry(namespace: str, key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / namespace / f"{hashlib.sha256(key.encode()).hexdigest()}.bin"


def recall(namespace: str, key: str) -> bytes | None:
    """What was stored for the namespace and key, or None (none, switched off, torn, corrupt, or
    in a folder someone else could have written)."""
    path = _entry(namespace, key)
    return None if path is None or not _private(path.parent.parent) else _read(path)


def _private(folder: Path) -> bool:
    """Whether the cache folder is this user's alone: compiled template code is loaded from it and
    font bytes embedded from it, as Python loads its own cached bytecode, so on a POSIX system an
    entry is read only from a folder owned by this user and writable by nobody else (a shared or
    world-writable folder, such as /tmp itself, is passed over and the work done as before)."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's own profile folder, guarded by its access lists
    try:
        stat = folder.stat()
    except OSError:
        return False
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def store(namespace: str, key: str, payload: bytes) -> None:
    """Keep payload for the namespace and key, if the cache is on and its folder writable."""
    path = _entry(namespace, key)
    if path is not None:
        _write(path, payload)


def remembered(namespace: str, key: str, make: Callable[[], bytes]) -> bytes:
    """`make()`, or what it returned before for the same namespace and key."""
    found = recall(namespace, key)
    if found is not None:
        return found
    value = make()
    store(namespace, key, value)
    return value


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, read again only when its size or modification time changes."""
    stat = path.stat()
    return _hash(str(path), stat.st_size, stat.st_mtime_ns)


@cache
def _hash(path: str, _size: int, _mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def lessonpack_code() -> str:
    """The hash of every lessonpack module, read once a process (a few milliseconds): part of the key
    of what lessonpack's own code makes and keeps here (the DOCX's styled document, timeline
    pictures), so a changed lessonpack never reads an entry an older one made."""
    modules = sorted(Path(__file__).resolve().parents[1].rglob("*.py"))
    return hashlib.sha256("|".join(file_hash(path) for path in modules).encode()).hexdigest()


@cache
def _subsetter_version() -> str:
    """What decides a subset's bytes besides its inputs: our subsetting code and fontTools' own
    version file, hashed (found without importing fontTools, which is what the cache saves)."""
    ours = Path(__file__).with_name("fonttools_compat.py")
    spec = importlib.util.find_spec("fontTools")
    theirs = Path(spec.origin) if spec and spec.origin else None
    return file_hash(ours) + (file_hash(theirs) if theirs else "no-fonttools")


def subset_file(font: Path, codepoints: Iterable[int]) -> bytes:
    """The face in `font` subset to `codepoints`, as `fonttools_compat.subset_face` makes it."""
    wanted = sorted(set(codepoints))
    key = "|".join([file_hash(font), _subsetter_version(), ",".join(map(str, wanted))])

    def make() -> bytes:
        from .fonttools_compat import subset_face  # imports fontTools: only on a miss
        return subset_face(font.read_bytes(), wanted)

    return remembered("subsets", key, make)
