"""Class sets: a worksheet per student (with its source booklet on a large-print paper: handout.py),
shuffled versions, one print file and a zip to hand out (without a roster, unnamed masters: masters.py).

Student files hold no answers; the answer keys for every version go to the
teacher folder. Files are named so a student recognises theirs, and no name can
lead outside the output folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .build import ready_writers, source_date_epoch
from .class_zip import class_zip
from .handout import (WORKSHEET, handout_bookmarks, handout_parts, handout_templates, make_handout,
                      write_handout)
from .made_from import document_inputs
from .pipeline import course_theme, make_document, output_path, template_set
from .context import TIERS, Student, Version
from .course import LoadedCourse, LoadedLesson
from .errors import ErrorGroup, LessonpackError, Location, display_path, flatten
from .filenames import safe_name
from .files import FileSet, writes
from .folders import sweep_temporaries
from .fonts import missing_glyphs
from .manifest import Manifest, bytes_hash
from .roster import RosterEntry, load_roster
from .set_records import CLASS_SET, record_sets, set_settings
from .targets import default_templates_dir
from .theme import Theme

STUDENT_KIND = WORKSHEET  # and on a large-print paper its source booklet after it (handout.py)
KEY_KIND = "teacher-notes"
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
    skipped: list[Path] = field(default_factory=list)
    """The files of classes (and the answer key) already up to date, left as they were."""
    hashes: dict[Path, str] = field(default_factory=dict)
    """Each file written and its hash, for the manifest: `clean` removes a set whose lesson or paper is gone."""
    settings: dict[Path, str] = field(default_factory=dict)
    inputs: dict[Path, list[Path]] = field(default_factory=dict)
    """The files each written file was made from, for the manifest: what a later build checks."""

    @property
    def written(self) -> list[Path]:
        return [c.path for c in self.copies] + self.print_files + self.zips + self.teacher_files


def build_class_sets(course: LoadedCourse, roster_file: Path, out: Path, *, variants: int = 1, seed: int = 0,
                     fillable: bool = False, profile: str = "standard", tier: str = "", workers: int = 1,
                     force: bool = False,
                     on_warning: Callable[[LessonpackError], None] | None = None) -> list[ClassSet]:
    """Make the class set of every lesson in the course for a roster, and put them all in place, or none.

    What `lessonpack build --roster` runs. Every lesson's set is planned and checked
    first (a bad roster row stops the build before any work); a class whose files are
    all up to date (the manifest: same lesson files, templates, roster rows and options,
    files untouched) is left as it is unless `force`; then each file is staged
    on disk as soon as it is made (files.FileSet), so memory holds one class's copies at a
    time, however long the roster and the course; only when every lesson's set is made
    are they renamed into place, so a lesson that fails leaves every previous set as it was.
    Warnings (a name the font cannot print) are handed to `on_warning` before rendering.
    """
    roster = load_roster(roster_file)
    plans = [plan_class_set(course, lesson, roster, roster_file, out, variants=variants, seed=seed,
                            fillable=fillable, profile=profile, tier=tier)
             for lesson in course.lessons]
    said: set[tuple[str, str]] = set()
    for plan in plans:
        for warning in plan.warnings:  # a roster row's warning once, not once per lesson
            if on_warning and (str(warning.location), warning.message) not in said:
                said.add((str(warning.location), warning.message))
                on_warning(warning)
    sources = (course.root, default_templates_dir())
    if not force:
        manifest = Manifest.load(out, sources)
        for plan in plans:
            plan.fresh = {part for part, (paths, settings) in plan.parts.items()
                          if manifest.is_fresh(paths, settings)}
    count = sum(plan.file_count for plan in plans)
    writes.planned += count
    sweep_temporaries(out)  # what a build killed halfway left behind
    # Only the set's own files are replaced; anything else a teacher keeps in a class folder stays.
    with FileSet(out, count) as staged:
        sets = [make_class_set(course, plan, staged, workers=workers) for plan in plans]
        staged.commit()
    if count:
        record_sets(out, {p: h for s in sets for p, h in s.hashes.items()},
                    {p: v for s in sets for p, v in s.settings.items()},
                    {p: v for s in sets for p, v in s.inputs.items()}, sources)
    return sets


def _in_class(error: LessonpackError, lesson: LoadedLesson, folder: Path | None) -> LessonpackError:
    """A failure while making a class's copies, located: at the lesson's file when it names no other
    place, and saying which class's copies were being made."""
    whose = f"class {folder.name.removeprefix('class-')}'s copies" if folder is not None else "the class set"
    for problem in flatten([error]):
        if problem.location is None:
            problem.location = Location(lesson.file)
            problem.message += f" (while making {whose})"
        elif problem.location.file != lesson.file:
            problem.message += f" (while making {whose} of {display_path(lesson.file)})"
    return error


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


