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


def set_settings(kind: str, lesson_id: str, profile: str, tier: str, fillable: bool) -> str:
    """A class set's or master set's manifest settings: the build's fields (`build.Job.settings`'
    order) and the lesson, so `clean` can tell whether the course still makes it."""
    return f"{kind}|{profile}|{tier}|{fillable}||{lesson_id}"


def record_sets(out: Path, files: dict[Path, str], settings: dict[Path, str]) -> None:
    """Put a class set's or a version set's files in the output folder's manifest, so `clean`
    knows lessonpack wrote them. A file an earlier set of the same lesson and folder recorded that
    this one did not write again (a student who left the class) is marked stale for `clean`."""
    manifest = Manifest.load(out)
    written = {p.resolve() for p in files}
    folders = {(p.resolve().parent, settings[p].rsplit("|", 1)[-1]) for p in files}
    for key, entry in manifest.entries.items():
        fields = entry["settings"].split("|")
        path = (out / key).resolve()
        if fields[0] == CLASS_SET and path not in written and (path.parent, fields[-1]) in folders:
            entry["settings"] = f"{STALE}|{entry['settings']}"
    for path, digest in files.items():
        manifest.record(path, settings[path], [], digest)
    manifest.save()
