"""Class sets: a worksheet per student, shuffled versions, one print file and a zip to hand out.

Student files hold no answers; the answer keys for every version go to the
teacher folder. Files are named so a student recognises theirs, and no name can
lead outside the output folder.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .pipeline import course_theme, make_document, output_path, template_set
from .context import TIERS, Student, Version
from .course import LoadedCourse, LoadedLesson
from .document import Document
from .errors import ErrorGroup, LessonpackError, Location
from .filenames import safe_name
from .files import add_to_zip, write_all, writes
from .folders import sweep_temporaries
from .fonts import missing_glyphs
from .roster import RosterEntry, load_roster

STUDENT_KIND = "worksheet"
MIN_COPIES_PER_WORKER = 4  # starting a process costs about what a few copies take


@dataclass(frozen=True, slots=True)
class Copy:
    """One student's copy: who, which version, and where it goes."""

    student: RosterEntry
    version: Version | None
    path: Path


@dataclass
class ClassSet:
    """What a class-set build wrote."""

    copies: list[Copy] = field(default_factory=list)
    print_files: list[Path] = field(default_factory=list)
    zips: list[Path] = field(default_factory=list)
    teacher_files: list[Path] = field(default_factory=list)
    warnings: list[LessonpackError] = field(default_factory=list)

    files: dict[Path, bytes] = field(default_factory=dict, repr=False)
    """Every file's bytes, made in memory; `write_class_sets` puts them on disk."""

    @property
    def written(self) -> list[Path]:
        return [c.path for c in self.copies] + self.print_files + self.zips + self.teacher_files


def build_class_sets(course: LoadedCourse, roster_file: Path, out: Path, *, variants: int = 1, seed: int = 0,
                     fillable: bool = False, profile: str = "standard", tier: str = "", workers: int = 1,
                     on_warning: Callable[[LessonpackError], None] | None = None) -> list[ClassSet]:
    """Make the class set of every lesson in the course for a roster, then write them all, or none.

    What `lessonpack build --roster` runs. Every lesson's set is made in memory before
    any file is written, so a lesson that fails leaves every previous set as it was.
    Warnings (a name the font cannot print) are handed to `on_warning` before writing.
    """
    roster = load_roster(roster_file)
    sets = [make_class_set(course, lesson, roster, roster_file, out, variants=variants, seed=seed,
                           fillable=fillable, profile=profile, tier=tier, workers=workers)
            for lesson in course.lessons]
    for result in sets:
        for warning in result.warnings:
            if on_warning:
                on_warning(warning)
    writes.planned += sum(len(result.files) for result in sets)
    write_class_sets(sets, out)
    return sets


def write_class_sets(sets: list[ClassSet], out: Path) -> None:
    """Write every file of the class sets, or none: a failure leaves the previous sets as they were.

    Only the set's own files are replaced; anything else a teacher keeps in a class
    folder stays. Nothing is written through a link inside `out`.
    """
    sweep_temporaries(out)  # what a build killed halfway left behind
    write_all({path: data for result in sets for path, data in result.files.items()}, within=out)


def group_name(entry: RosterEntry, roster_file: Path) -> str:
    """The class a student is in: the roster's class column, else the roster file's name."""
    return entry.group or roster_file.stem


def plan_copies(lesson: LoadedLesson, roster: list[RosterEntry], roster_file: Path, out: Path,
                variants: int, seed: int) -> list[Copy]:
    """Every student's copy with its version (in turn unless the roster says) and a unique file name."""
    copies: list[Copy] = []
    used: set[Path] = set()
    for turn, entry in enumerate(roster):
        version = None
        if variants > 1 or entry.variant is not None:
            index = entry.variant if entry.variant is not None else turn % variants
            version = Version(index, seed)
        folder = out / safe_name(lesson.id) / f"class-{safe_name(group_name(entry, roster_file), 40)}"
        name = entry.name.replace(",", " ")  # "Ahmed, Zara" -> Ahmed-Zara
        stem = f"{safe_name(name, 60)}_{safe_name(lesson.id, 40)}_{STUDENT_KIND}"
        path, n = folder / f"{stem}.pdf", 1
        # Two students with the same name get two files; "ANNA SMITH" and "Anna Smith" too, since
        # Windows and macOS file systems ignore case.
        while str(path).casefold() in used:
            n += 1
            path = folder / f"{stem}-{n}.pdf"
        used.add(str(path).casefold())
        copies.append(Copy(entry, version, path))
    return copies


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What makes a spreadsheet read a cell as a formula (with the full-width forms some versions accept)."""


def _cell(value: object) -> str:
    """A manifest cell a spreadsheet shows as text: one starting like a formula (after any spaces)
    gets a leading ', which the spreadsheet hides."""
    text = str(value)
    return f"'{text}" if text.lstrip(" ")[:1] in FORMULA_STARTS else text


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            add_to_zip(archive, name, data)
    return buffer.getvalue()


