"""What a command's arguments point at: the course, the lessons named, the essays, the output folder.

The command line passes paths and names as typed; the rules for turning them into
a course (the nearest folder with lessons/course.yaml), a subset of its lessons
and an output folder that is safe to write live here, so every command reads
them the same way.

Finding the course needs nothing but the file system: the loader (the schema,
PyYAML) is imported only by the functions that load, so a build with nothing
to do never imports it.
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from .errors import ErrorGroup, LessonpackError, Location, display_path

if TYPE_CHECKING:
    from .course import LoadedCourse
    from .essay import Essay

COURSE_FILE = "course.yaml"
LESSON_SUFFIXES = (".yaml", ".yml")


def find_root(start: Path) -> Path:
    """The course folder: the nearest folder at or above start that has lessons/course.yaml."""
    start = start.resolve()
    for folder in (start if start.is_dir() else start.parent, *start.parents):
        if (folder / "lessons" / COURSE_FILE).is_file():
            return folder
        if folder.name == "lessons" and (folder / COURSE_FILE).is_file():
            return folder.parent
    raise LessonpackError(f"no course found at {start}", Location(start),
                          hint="run lessonpack inside a course folder (one with lessons/course.yaml), "
                               "or name one: lessonpack build path/to/course")


def lesson_files(root: Path) -> list[Path]:
    """Every lesson file of a course, in name order."""
    folder = root / "lessons"
    return sorted(p for p in folder.glob("*.yaml") if p.name != COURSE_FILE)


def default_templates_dir() -> Path:
    """The default templates: inside the installed package, or the checkout's templates/.

    A wheel carries them as lessonpack/templates; an editable install from the
    repository reads the one copy in its top-level templates/ folder.
    """
    package = Path(__file__).parent
    for candidate in (package / "templates", package.parent.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise LessonpackError("the default templates are missing from this installation",
                          hint="reinstall lessonpack")


def course_root(start: Path | None = None) -> Path:
    """The course folder at or above `start` (default: the current folder)."""
    return find_root(start or Path.cwd())


def course_and_lessons(paths: tuple[Path, ...]) -> tuple[Path, list[Path] | None]:
    """The course the paths belong to, and the lesson files among them (None: every lesson)."""
    targets = [Path(p) for p in paths] or [Path.cwd()]
    root = course_root(targets[0])
    for p in targets:
        if course_root(p) != root:
            raise LessonpackError(f"{p} belongs to another course than {display_path(root)}",
                                  hint="check one course at a time")
    lessons = [p.resolve() for p in targets
               if p.is_file() and p.suffix in LESSON_SUFFIXES and p.name != "course.yaml"]
    return root, lessons or None


def load_targets(paths: tuple[Path, ...]) -> LoadedCourse:
    """The checked course the paths belong to, limited to the lesson files named, if any."""
    from .course import load_course

    return load_course(*course_and_lessons(paths))


def output_folder(out: Path | None, root: Path, default: str = "out") -> Path:
    """--out as given, else the default folder in the course folder, which must be a real folder:
    in a course shared by others, an out/ that is a link would send the files somewhere else."""
    if out is not None:
        return out
    out = root / default
    if out.is_symlink():
        raise LessonpackError(f"the course's {default}/ folder is a link to somewhere else; nothing was "
                              "written through it", Location(out),
                              hint="remove the link, or choose the output folder with --out")
    return out


def essays_named(essay: str | None) -> list[Essay]:
    """The essays `lessonpack sections ESSAY` shows: an essay file, an essay of the course by name,
    else the course's own essay (course.yaml, checked), else every essay in lessons/essays/."""
    from .course import load_course_file
    from .essay import load_essay
    from .references import Essays

    if essay and essay.endswith(".md") and Path(essay).is_file():
        return [load_essay(Path(essay))]
    root = course_root()
    default = None if essay else load_course_file(root).essay
    names = [essay or default] if essay or default else \
        sorted(p.stem for p in (root / "lessons" / "essays").glob("*.md"))
    errors: list[LessonpackError] = []
    store = Essays(root)
    essays = [e for name in names if (e := store.get(name, None, errors)) is not None]
    if errors:
        raise ErrorGroup(errors)
    if not essays:
        raise LessonpackError("there are no essays in lessons/essays/",
                              hint="add one with `lessonpack import-essay POST.txt -o lessons/essays/NAME.md`")
    return essays
