"""Unnamed masters A, B, … to photocopy (`--variants N` without a roster), with the mark scheme
keying each version."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .classset import STUDENT_KIND
from .context import Version
from .course import LoadedCourse
from .errors import LessonpackError
from .files import write_all, writes
from .folders import sweep_temporaries
from .manifest import bytes_hash
from .pipeline import course_theme, make_document, output_path, template_set
from .set_records import VERSIONS, record_sets, set_settings


MARK_SCHEME = "mark-scheme"


@dataclass
class VersionSet:
    """What `--variants N` without a roster wrote: one unnamed master per version, and their keys."""

    masters: list[Path] = field(default_factory=list)
    teacher_files: list[Path] = field(default_factory=list)

    @property
    def written(self) -> list[Path]:
        return self.masters + self.teacher_files


def build_versions(course: LoadedCourse, out: Path, *, variants: int, seed: int = 0,
                   formats: tuple[str, ...] = ("pdf",), fillable: bool = False, profile: str = "standard",
                   tier: str = "") -> VersionSet:
    """Unnamed worksheet masters A, B, … of every lesson to photocopy, with the mark scheme keying each.

    A teacher who hands out versions by row needs no class list: the copies carry no
    name, only the version letter in the footer. Everything is made before anything is
    written, so a lesson that fails leaves the folder as it was.
    """
    from .writers import write

    if variants < 2 or variants > 26:
        raise LessonpackError("--variants without --roster makes 2 to 26 versions (A to Z)",
                              hint="give --variants 2 or more")
    templates = template_set(course.templates_dir)
    theme = course_theme(course, profile)
    files: dict[Path, bytes] = {}
    made_for: dict[Path, str] = {}
    result = VersionSet()
    suffix = "".join(f"_{p}" for p in (profile if profile != "standard" else "", tier) if p)
    for lesson in course.lessons:
        for index in range(variants):
            version = Version(index, seed)
            document = make_document(course, lesson, STUDENT_KIND, templates, version=version, tier=tier,
                                     theme=theme)
            for fmt in formats:
                fields = "_fillable" if fillable and fmt == "pdf" else ""
                path = output_path(out, lesson.id, STUDENT_KIND, fmt,
                                   f"{suffix}_version-{version.letter}_seed-{seed}{fields}")
                files[path] = write(document, theme, fmt, fillable=fillable and fmt == "pdf")
                made_for[path] = lesson.id
                result.masters.append(path)
        key = make_document(course, lesson, MARK_SCHEME, templates, versions=variants, seed=seed,
                            key_tiers=(tier,), tier=tier, theme=theme)
        for fmt in formats:
            path = output_path(out, lesson.id, MARK_SCHEME, fmt, f"{suffix}_{variants}-versions_seed-{seed}")
            files[path] = write(key, theme, fmt)
            made_for[path] = lesson.id
            result.teacher_files.append(path)
    writes.planned += len(files)
    sweep_temporaries(out)
    write_all(files, within=out)
    record_sets(out, {path: bytes_hash(data) for path, data in files.items()},
                {path: set_settings(VERSIONS, made_for[path], profile, tier, fillable) for path in files})
    return result
