"""Make one lesson's worksheet, and nothing else, in a fresh process (a benchmark helper).

    python benchmarks/one_worksheet.py LESSON.yaml OUT_DIR [pdf,docx]

`lessonpack build` always makes every document a lesson lists; to compare with
a tool that converts one file, run.py times this: load the course (that lesson
only), expand the worksheet template, and write it as PDF and/or DOCX.
"""

from __future__ import annotations

import sys
from pathlib import Path


def worksheet(lesson_file: Path, kind: str = "worksheet"):
    """The course (with only this lesson loaded) and the lesson's document of that kind."""
    from lessonpack.pipeline import make_document
    from lessonpack.course import load_course
    from lessonpack.targets import find_root
    from lessonpack.expand import TemplateSet

    root = find_root(lesson_file)
    course = load_course(root, [lesson_file.resolve()])
    lesson = course.lessons[0]
    return course, make_document(course, lesson, kind, TemplateSet(course.templates_dir))


def main(argv: list[str]) -> int:
    lesson_file, out = Path(argv[0]), Path(argv[1])
    formats = (argv[2] if len(argv) > 2 else "pdf,docx").split(",")
    from lessonpack.theme import theme_for
    from lessonpack.writers import write

    course, doc = worksheet(lesson_file)
    out.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        (out / f"worksheet.{fmt}").write_bytes(write(doc, theme_for(course.course.page_size), fmt))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
