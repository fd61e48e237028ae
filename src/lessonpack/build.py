"""Plan and make a course's documents: lessons × document kinds × formats.

A course that does not load and check cleanly writes nothing. Once it does,
each document is rendered (through pipeline.py) and its files written atomically;
a document that fails is reported with its lesson and does not stop the others.
Documents whose inputs have not changed since the last build are skipped (see
manifest.py), and documents can be rendered in several worker processes.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import collecting
from .errors import ErrorGroup, LessonpackError
from .files import write_atomic, writes
from .folders import linked_folders, sweep_temporaries
from .manifest import Manifest, bytes_hash
from .job_render import render_job
from .made_from import course_inputs
from .targets import default_templates_dir, lesson_files

if TYPE_CHECKING:
    from .course import LoadedCourse, LoadedLesson
    from .theme import Theme

# What renders a document (templates, the model, the writers) is imported where it is used:
# a build with nothing to do (`nothing_to_do`) never loads it.


@dataclass(frozen=True, slots=True)
class Planned:
    """One file to make: which lesson, which document kind, which format, where."""

    lesson: LoadedLesson
    kind: str
    fmt: str
    path: Path


@dataclass(frozen=True, slots=True)
class Options:
    """How to print: formats, print profile, differentiation tier, form fields."""

    formats: tuple[str, ...] = ("pdf", "docx")
    profile: str = "standard"
    tier: str = ""
    """support, core or extension; empty for the full paper."""
    fillable: bool = False
    only: str = ""
    """"students" or "teacher": make only that audience's documents; empty for all."""

    @property
    def suffix(self) -> str:
        """What file names add for a non-standard paper, e.g. "_large-print-24_support"."""
        parts = [p for p in (self.profile if self.profile != "standard" else "", self.tier,
                             "fillable" if self.fillable else "") if p]
        return "".join(f"_{p}" for p in parts)

    @property
    def settings(self) -> str:
        """Everything besides input files and the document kind that decides an output's bytes (not
        which other formats were made with it: a PDF made alone is the PDF made with its DOCX)."""
        return f"{self.profile}|{self.tier}|{self.fillable}|{source_date_epoch()}"

    def asked(self, formats: tuple[str, ...]) -> str:
        """What a whole build of these formats was asked for, as the manifest remembers it."""
        return f"{','.join(formats)}|{self.only}|{self.settings}"


def source_date_epoch() -> str:
    """The date stored inside the files, as the environment sets it (empty: the default)."""
    return os.environ.get("SOURCE_DATE_EPOCH", "").strip()


@dataclass(frozen=True, slots=True)
class Job:
    """One document to render, written in one or more formats."""

    lesson: LoadedLesson
    kind: str
    outputs: tuple[tuple[str, Path], ...]
    """(format, path) pairs."""
    options: Options = Options()

    @property
    def settings(self) -> str:
        """Everything besides input files that decides the output's bytes (see Options.settings)."""
        return f"{self.kind}|{self.options.settings}"


