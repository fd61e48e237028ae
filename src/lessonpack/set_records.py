"""How class sets and version masters are recorded in the output folder's manifest, so that `clean`
knows lessonpack wrote them and can tell when their lesson, paper or student is gone."""

from __future__ import annotations

from pathlib import Path

from .manifest import Manifest


CLASS_SET = "class-set"
VERSIONS = "versions"
"""The kinds a class set's and a roster-free version set's files are recorded under in the manifest."""
STALE = "stale"
"""Marks a manifest entry of a class-set file that a later set of its class no longer writes."""


def set_settings(kind: str, lesson_id: str, profile: str, tier: str, fillable: bool, made_for: str = "") -> str:
    """A class set's or master set's manifest settings: the build's fields (`build.Job.settings`'
    order), a digest of everything else its bytes depend on besides input files (`made_for`: a
    class's roster rows, the versions; no "|"), and the lesson, so `clean` can tell whether the
    course still makes it and a build whether a class's files are up to date."""
    return f"{kind}|{profile}|{tier}|{fillable}|{made_for}|{lesson_id}"


def record_sets(out: Path, files: dict[Path, str], settings: dict[Path, str],
                inputs: dict[Path, list[Path]] | None = None, sources: tuple[Path, ...] = ()) -> None:
    """Put a class set's or a version set's files in the output folder's manifest, so `clean`
    knows lessonpack wrote them, and with the files each was made from (`inputs`, hashed when
    inside `sources`) so a later build can skip what is up to date. A file an earlier set of the
    same lesson and folder recorded that this one did not write again (a student who left the
    class) is marked stale for `clean`."""
    inputs = inputs or {}
    manifest = Manifest.load(out, sources)
    written = {p.resolve() for p in files}
    folders = {(p.resolve().parent, settings[p].rsplit("|", 1)[-1]) for p in files}
    for key, entry in manifest.entries.items():
        fields = entry["settings"].split("|")
        path = (out / key).resolve()
        if fields[0] == CLASS_SET and path not in written and (path.parent, fields[-1]) in folders:
            entry["settings"] = f"{STALE}|{entry['settings']}"
    for path, digest in files.items():
        manifest.record(path, settings[path], inputs.get(path, []), digest)
    manifest.save()