@contextmanager
def _renderer(workers: int, count: int, themes: list[Theme]):
    """submit() for rendering copies: to worker processes when there are enough copies to repay
    them, each as soon as its document is made; else run at once, here."""
    if workers < 2 or count < MIN_COPIES_PER_WORKER * 2:
        yield lambda fn, *args: _Done(fn(*args))
        return
    from concurrent.futures import ProcessPoolExecutor  # here: a small class is rendered in this process

    for theme in themes:  # the workers are forked with the fonts already read
        ready_writers(("pdf",), theme)
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


@dataclass
class ClassPlan:
    """One lesson's class set before any rendering: the copies, grouped by class folder and paper."""

    lesson: LoadedLesson
    roster_file: Path
    out: Path
    copies: list[Copy]
    groups: dict[tuple[Path, str], list[Copy]]
    """(class folder, print profile) -> its copies: one print file each."""
    themes: dict[str, Theme]
    warnings: list[LessonpackError]
    variants: int
    seed: int
    fillable: bool
    profile: str
    tier: str
    fresh: set[Path] = field(default_factory=set)
    """The parts (class folders, the answer key's path) already up to date: not made again."""

    @property
    def key_path(self) -> Path | None:
        """Where the answer key of every version goes, when there are versions."""
        if self.variants < 2:
            return None
        return output_path(self.out, self.lesson.id, KEY_KIND, "pdf").with_name(
            f"{safe_name(self.lesson.id)}_{KEY_KIND}_{self.variants}-versions_seed-{self.seed}.pdf")

    @property
    def key_papers(self) -> tuple[str, ...]:
        """The tiers handed out: the answer key has a key for each."""
        return tuple(sorted({c.student.tier or self.tier for c in self.copies}))

    def settings(self, made_for: object) -> str:
        """The manifest settings of a part's files: this set's options, the lesson, and a digest of
        `made_for` (what else the part's bytes depend on) with the versions and the date stored."""
        digest = bytes_hash(json.dumps([made_for, self.variants, self.seed, source_date_epoch()],
                                       ensure_ascii=False).encode("utf-8"))[:32]
        return set_settings(CLASS_SET, self.lesson.id, self.profile, self.tier, self.fillable, digest)

    @property
    def parts(self) -> dict[Path, tuple[list[Path], str]]:
        """What is made whole or left whole: each class folder (its copies, print files and zip, made
        from its roster rows) and the answer key; each with its files and their manifest settings."""
        parts: dict[Path, tuple[list[Path], str]] = {}
        for folder in dict.fromkeys(folder for folder, _ in self.groups):
            members = self.members(folder)
            rows = [[c.path.name, c.student.name, group_name(c.student, self.roster_file), c.student.id,
                     c.version.index if c.version else None, c.student.tier or self.tier,
                     c.student.profile or self.profile] for c in members]
            files = [c.path for c in members] + [self.print_file(folder, paper) for f, paper in self.groups
                                                   if f == folder] + [self.zip_file(folder)]
            parts[folder] = files, self.settings(["class", folder.name, rows])
        if self.key_path is not None:
            parts[self.key_path] = [self.key_path], self.settings(["key", self.key_papers])
        return parts

    def members(self, folder: Path) -> list[Copy]:
        """A class folder's copies, every paper's."""
        return [copy for (f, _), group in self.groups.items() if f == folder for copy in group]

    def print_file(self, folder: Path, paper: str) -> Path:
        extra = "" if paper == "standard" else f"_{safe_name(paper)}"
        return folder / f"{safe_name(self.lesson.id)}_{STUDENT_KIND}_{folder.name}{extra}_print-all.pdf"

    def zip_file(self, folder: Path) -> Path:
        return folder / f"{safe_name(self.lesson.id)}_{folder.name}.zip"

    @property
    def file_count(self) -> int:
        """The files to make: the students' files, a print file per group and a zip per class folder,
        and the answer key, of every part not up to date."""
        return sum(len(paths) for part, (paths, _) in self.parts.items() if part not in self.fresh)


def plan_class_set(course: LoadedCourse, lesson: LoadedLesson, roster: list[RosterEntry], roster_file: Path,
                   out: Path, *, variants: int = 1, seed: int = 0, fillable: bool = False,
                   profile: str = "standard", tier: str = "") -> ClassPlan:
    """Check the roster against the course and decide every file of a lesson's class set.

    A roster's `profile` and `tier` columns override the defaults for a student;
    copies of different profiles go to separate print files (their paper may differ).
    """
    if variants == 1 and any(e.variant is not None for e in roster):
        # The roster hands out versions itself: make (and key) every version it names.
        variants = 1 + max(e.variant for e in roster if e.variant is not None)
    if variants < 1 or variants > 26:
        raise LessonpackError("--variants must be between 1 and 26", hint="versions are lettered A to Z")
    problems = _roster_problems(course, roster, roster_file, variants, profile)
    if problems:
        raise ErrorGroup(problems)
    if STUDENT_KIND not in template_set(course.templates_dir).kinds():
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
    groups: dict[tuple[Path, str], list[Copy]] = {}
    for copy in copies:
        groups.setdefault((copy.path.parent, copy.student.profile or profile), []).append(copy)
    return ClassPlan(lesson, roster_file, out, copies, groups, themes, warnings, variants, seed, fillable,
                     profile, tier)