@dataclass
class BuildReport:
    """What a build did: files written, documents skipped as up to date, failures."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[LessonpackError] = field(default_factory=list)
    seconds: float = 0.0


def plan(course: LoadedCourse, out: Path, formats: tuple[str, ...], options: Options | None = None) -> list[Planned]:
    """Every file a build makes, in a stable order."""
    from .pipeline import FILLED_IN_KINDS, output_path

    suffix = options.suffix if options else ""
    fillable = options is not None and options.fillable  # only what students fill in gets form fields
    only = options.only if options else ""
    return [Planned(lesson, kind, fmt, output_path(out, lesson.id, kind, fmt, suffix))
            for lesson in course.lessons for kind in lesson.lesson.documents for fmt in formats
            if (not fillable or kind in FILLED_IN_KINDS) and for_audience(kind, only)]


def for_audience(kind: str, only: str) -> bool:
    """Whether `--only students` or `--only teacher` (or neither, "") makes this kind."""
    from .pipeline import is_teacher_only

    return not only or (only == "teacher") == is_teacher_only(kind)


def jobs_for(planned: list[Planned], options: Options | None = None) -> list[Job]:
    """Group planned files by document, so each document is rendered once for all formats."""
    grouped: dict[tuple[str, str], list[Planned]] = {}
    for item in planned:
        grouped.setdefault((item.lesson.id, item.kind), []).append(item)
    return [Job(items[0].lesson, items[0].kind, tuple((i.fmt, i.path) for i in items), options or Options())
            for items in grouped.values()]


def render_all(course: LoadedCourse, planned: list[Planned], theme: Theme | None = None) -> dict[Path, bytes]:
    """Render every planned file in memory; raise every failure together, naming its lesson."""
    from .expand import TemplateSet
    from .pipeline import check_kinds

    check_kinds(course, TemplateSet(course.templates_dir))
    results: dict[Path, bytes] = {}
    errors: list[LessonpackError] = []
    for job in jobs_for(planned):
        try:
            results.update(render_job(course, job, theme)[0])
        except LessonpackError as exc:
            errors.append(exc)
    if errors:
        raise ErrorGroup(errors)
    return results


# ------------------------------------------------------------------ running a build

_WORKER_COURSE: LoadedCourse | None = None
_WORKER_JOBS: list[Job] = []


def _init_worker(course: LoadedCourse, jobs: list[Job]) -> None:
    """A worker's course and the build's jobs, given once: a job is then sent as its number, not
    pickled with its lesson for each document (a forked worker has them without any pickling, and
    renders from the course's own lesson, so a lesson's context is made once a worker)."""
    global _WORKER_COURSE, _WORKER_JOBS
    _WORKER_COURSE, _WORKER_JOBS = course, jobs


def _work(number: int) -> tuple[dict[Path, bytes], list[Path]] | LessonpackError:
    assert _WORKER_COURSE is not None
    try:
        return render_job(_WORKER_COURSE, _WORKER_JOBS[number])
    except LessonpackError as exc:
        return exc


Event = Callable[[str, Job, object], None]
"""Progress callback: (what happened, job, detail): "planned" (no job; how many to make),
"built" (paths), "skipped" (paths, up to date) or "failed" (the error)."""


def run_build(course: LoadedCourse, out: Path, formats: tuple[str, ...], *, workers: int = 1,
              force: bool = False, on_event: Event | None = None,
              options: Options | None = None) -> BuildReport:
    """Make every document that is not up to date; write each one as soon as it is ready."""
    from .context import TIERS
    from .expand import TemplateSet
    from .pipeline import check_kinds, course_theme

    started = time.perf_counter()
    collecting.rendering()
    options = options or Options(formats)
    check_kinds(course, TemplateSet(course.templates_dir))
    course_theme(course, options.profile)  # an unknown profile stops the build before anything is made
    if options.tier and options.tier not in TIERS:
        raise LessonpackError(f'unknown tier "{options.tier}"', hint="tiers: " + ", ".join(TIERS))
    report = BuildReport()
    sweep_temporaries(out)  # what a build killed halfway left behind
    manifest = Manifest.load(out, sources=(course.root, default_templates_dir()))
    pending: list[Job] = []
    planned = plan(course, out, formats, options)
    for job in jobs_for(planned, options):
        paths = [p for _, p in job.outputs]
        if not force and manifest.is_fresh(paths, job.settings):
            report.skipped.extend(paths)
            if on_event:
                on_event("skipped", job, paths)
        else:
            pending.append(job)
    linked = linked_folders(out, [path.parent for job in pending for _, path in job.outputs])
    if linked:  # a link planted in out/: refused before anything is written
        raise ErrorGroup(linked)
    writes.planned += sum(len(job.outputs) for job in pending)
    if on_event:
        on_event("planned", None, len(pending))  # type: ignore[arg-type]

    def finish(job: Job, result) -> None:
        if isinstance(result, LessonpackError):
            report.failed.append(result)
            if on_event:
                on_event("failed", job, result)
            return
        files, inputs = result
        for path, data in files.items():
            write_atomic(path, data, within=out)  # never through a link planted in out/
            manifest.record(path, job.settings, inputs, bytes_hash(data))
            report.written.append(path)
        if on_event:
            on_event("built", job, list(files))

    # Starting worker processes costs more than a handful of documents take.
    workers = max(1, min(workers, len(pending))) if len(pending) >= 4 else 1
    split = split_by_format(pending, formats, workers)
    try:
        if pending:  # split by format, each process imports its own writer, side by side
            ready_writers(() if split else formats, course_theme(course, options.profile),
                          course if workers > 1 else None, {job.kind for job in pending})
        with _heap_frozen():
            if workers == 1:
                _init_worker(course, pending)
                for number, job in enumerate(pending):
                    finish(job, _work(number))
            elif split:
                from .format_split import render_split

                for job, result in render_split(course, pending):
                    finish(job, result)
            else:
                from concurrent.futures import ProcessPoolExecutor  # here: a build in one process never needs it

                with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(course, pending)) as pool:
                    for job, result in zip(pending, pool.map(_work, range(len(pending)))):
                        finish(job, result)
    finally:
        remembered = dict(manifest.builds)
        if report.failed or len(report.written) + len(report.skipped) < len(planned):  # failed or stopped
            manifest.forget_build(options.asked(formats))
            changed = False  # an interrupted build saves what it wrote, as before, and nothing more
        else:
            manifest.remember_build(options.asked(formats), [lesson.file for lesson in course.lessons],
                                    course_inputs(course), [item.path for item in planned], list(course.warnings))
            changed = manifest.builds != remembered
        if report.written or changed:
            manifest.save()
    report.seconds = time.perf_counter() - started
    return report


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """What exists when the documents start (modules, the writers' libraries, the course, the fonts)
    left out of the garbage collector's scans while they are made, and out of the workers' (forked
    with it): rendering leaves cycles to collect, and each full collection scanned those few hundred
    thousand live objects again (a sixth of the course's collecting time; and a worker that scans
    them copies their pages). Collected as before afterwards: `watch` and `serve` build again."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def ready_writers(formats: tuple[str, ...] | list[str], theme: Theme, course: LoadedCourse | None = None,
                  kinds: Iterable[str] = ()) -> None:
    """Import the writers and register the paper's fonts with reportlab here, before worker processes
    are forked, so that each worker has them instead of doing the same work again (about a tenth
    of a second of CPU time a worker). With the course, also what every worker's first document
    would make for itself: the templates of `kinds` compiled (or read from the template cache),
    the paper's font metrics read, and the DOCX's empty styled document."""
    from .fonts import FAMILIES, font_metrics

    if "pdf" in formats:
        from .fonts import register
        from .writers.pdf import write_pdf  # noqa: F401

        register(theme.body_font)
        register(theme.heading_font)
    if "docx" in formats:
        from .writers.docx import write_docx  # noqa: F401
    if course is None:
        return
    from .pipeline import reference_docx, template_set

    templates = template_set(course.templates_dir)
    for kind in kinds:
        templates.compile(kind)
    for family in dict.fromkeys((theme.body_font, theme.heading_font)):
        for face in FAMILIES[family]:
            font_metrics(family, face)
    if "docx" in formats:
        from .writers.docx.styles import styled_base

        try:
            styled_base(theme, reference_docx(course))
        except Exception:  # a school's Word file it cannot take: each DOCX reports it, as without this
            pass


