"""The `lessonpack` command: parse arguments, call the library, show errors plainly.

Heavy libraries (reportlab, python-docx) are imported only by the commands that
write files, so `--help` and `validate` start quickly.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
from pathlib import Path

import click

from . import __version__
from .errors import ErrorGroup, LessonpackError, Location, display_path, flatten
from .files import write_atomic, writes


WRITERS = {"build", "new", "schema", "import_essay", "copy_template"}
"""Commands that write files: their error report says what was written."""

PROBLEM_FOUND = 1
"""Exit status for a mistake in the teacher's files or settings (2 is click's, for a usage error)."""
INTERNAL_ERROR = 3
"""Exit status for a bug in lessonpack."""
ERROR_LOG = "lessonpack-error.log"


def reports_errors(command):
    """Print a user's mistakes as `file:line:col: message` + hint and exit 1; a bug in lessonpack
    as one short paragraph, its details saved to a log, exit 3; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        writes.reset()
        try:
            return command(*args, **kwargs)
        except LessonpackError as exc:
            click.echo(exc.render(), err=True)
            count = len(exc.errors) if isinstance(exc, ErrorGroup) else 1
            written = f"; {_what_was_written()}" if command.__name__ in WRITERS else ""
            click.echo(f"lessonpack: {_plural(count, 'problem')} found{written}.", err=True)
            sys.exit(PROBLEM_FOUND)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the output was piped into `head` or a pager that closed early
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:  # a bug in lessonpack, not the teacher's mistake: say so, briefly
            if os.environ.get("LESSONPACK_DEBUG"):
                raise
            written = _what_was_written()
            log = _save_error_log(exc, written)
            click.echo(f"lessonpack: internal error ({type(exc).__name__}: {exc}); {written}.", err=True)
            click.echo(f"the details are in {display_path(log)}" if log else
                       "the details could not be saved (run with LESSONPACK_DEBUG=1 to see them)", err=True)
            click.echo("hint: this is a bug in lessonpack, not in your files; please report it, with that file",
                       err=True)
            sys.exit(INTERNAL_ERROR)

    return wrapper


def _what_was_written() -> str:
    """What this command has put on disk so far, e.g. "3 files were written before the error
    (out/…, …); 27 were not" (the build's hidden bookkeeping files left out)."""
    done = [p for p in writes.done if not p.name.startswith(".")]
    if not done:
        return "nothing was written"
    shown = ", ".join(display_path(p) for p in done[:3]) + (", …" if len(done) > 3 else "")
    text = f"{_plural(len(done), 'file')} {_was(len(done))} written before the error ({shown})"
    if writes.planned > len(done):
        text += f"; {writes.planned - len(done)} {_was(writes.planned - len(done))} not"
    return text


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


def _save_error_log(exc: Exception, written: str) -> Path | None:
    """Save what a bug report needs to the output folder (else a temporary file); None if neither works."""
    import platform
    import tempfile
    import traceback

    data = "".join([
        f"lessonpack {__version__}, Python {platform.python_version()}, {platform.platform()}\n",
        f"command: {' '.join(sys.argv)}\n",
        f"{written}\n", *[f"    {p}\n" for p in writes.done], "\n",
        *traceback.format_exception(exc),
    ]).encode("utf-8", "replace")
    if writes.out is not None:
        try:
            write_atomic(writes.out / ERROR_LOG, data, within=writes.out)
            return writes.out / ERROR_LOG
        except (LessonpackError, OSError):
            pass
    try:
        fd, name = tempfile.mkstemp(prefix="lessonpack-error-", suffix=".log")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return Path(name)
    except OSError:
        return None


def _output_folder(out: Path | None, root: Path, default: str = "out") -> Path:
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


def _course_root(start: Path | None = None) -> Path:
    from .course import find_root

    return find_root(start or Path.cwd())


