"""The `lessonpack` command: parse arguments, call the library, show errors plainly.

Heavy libraries (reportlab, python-docx) are imported only by the commands that
write files, so `--help` and `validate` start quickly.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .errors import ErrorGroup, LessonpackError, display_path


def reports_errors(command):
    """Print a user's mistakes as `file:line:col: message` + hint and exit 1; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except LessonpackError as exc:
            click.echo(exc.render(), err=True)
            count = len(exc.errors) if isinstance(exc, ErrorGroup) else 1
            click.echo(f"lessonpack: {count} problem{'s' if count != 1 else ''} found; nothing was written.",
                       err=True)
            sys.exit(1)

    return wrapper


def _load(paths: tuple[Path, ...]):
    """The course the paths belong to, limited to the lesson files named, if any."""
    from .course import find_root, load_course

    targets = [Path(p) for p in paths] or [Path.cwd()]
    root = find_root(targets[0])
    lessons = [p.resolve() for p in targets if p.is_file()]
    for p in targets:
        if find_root(p) != root:
            raise LessonpackError(f"{p} belongs to another course than {display_path(root)}",
                                  hint="build one course at a time")
    return load_course(root, lessons or None)


@click.group()
@click.version_option(__version__, prog_name="lessonpack")
def main() -> None:
    """Make classroom lesson packs (worksheets, source extracts, teacher notes)
    as DOCX and PDF from lessons written in YAML."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: out/ in the course folder).")
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              help="Comma-separated formats to make: pdf, docx.")
@reports_errors
def build(paths: tuple[Path, ...], out: Path | None, formats: str) -> None:
    """Build lessons into DOCX and PDF.

    PATHS are a course folder or lesson files; with none, the course in the
    current folder is built.
    """
    from .build import build as build_course
    from .writers import FORMATS

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise click.BadParameter(f"unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    course = _load(paths)
    written = build_course(course, out or course.root / "out", chosen)
    for path in written:
        click.echo(f"wrote {display_path(path)}")
    click.echo(f"{len(written)} file(s) from {len(course.lessons)} lesson(s).")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@reports_errors
def validate(paths: tuple[Path, ...]) -> None:
    """Check lessons, essays and references without writing anything."""
    course = _load(paths)
    click.echo(f"{len(course.lessons)} lesson(s) OK.")


@main.command(name="list")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@reports_errors
def list_lessons(paths: tuple[Path, ...]) -> None:
    """List the lessons, their documents and the essay sections they use."""
    course = _load(paths)
    for loaded in course.lessons:
        sections = sorted({sec.id for s in loaded.sources for p in s.pieces
                           if (sec := s.essay.section_of(p.paragraph))})
        click.echo(f"{loaded.id}: {loaded.lesson.title}")
        click.echo(f"    documents: {', '.join(loaded.lesson.documents)}")
        click.echo(f"    sections:  {', '.join(sections) or '-'}")


@main.command(name="import-essay")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Essay file to write (default: print it).")
@reports_errors
def import_essay(file: Path, out: Path | None) -> None:
    """Turn a pasted blog post (FILE) into an essay file with front matter."""
    from .files import write_atomic
    from .importer import import_blog_text

    try:
        raw = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise LessonpackError("the file is not UTF-8 text", None, hint="save it as UTF-8 and try again") from None
    text = import_blog_text(raw, source=file)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text.encode("utf-8"))
        click.echo(f"wrote {display_path(out)}")