def nothing_to_do(root: Path, lessons: list[Path] | None, out: Path, formats: tuple[str, ...],
                  options: Options) -> tuple[BuildReport, list[LessonpackError]] | None:
    """The report of a build with nothing to make, told by the manifest alone, and the warnings the
    course gave when it was last loaded; None when the course must be loaded and the build run.

    Only the same build (formats, paper, lessons) ending cleanly last time is taken, and only
    when each file it planned is fresh: every input of every output unchanged, which covers
    whatever decides the plan (course.yaml, the lesson files, the templates). A lesson file
    added or removed changes the lessons; the course is then loaded and checked as always.
    """
    started = time.perf_counter()
    manifest = Manifest.load(out, sources=(root, default_templates_dir()))
    found = manifest.nothing_to_do(options.asked(formats), lessons or lesson_files(root), options.settings)
    if found is None:
        return None
    sweep_temporaries(out)  # as a build does: what a build killed halfway left behind
    outputs, warnings = found
    return BuildReport(skipped=outputs, seconds=time.perf_counter() - started), warnings


def build(course: LoadedCourse, out: Path, formats: tuple[str, ...], *, workers: int = 1,
          force: bool = True) -> list[Path]:
    """Make every document now; raise the failures together. Returns the paths written."""
    report = run_build(course, out, formats, workers=workers, force=force)
    if report.failed:
        raise ErrorGroup(report.failed)
    return report.written


def split_by_format(pending: list[Job], formats: tuple[str, ...], workers: int) -> bool:
    """Whether two processes, one a format, make these documents rather than a pool of `workers`: a
    lesson's few documents (`format_split.py`). More are left to the pool, which hands each document's
    files back as it is made: the split holds every document and file until both processes end."""
    from .format_split import can_split

    return workers > 1 and len(pending) <= SPLIT_AT_MOST and can_split(pending, formats)


SPLIT_AT_MOST = 8
"""A lesson's documents (six for most) and a few more."""


def default_workers() -> int:
    """One worker per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1