def _targets(paths: tuple[Path, ...]) -> tuple[Path, list[Path] | None]:
    """The course the paths belong to, and the lesson files among them (None: every lesson)."""
    targets = [Path(p) for p in paths] or [Path.cwd()]
    root = _course_root(targets[0])
    for p in targets:
        if _course_root(p) != root:
            raise LessonpackError(f"{p} belongs to another course than {display_path(root)}",
                                  hint="check one course at a time")
    lessons = [p.resolve() for p in targets
               if p.is_file() and p.suffix in (".yaml", ".yml") and p.name != "course.yaml"]
    return root, lessons or None


def _load(paths: tuple[Path, ...]):
    """The checked course the paths belong to, limited to the lesson files named, if any."""
    from .course import load_course

    return load_course(*_targets(paths))


def _warn(warnings) -> None:
    for warning in warnings:
        click.echo(LessonpackError(f"warning: {warning.message}", warning.location, warning.hint).render(), err=True)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.group()
@click.version_option(__version__, prog_name="lessonpack")
def main() -> None:
    """Make classroom lesson packs (worksheets, source extracts, teacher notes)
    as DOCX and PDF from lessons written in YAML."""
    # A plain `kill` then unwinds like Ctrl-C, so half-written temporary files are removed.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _given(option: str) -> bool:
    """Whether the command line gave this option, rather than leaving its default."""
    return click.get_current_context().get_parameter_source(option) is click.core.ParameterSource.COMMANDLINE


def _formats(formats: str) -> tuple[str, ...]:
    from .writers import FORMATS

    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise click.BadParameter(f"unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    return chosen


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: out/ in the course folder).")
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              help="Comma-separated formats to make: pdf, docx (a class set, with --roster, is PDF only).")
@click.option("--profile", default="standard", show_default=True,
              help="Print profile: standard, large-print-18, large-print-24, large-print-36, dyslexia, "
                   "high-contrast, or one of the course's own.")
@click.option("--tier", type=click.Choice(["support", "core", "extension"]), default=None,
              help="Make one differentiated version instead of the full paper.")
@click.option("--fillable", is_flag=True, help="Put PDF form fields over answer spaces, for students who type.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A class list (CSV with a name column): one worksheet per student, a print file and a zip.")
@click.option("--variants", type=click.IntRange(1, 26), default=1, show_default=True,
              help="With --roster: how many shuffled versions (A, B, …) to hand out in turn.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="With --variants: the shuffle seed; the same seed gives the same versions.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per CPU).")
@click.option("--force", is_flag=True, help="Make every document, even those that are up to date "
                                           "(a class set, with --roster, is always made in full).")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@reports_errors
def build(paths: tuple[Path, ...], out: Path | None, formats: str, profile: str, tier: str | None,
          fillable: bool, roster: Path | None, variants: int, seed: int, jobs: int | None,
          force: bool, quiet: bool) -> None:
    """Build lessons into DOCX and PDF.

    PATHS are a course folder or lesson files; with none, the course in the
    current folder is built. Documents whose lesson, essay, templates and
    settings have not changed since the last build are skipped.
    """
    from .build import Options, default_workers, run_build
    from .progress import Progress, summary, written_paths

    chosen = _formats(formats)
    if roster is not None and _given("formats") and set(chosen) != {"pdf"}:
        raise LessonpackError(f"--format {formats} does not apply to a class set (--roster): class sets are PDF "
                              "only (a worksheet per student, a print file and a zip)",
                              hint="leave out --format, or give --format pdf; for DOCX files, build without --roster")
    if roster is None and variants > 1:
        raise LessonpackError("--variants hands out shuffled versions to a class, so it needs --roster",
                              hint="add --roster class.csv (a CSV with a name column); the teacher notes "
                                   "then hold the answer key of every version")
    course = _load(paths)
    _warn(course.warnings)
    out = writes.out = _output_folder(out, course.root)
    if roster is not None:
        from .classset import build_class_sets

        sets = build_class_sets(course, roster, out, variants=variants, seed=seed, fillable=fillable,
                                profile=profile, tier=tier or "", workers=jobs or default_workers(),
                                on_warning=lambda warning: _warn([warning]))
        if not quiet:
            for result in sets:
                written_paths(result.written)
        return
    progress = Progress(quiet)
    try:
        report = run_build(course, out, chosen, workers=jobs or default_workers(), force=force,
                           on_event=progress, options=Options(chosen, profile, tier or "", fillable))
    finally:
        progress.close()
    summary(report, quiet)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json for editors and scripts: a list of {file, line, column, "
                   "message, hint, severity}.")
