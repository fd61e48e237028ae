"""Which files each document is made from: what the manifest hashes to tell that a document, a
class set or a whole build is up to date (lesson files, essays, pictures, the templates a kind
uses and what they include)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from .targets import COURSE_FILE, default_templates_dir

if TYPE_CHECKING:
    from .course import LoadedCourse, LoadedLesson
    from .expand import TemplateSet


def template_files(templates: TemplateSet, kind: str) -> list[Path]:
    """The template files a document kind uses: itself and what it includes, imports or extends."""
    stamps = tuple((p, p.stat().st_mtime_ns) for d in templates.search_path for p in sorted(d.rglob("*.j2")))
    used = list(_template_files(templates, kind, stamps))
    # A default the course copies into its templates/ later must make the kind again:
    # record the course's (still missing) copy too, so its appearance changes the hashes.
    defaults = default_templates_dir().resolve()
    if templates.course_dir is not None:
        used += [templates.course_dir / p.resolve().relative_to(defaults)
                 for p in used if p.resolve().is_relative_to(defaults)]
    return used


@functools.lru_cache(maxsize=64)
def _template_files(templates: TemplateSet, kind: str, stamps: tuple) -> tuple[Path, ...]:
    """template_files, worked out once per kind until a template file changes (stamps)."""
    from .expand import TEMPLATE_SUFFIX

    seen: dict[str, Path] = {}
    pending = [kind + TEMPLATE_SUFFIX]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen[name] = templates.origin(name)
        referenced = _referenced(templates, name, stamps)
        if None in referenced:  # a computed name: any template may be used
            return tuple(sorted({p for p, _ in stamps}))
        pending.extend(r for r in referenced if r)
    return tuple(sorted(seen.values()))


@functools.lru_cache(maxsize=256)
def _referenced(templates: TemplateSet, name: str, stamps: tuple) -> tuple[str | None, ...]:
    """The names one template includes, imports or extends (None: a computed name), parsed once
    per build, not once per kind using it (every kind includes the same partials)."""
    from jinja2 import meta

    from .template_cache import references

    env = _parsing_environment(templates, stamps)
    try:
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        return references(source, lambda: tuple(meta.find_referenced_templates(env.parse(source))))
    except Exception:  # a broken template is reported when it renders
        return ()


@functools.lru_cache(maxsize=4)
def _parsing_environment(templates: TemplateSet, stamps: tuple):
    """One environment to read and parse a template set's files with, not one per template (made
    again when a template file changes: a course's templates/ folder may appear meanwhile)."""
    return templates.environment()


def lesson_inputs(course: LoadedCourse, lesson: LoadedLesson) -> list[Path]:
    """The course files a lesson's documents are made from."""
    essays = {lesson.essay.file, *(s.essay.file for s in lesson.sources)}
    essays |= {e.file for name, e in course.essays.items()
               if any(c.essay == name for c in lesson.lesson.teacher_notes.fact_checks)}
    return [course.root / "lessons" / COURSE_FILE, lesson.file, *sorted(essays), *sorted(set(lesson.media.files))]


def course_inputs(course: LoadedCourse) -> list[Path]:
    """Every file loading and checking the course reads: course.yaml, each lesson and what it names,
    the course's logo and reference document (a lesson none of whose documents is planned included)."""
    settings = course.course
    extra = [course.root / name for name in (settings.reference_docx, settings.logo and settings.logo.file) if name]
    return [*(p for lesson in course.lessons for p in lesson_inputs(course, lesson)), *extra]


def document_inputs(course: LoadedCourse, lesson: LoadedLesson, templates: TemplateSet, kind: str,
                    images: list[Path]) -> list[Path]:
    """The files one document of a lesson was made from (the reference DOCX aside, which only DOCX
    reads): the lesson's, the templates of its kind, the pictures it printed and the logo."""
    inputs = [*lesson_inputs(course, lesson), *template_files(templates, kind), *images]
    if course.logo:
        inputs.append(course.root / course.course.logo.file)
    return inputs
