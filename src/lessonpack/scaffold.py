"""Start a course or a lesson: `init` writes a course folder that builds as it is (the files in
starter/, the editor schema and its VS Code wiring); `new` a lesson skeleton with a comment on every
part, refused until its placeholders (references.SKELETON_PLACEHOLDER) are replaced."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from .errors import ErrorGroup, LessonpackError, Location
from .essay import Essay
from .filenames import safe_name
from .folders import make_folders
from .images import normalised, read_picture
from .course_model import Course
from .question_model import QUESTION_TYPES
from .references import Essays
from .validation import pydantic_errors
from .yaml_kept import load_yaml

STARTER = Path(__file__).parent / "starter"
"""The course `lessonpack init` writes, file for file (an example essay of our own and a lesson that cites it)."""

EDITOR_SETTINGS = {"yaml.schemas": {"./schema/lesson.schema.json": ["lessons/*.yaml", "lessons/*.yml"],
                                   "./schema/course.schema.json": ["lessons/course.yaml"]}}
"""`.vscode/settings.json`: the YAML extension checks lessons against the schema even without the
`# yaml-language-server:` first line; a file's own first line wins, so course.yaml keeps its schema."""

LESSON_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def _q(text: str) -> str:
    """Text as a double-quoted YAML value (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def check_id(lesson_id: str) -> None:
    """A lesson id becomes a file name: letters, digits, - and _ only, and not a name Windows reserves."""
    if not LESSON_ID.match(lesson_id) or safe_name(lesson_id) != lesson_id:
        raise LessonpackError(f'"{lesson_id}" cannot be a lesson id',
                              hint="use up to 64 letters, digits, - and _, starting with a letter or digit, "
                                   "e.g. 04-kronstadt-1921")


def picture_source(letter: str, file: str) -> tuple[str, str]:
    """A picture source and a question on it, to fill in: the caption and alt text are placeholders."""
    source = f"""  - letter: {letter}
    title: "A picture"
    # Who made it, when, what kind of item (poster, cartoon, photograph, map), for whom.
    caption: "Who made it, when, what kind of item, for whom …"
    headnote: ""
    picture:
      # A PNG or JPEG in the course folder. You must hold the rights to print it for your class.
      file: {_q(file)}
      # What the picture shows, for students who use a screen reader (required).
      alt: "What the picture shows …"
      # A share of the text width (0.6) or a width in mm ("80mm").
      width: 0.6
      # Optional: numbered markers a question can name ("the figure at 1"), or grid: "3x2".
      callouts: []
"""
    question = f"""  - type: short-answer
    prompt: "Study Source {letter}. What …?"
    source: {letter}
    marks: 2
    model_answer: ""
"""
    return source, question


def skeleton(lesson_id: str, title: str, essay: Essay, sections: list[str], essay_named: bool,
             terms: Sequence[str] = (), picture: str | None = None) -> str:
    """The text of a new lesson citing the given sections of the essay, one source per section.

    An essay without sections gets one source of its first paragraphs instead.
    """
    passages = [(s.title, f"section: {s.id}") for s in map(essay.section, sections) if s] or [
        ("The essay", f'paragraphs: "1-{min(3, len(essay.paragraphs))}"')]
    sources, questions = [], []
    for letter, (heading, passage) in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", passages):
        sources.append(f"""  - letter: {letter}
    title: {_q(heading)}
    extract:
      # One item per passage, in order: `section: ID`, `paragraphs: "4-7"` or `quote: "exact words"`.
      - {passage}
    # Optional: a sentence of context printed above the extract.
    headnote: ""
""")
        questions.append(f"""  - type: short-answer
    prompt: "According to Source {letter}, what …?"
    source: {letter}
    marks: 2
    # Printed only in the teacher notes.
    model_answer: ""