@contextmanager
def _renderer(workers: int, count: int):
    """submit() for rendering copies: to worker processes when there are enough copies to repay
    them, each as soon as its document is made; else run at once, here."""
    if workers < 2 or count < MIN_COPIES_PER_WORKER * 2:
        yield lambda fn, *args: _Done(fn(*args))
        return
    with ProcessPoolExecutor(min(workers, count // MIN_COPIES_PER_WORKER)) as pool:
        yield pool.submit


@dataclass(frozen=True, slots=True)
class _Done:
    """A result made in this process, read like a worker's future."""

    value: bytes

    def result(self) -> bytes:
        return self.value


def _roster_problems(course: LoadedCourse, roster: list[RosterEntry], roster_file: Path, variants: int,
                     profile: str) -> list[LessonpackError]:
    """Every row whose version, tier or print profile does not exist, to be reported together."""
    problems = []
    for entry in roster:
        where = Location(roster_file, entry.row)
        if entry.variant is not None and variants > 1 and entry.variant >= variants:
            problems.append(LessonpackError(
                f"row {entry.row}: version {Version(entry.variant).letter} does not exist", where,
                hint=f"with --variants {variants} the versions are A to {Version(variants - 1).letter}"))
        if entry.tier and entry.tier not in TIERS:
            problems.append(LessonpackError(f'row {entry.row}: unknown tier "{entry.tier}"', where,
                                            hint="tiers: " + ", ".join(TIERS) + " (or leave it empty)"))
        if entry.profile and entry.profile != profile:
            try:
                course_theme(course, entry.profile)
            except LessonpackError as exc:
                problems.append(LessonpackError(f"row {entry.row}: {exc.message}", where, exc.hint))
    return problems


def make_class_set(course: LoadedCourse, lesson: LoadedLesson, roster: list[RosterEntry], roster_file: Path,
                   out: Path, *, variants: int = 1, seed: int = 0, fillable: bool = False,
                   profile: str = "standard", tier: str = "", workers: int = 1) -> ClassSet:
    """Render every copy, print file, zip and answer key in memory; nothing is written yet.

    A roster's `profile` and `tier` columns override the defaults for a student;
    copies of different profiles go to separate print files (their paper may differ).
    With `workers` > 1 the students' own files are written by that many processes.
    """
    # Here, not at the top: a DOCX-only build imports this module too, and need not load reportlab.
    from .writers.pdf import write_pdf, write_pdf_copies

    if variants == 1 and any(e.variant is not None for e in roster):
        # The roster hands out versions itself: make (and key) every version it names.
        variants = 1 + max(e.variant for e in roster if e.variant is not None)
    if variants < 1 or variants > 26:
        raise LessonpackError("--variants must be between 1 and 26", hint="versions are lettered A to Z")
    problems = _roster_problems(course, roster, roster_file, variants, profile)
    if problems:
        raise ErrorGroup(problems)
    templates = template_set(course.templates_dir)
    if STUDENT_KIND not in templates.kinds():
        raise LessonpackError(f"there is no {STUDENT_KIND} template", hint="lessonpack templates lists them")
    copies = plan_copies(lesson, roster, roster_file, out, variants, seed)
    themes = {name: course_theme(course, name) for name in {profile, *(e.profile for e in roster if e.profile)}}
    warnings = []
    for entry in roster:
        font = themes[entry.profile or profile].body_font
        missing = missing_glyphs(entry.name + group_name(entry, roster_file), font)
        if missing:
            warnings.append(LessonpackError(
                f"row {entry.row}: {entry.name} cannot be printed: the font {font} has no glyph for "
                + ", ".join(sorted(missing)), Location(roster_file, entry.row),
                "their worksheet shows empty boxes instead; write the name in Latin letters too, or by hand"))

    paper_of = [copy.student.profile or profile for copy in copies]
    result = ClassSet(copies=copies, warnings=warnings)
    prints: dict[Path, bytes] = {}
    by_group: dict[tuple[Path, str], list[tuple[Copy, Document]]] = {}
    with _renderer(workers, len(copies)) as render:
        pending = []
        for copy, paper in zip(copies, paper_of):
            student = Student(copy.student.name, group_name(copy.student, roster_file))
            document = make_document(course, lesson, STUDENT_KIND, templates, student, version=copy.version,
                                     tier=copy.student.tier or tier, theme=themes[paper])
            pending.append(render(write_pdf, document, themes[paper], fillable))
            by_group.setdefault((copy.path.parent, paper), []).append((copy, document))
        # The print files are laid out here while the workers write the students' own files.
        for (folder, paper), members in by_group.items():
            extra = "" if paper == "standard" else f"_{safe_name(paper)}"
            print_file = folder / f"{safe_name(lesson.id)}_{STUDENT_KIND}_{folder.name}{extra}_print-all.pdf"
            names = [f"{c.student.name} · {group_name(c.student, roster_file)}" for c, _ in members]
            prints[print_file] = write_pdf_copies([doc for _, doc in members], themes[paper], names)
            result.print_files.append(print_file)
        pdfs = {copy.path: future.result() for copy, future in zip(copies, pending)}
    files = {**pdfs, **prints}
    for folder in dict.fromkeys(folder for folder, _ in by_group):
        members = [m for (f, _), group in by_group.items() if f == folder for m in group]
        group = group_name(members[0][0].student, roster_file)  # as the roster writes it
        manifest = io.StringIO()
        writer = csv.writer(manifest, lineterminator="\r\n")
        writer.writerow(["student", "class", "id", "file", "version", "pages"])
        for copy, _ in members:
            pdf = pdfs[copy.path]
            row = [copy.student.name, group, copy.student.id, copy.path.name,
                   copy.version.letter if copy.version else "", _page_count(pdf)]
            writer.writerow([_cell(value) for value in row])  # every cell: the file name starts with a name
        zip_path = folder / f"{safe_name(lesson.id)}_{folder.name}.zip"
        files[zip_path] = _zip([(c.path.name, pdfs[c.path]) for c, _ in members]
                               + [("manifest.csv", manifest.getvalue().encode("utf-8-sig"))])
        result.zips.append(zip_path)

    if variants > 1:
        papers = tuple(sorted({e.tier or tier for e in roster}))  # a key for each paper handed out
        key_doc = make_document(course, lesson, "teacher-notes", templates, versions=variants, seed=seed,
                                key_tiers=papers, theme=themes[profile])
        key_path = output_path(out, lesson.id, "teacher-notes", "pdf").with_name(
            f"{safe_name(lesson.id)}_teacher-notes_{variants}-versions_seed-{seed}.pdf")
        files[key_path] = write_pdf(key_doc, themes[profile])
        result.teacher_files.append(key_path)

    result.files = files
    return result


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
                result.masters.append(path)
        key = make_document(course, lesson, MARK_SCHEME, templates, versions=variants, seed=seed,
                            key_tiers=(tier,), tier=tier, theme=theme)
        for fmt in formats:
            path = output_path(out, lesson.id, MARK_SCHEME, fmt, f"{suffix}_{variants}-versions_seed-{seed}")
            files[path] = write(key, theme, fmt)
            result.teacher_files.append(path)
    writes.planned += len(files)
    sweep_temporaries(out)
    write_all(files, within=out)
    return result