@reports_errors
def validate(paths: tuple[Path, ...], output: str) -> None:
    """Check lessons without writing anything.

    Reads course.yaml, the essays and the lessons, checks every reference
    (sections, paragraphs, quotes, sources, glossary, minutes, marks) and
    expands every document through its template. Every problem is reported
    together; the exit status is 1 if there is any error (warnings alone do
    not fail). PATHS are a course folder or lesson files (default: the course
    in the current folder).
    """
    from .check import Report, check

    try:
        report = check(*_targets(paths))
    except LessonpackError as exc:  # no course to check at all
        report = Report(errors=flatten([exc]))
    if output == "json":
        click.echo(json.dumps(report.diagnostics(), indent=2, ensure_ascii=False))
    else:
        for error in report.errors:
            click.echo(error.render() + "\n", err=True)
        _warn(report.warnings)
        warned = f" ({_plural(len(report.warnings), 'warning')})" if report.warnings else ""
        if report.errors:
            click.echo(f"lessonpack: {_plural(len(report.errors), 'problem')} found{warned}.", err=True)
        else:
            click.echo(f"{_plural(report.lessons, 'lesson')} OK{warned}.")
    sys.exit(1 if report.errors else 0)


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


@main.command()
@click.argument("essay", required=False)
@reports_errors
def sections(essay: str | None) -> None:
    """Show an essay's sections and numbered paragraphs, to cite in a lesson.

    ESSAY is an essay's name (a file in lessons/essays/, without .md) or the
    path of an essay file; by default, the essay named in lessons/course.yaml
    (or every essay, if it names none).
    """
    from .essay import load_essay
    from .outline import outline
    from .references import Essays

    if essay and essay.endswith(".md") and Path(essay).is_file():
        essays = [load_essay(Path(essay))]
    else:
        root = _course_root()
        default = None if essay else _course_essay(root)
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
    click.echo("\n\n".join("\n".join(outline(e)) for e in essays))


def _course_essay(root: Path) -> str | None:
    from .course import load_course_file

    return load_course_file(root).essay


@main.command()
@click.argument("lesson_id", metavar="ID")
@click.option("--title", required=True, help="The lesson's title.")
@click.option("--essay", default=None, help="The essay it cites (default: the course's essay).")
@click.option("--sections", default=None, metavar="A,B",
              help="Comma-separated essay sections, one source each (default: the essay's first section).")
@reports_errors
def new(lesson_id: str, title: str, essay: str | None, sections: str | None) -> None:
    """Start a new lesson: write lessons/ID.yaml, a skeleton to fill in.

    The skeleton is valid and builds as it is; a comment on each part says what
    goes there. An existing file is never overwritten. ID becomes the file name:
    letters, digits, - and _ only.
    """
    from .scaffold import new_lesson

    chosen = [s.strip() for s in sections.split(",") if s.strip()] if sections else None
    path = new_lesson(_course_root(), lesson_id, title, essay, chosen)
    click.echo(f"wrote {display_path(path)}")
    click.echo(f'next: fill in each "…", then run `lessonpack validate {display_path(path)}`')