""")
    if picture:
        source, question = picture_source("ABCDEFGHIJKLMNOPQRSTUVWXYZ"[len(sources)], picture)
        sources.append(source)
        questions.append(question)
    essay_line = (f"# The essay the sources come from (a file in lessons/essays/, without .md).\nessay: {essay.name}\n"
                  if essay_named else f"# The sources come from the course's essay, {essay.name}; "
                                      "name another with `essay: NAME`.\n")
    examples = f", e.g. [{', '.join(terms[:2])}]" if terms else ""
    return f"""# yaml-language-server: $schema=../schema/lesson.schema.json
# Lesson {lesson_id}, started by `lessonpack new`. Replace each "…", then run `lessonpack validate`.
# Every key is explained in docs/lesson-format.md; `lessonpack sections` shows the essay's sections.

# Printed at the top of every document.
title: {_q(title)}
# Who the lesson is for, e.g. "Ages 14–16 (GCSE)".
audience: ""
# Minutes; the activities below must fit in it.
duration: 60
# The central historical question the lesson answers.
enquiry: "Why …?"
# What students will be able to do by the end.
objectives:
  - "Explain …"
{essay_line}
# Terms defined in the glossary of lessons/course.yaml{examples}.
keywords: []

# The lettered sources students read: passages of the essay, or pictures (see docs/lesson-format.md).
sources:
{"".join(sources)}
# The lesson plan: starter, main and plenary steps; their minutes add up to at most `duration`.
activities:
  - phase: starter
    minutes: 10
    title: "Starter"
    description: ""
  - phase: main
    minutes: 40
    title: "Main activity"
    description: ""
  - phase: plenary
    minutes: 10
    title: "Plenary"
    description: ""

# The worksheet questions, in order. Types: {", ".join(QUESTION_TYPES)}.
questions:
{"".join(questions)}
# The questions' marks must add up to this.
total_marks: {2 * len(questions)}

# What only the teacher sees.
teacher_notes:
  background: ""
  misconceptions: []