def make_class_set(course: LoadedCourse, plan: ClassPlan, staged: FileSet, *, workers: int = 1) -> ClassSet:
    """Render every copy, print file, zip and answer key of a planned set not up to date (`plan.fresh`),
    staging each file as it is made.

    One class (a folder and paper) at a time: its documents are made, the students' own
    files printed from one layout per version (fillable ones laid out each by `workers`
    processes, when there are enough), then the class's print file, and each file is staged
    once ready; only the class in hand is ever in memory.
    """
    # Here, not at the top: a DOCX-only build imports this module too, and need not load reportlab.
    from .writers.pdf import write_pdf, write_pdf_class, write_pdf_copies

    lesson, roster_file = plan.lesson, plan.roster_file
    templates = template_set(course.templates_dir)
    parts = plan.parts
    result = ClassSet(copies=[c for c in plan.copies if c.path.parent not in plan.fresh], warnings=plan.warnings,
                      skipped=[p for part in plan.fresh for p in parts[part][0]])
    images: list[Path] = []

    def stage(path: Path, data: bytes, part: Path) -> None:
        staged.add(path, data)
        result.hashes[path] = bytes_hash(data)
        result.settings[path] = parts[part][1]

    pages: dict[Path, int] = {}
    contexts: dict = {}  # the lesson's context, made once for the class's students (make_handout)
    groups = {(folder, paper): members for (folder, paper), members in plan.groups.items()
              if folder not in plan.fresh}
    folder = None
    try:
        # Fillable files are laid out one by one (their own form fields); the others (and a one-version
        # class's print file) print from one layout per version and tier, here (write_pdf_class).
        count = sum(len(members) for members in groups.values()) if plan.fillable else 0
        with _renderer(workers, count, list(plan.themes.values())) as render:
            for (folder, paper), members in groups.items():
                theme = plan.themes[paper]
                documents, pending, handouts, names = [], [], [], []
                for copy in members:
                    student = Student(copy.student.name, group_name(copy.student, roster_file))
                    handout = make_handout(course, lesson, templates, student, theme, version=copy.version,
                                           tier=copy.student.tier or plan.tier, images=images, contexts=contexts)
                    documents += handout
                    handouts.append(handout)
                    names += handout_bookmarks(f"{student.name} · {student.group}", handout)
                    if plan.fillable:
                        pending.append(render(write_handout, handout, theme, plan.fillable))
                print_file = plan.print_file(folder, paper)
                if plan.fillable:  # the print file is laid out here while the workers write the own files
                    printed = write_pdf_copies(documents, theme, names)
                else:
                    own, printed = write_pdf_class(handouts, theme, [handout_parts(h) for h in handouts], names)
                    pending = [_Done(pdf) for pdf in own]
                for copy, future in zip(members, pending):
                    pdf = future.result()
                    pages[copy.path] = _page_count(pdf)
                    stage(copy.path, pdf, folder)
                stage(print_file, printed, folder)
                result.print_files.append(print_file)
    except LessonpackError as exc:  # say whose copies: the lesson's file, and the class
        raise _in_class(exc, lesson, folder) from None
    for folder in dict.fromkeys(folder for folder, _ in groups):
        members = plan.members(folder)
        group = group_name(members[0].student, roster_file)  # as the roster writes it
        zip_path = plan.zip_file(folder)
        stage(zip_path, class_zip(members, group, pages, staged.read), folder)
        result.zips.append(zip_path)
    made_from = document_inputs(course, lesson, templates, STUDENT_KIND, sorted(set(images)))
    made_from += sorted({p for paper in {paper for _, paper in groups}
                         for p in handout_templates(lesson, templates, plan.themes[paper])})
    result.inputs = {path: made_from for path in result.hashes}

    key_path = plan.key_path
    if key_path is not None and key_path not in plan.fresh:
        images.clear()
        key_doc = make_document(course, lesson, KEY_KIND, templates, images=images, versions=plan.variants,
                                seed=plan.seed, key_tiers=plan.key_papers, theme=plan.themes[plan.profile])
        stage(key_path, write_pdf(key_doc, plan.themes[plan.profile]), key_path)
        result.inputs[key_path] = document_inputs(course, lesson, templates, KEY_KIND, sorted(set(images)))
        result.teacher_files.append(key_path)
    return result