@main.command()
@click.option("--out", "-o", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write into (default: schema/ in the course folder).")
@click.option("--markdown", is_flag=True, help="Print the reference of every key (as in docs/lesson-format.md) "
                                                "instead of writing the schemas.")
@reports_errors
def schema(folder: Path | None, markdown: bool) -> None:
    """Write course.schema.json and lesson.schema.json for editors.

    With the YAML extension of VS Code (or any editor using yaml-language-server),
    a lesson whose first line is
    `# yaml-language-server: $schema=../schema/lesson.schema.json` gets completion,
    a description of every key on hover, and mistakes underlined as you type.
    """
    from .schema import reference_markdown, write_schemas

    if markdown:
        click.echo(reference_markdown(), nl=False)
        return
    for path in write_schemas(_output_folder(folder, _course_root(), "schema")):
        click.echo(f"wrote {display_path(path)}")


@main.command(name="import-essay")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Essay file to write (default: print it).")
@reports_errors
def import_essay(file: Path, out: Path | None) -> None:
    """Turn a pasted blog post (FILE) into an essay file with front matter."""
    from .importer import import_blog_text, read_pasted

    text = import_blog_text(read_pasted(file), source=file)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text.encode("utf-8"))
        click.echo(f"wrote {display_path(out)}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: out/ in the course folder).")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="Formats to make: pdf, docx.")
@click.option("--profile", default="standard", show_default=True, help="Print profile.")
@reports_errors
def watch(paths: tuple[Path, ...], out: Path | None, formats: str, profile: str) -> None:
    """Rebuild what changed every time a lesson, essay or template is saved.

    Mistakes are shown and the watch goes on; the last good files stay in
    place. Stop with Ctrl-C.
    """
    from .build import Options
    from .progress import summary
    from .watch import watch as watch_course

    root, _ = _targets(paths)
    chosen = _formats(formats)
    out = writes.out = _output_folder(out, root)
    click.echo(f"watching {display_path(root)} (Ctrl-C to stop)")

    def show_error(exc: LessonpackError) -> None:
        click.echo(exc.render(), err=True)
        click.echo("lessonpack: fix the problem and save; the last good files are unchanged.", err=True)

    try:
        watch_course(root, out, Options(chosen, profile),
                     on_result=lambda report: summary(report), on_error=show_error)
    except KeyboardInterrupt:
        click.echo("stopped.")


@main.group(invoke_without_command=True)
@click.pass_context
@reports_errors
def templates(ctx: click.Context) -> None:
    """List the templates and where each comes from (the course's own, or the default)."""
    if ctx.invoked_subcommand is not None:
        return
    from .expand import TemplateSet, default_templates_dir, template_listing

    root = _course_root()
    defaults = default_templates_dir().resolve()
    for name, origin, is_kind in template_listing(TemplateSet(root / "templates")):
        where = "default" if origin.resolve().is_relative_to(defaults) else "course "
        kind = "document kind" if is_kind else "partial"
        click.echo(f"{name:38} {where}  {kind:13}  {display_path(origin)}")


@templates.command(name="copy")
@click.argument("name")
@click.option("--force", is_flag=True, help="Overwrite the course's own copy.")
@reports_errors
def copy_template(name: str, force: bool) -> None:
    """Copy a default template into the course's templates/ folder to customise it."""
    from .expand import copy_default

    target = copy_default(_course_root() / "templates", name, force)
    click.echo(f"wrote {display_path(target)}; edit it there, your course now uses it")


@main.command(name="check-access")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--profile", default="standard", show_default=True, help="Print profile to check.")
@click.option("--strict", is_flag=True, help="Exit with status 1 if there is any warning (for scripts and CI).")
@reports_errors
def check_access_command(paths: tuple[Path, ...], profile: str, strict: bool) -> None:
    """List accessibility problems: missing alt text, small print, colour-only boxes, sources without captions."""
    from .access import check_access

    course = _load(paths)
    problems = check_access(course, profile)
    for problem in problems:
        click.echo(LessonpackError(f"warning: {problem.message}", problem.location, problem.hint).render())
    click.echo(f"{_plural(len(problems), 'accessibility warning')}.")
    if strict and problems:
        sys.exit(1)