# The documents to make from this lesson.
documents: [worksheet, extract, teacher-notes]
"""


def new_lesson(root: Path, lesson_id: str, title: str, essay_name: str | None = None,
               sections: list[str] | None = None, picture: str | None = None) -> Path:
    """Write lessons/ID.yaml in the course at root; never overwrite an existing file."""
    check_id(lesson_id)
    for option, value in (("--title", title), ("--essay", essay_name or ""), ("--sections", ",".join(sections or [])),
                          ("--picture", picture or "")):
        _check_text(option, value)
    if picture:  # checked as a build checks it, before the lesson names it
        normalised(read_picture(root, picture), picture)
    if not title.strip():
        raise LessonpackError("the title is empty", hint='give one: --title "1905: the first soviet"')
    target = root / "lessons" / f"{lesson_id}.yaml"
    if target.exists():
        raise LessonpackError("this lesson file already exists", Location(target),
                              hint="choose another id, or edit the existing lesson")
    course_doc = load_yaml(root / "lessons" / "course.yaml", within=root)
    try:
        course = Course.model_validate(course_doc.data if isinstance(course_doc.data, dict) else {})
    except ValidationError as exc:
        raise ErrorGroup(pydantic_errors(exc, course_doc, Course)) from None
    name = essay_name or course.essay
    if not name:
        raise LessonpackError("no essay named, and lessons/course.yaml names none",
                              hint="name one: lessonpack new ID --title \"…\" --essay NAME")
    errors: list[LessonpackError] = []
    essay = Essays(root).get(name, Location(root / "lessons" / "essays"), errors)
    if essay is None:
        raise errors[0]
    chosen = sections or [s.id for s in essay.sections[:1]]
    unknown = [s for s in chosen if essay.section(s) is None]
    if unknown:
        listed = ", ".join(s.id for s in essay.sections) or "none"
        raise LessonpackError(f'essay "{essay.name}" has no section ' + ", ".join(f'"{s}"' for s in unknown),
                              hint=f"its sections: {listed} (see `lessonpack sections {essay.name}`)")
    text = skeleton(lesson_id, title, essay, chosen, essay_named=essay_name is not None, terms=list(course.glossary),
                    picture=picture)
    data = text.encode("utf-8")  # before the file exists: a failure leaves nothing behind
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise LessonpackError("this lesson file already exists", Location(target),
                              hint="choose another id, or edit the existing lesson") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return target


def _check_text(option: str, value: str) -> None:
    """Refuse bytes the terminal passed that are not UTF-8 (Python keeps them as lone surrogates)."""
    bad = next((ch for ch in value if 0xDC80 <= ord(ch) <= 0xDCFF), None)
    if bad is None and not _encodes(value):
        bad = next(ch for ch in value if not _encodes(ch))
    if bad is not None:
        byte = f"byte 0x{ord(bad) - 0xDC00:02X}" if 0xDC80 <= ord(bad) <= 0xDCFF else f"U+{ord(bad):04X}"
        raise LessonpackError(f"{option}: {byte} is not UTF-8 text",
                              hint="type it again in a terminal that uses UTF-8 (e.g. with LANG=C.UTF-8)")


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def starter_files() -> dict[str, bytes]:
    """Course-relative path -> bytes of every file `lessonpack init` writes."""
    from .schema import schema_files

    files = {p.relative_to(STARTER).as_posix(): p.read_bytes() for p in sorted(STARTER.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts}
    files |= {f"schema/{name}": text.encode("utf-8") for name, text in schema_files().items()}
    files[".vscode/settings.json"] = (json.dumps(EDITOR_SETTINGS, indent=2) + "\n").encode("utf-8")
    return files


def init_course(folder: Path, named: bool) -> list[Path]:
    """Write a new course into folder; return the files written.

    The current folder (named False) must be empty; a folder named on the command line may hold
    other things (a .git, say) but none of the files. Nothing is overwritten, and on any failure
    what was written is removed again, so a course is there whole or not at all.
    """
    if folder.exists() and not folder.is_dir():
        raise LessonpackError("this is a file, not a folder", Location(folder),
                              hint="name a new folder: lessonpack init my-course")
    if not named and any(folder.iterdir()):
        raise LessonpackError("this folder is not empty, so no course was started in it", Location(folder),
                              hint="name a new folder for the course: lessonpack init my-course")
    files = starter_files()
    existing = [folder / name for name in files if (folder / name).exists() or (folder / name).is_symlink()]
    in_the_way = sorted({parent for name in files for parent in (folder / name).parents
                         if parent.is_relative_to(folder) and parent != folder
                         and (parent.exists() or parent.is_symlink()) and not parent.is_dir()})
    if existing or in_the_way:
        hint = "start the course in a new folder: lessonpack init my-course"
        raise ErrorGroup([LessonpackError("this file already exists; nothing was written", Location(path), hint)
                          for path in existing] +
                         [LessonpackError("this is a file where the course needs a folder; nothing was written",
                                          Location(path), hint) for path in in_the_way])
    made: list[Path] = []
    written: list[Path] = []
    try:
        if not folder.exists():
            folder.mkdir(parents=True)
            made.append(folder)
        for name, data in files.items():
            target = folder / name
            linked = next((p for p in target.parents if p.is_relative_to(folder) and p.is_symlink()), None)
            if linked is not None:  # found as its first file is written: what came before is removed
                raise LessonpackError(f"{linked.name} in this folder is a link to somewhere else; nothing was "
                                      "written", Location(linked.parent), hint="remove the link, or start the course in a new "
                                                             "folder: lessonpack init my-course")
            made += make_folders(folder, target.parent)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            written.append(target)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    except BaseException as exc:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for path in reversed(made):
            shutil.rmtree(path, ignore_errors=True)
        if isinstance(exc, OSError):
            raise LessonpackError(f"could not write the course: {exc.strerror or exc}; nothing was written",
                                  Location(Path(exc.filename)) if exc.filename else Location(folder),
                                  hint="check the folder is yours to write in and has space") from None
        raise
    return written
