"""The `lessonpack` command: parse arguments, call the library, show results and errors plainly.

Each command imports the library inside its body, on purpose (no import cycle): `--help` then loads
neither Jinja2, pydantic nor PyYAML, and `validate` neither reportlab nor python-docx (test_startup.py).
"""

from __future__ import annotations

import atexit
import gc
import json
import signal
import sys
from pathlib import Path

import click

from . import __version__, collecting, dataclass_code, pydantic_compat

dataclass_code.install()  # before the modules below, and those a command imports, make their dataclasses

from .cli_init import init  # noqa: E402
from .cli_serve import serve  # noqa: E402
from .cli_templates import templates  # noqa: E402
from .error_report import plural, reports_errors  # noqa: E402
from .errors import LessonpackError, display_path, flatten  # noqa: E402
from .files import write_atomic, writes  # noqa: E402


def _warn(warnings) -> None:
    for warning in warnings:
        click.echo(LessonpackError(f"warning: {warning.message}", warning.location, warning.hint).render(), err=True)


@click.group()
@click.version_option(__version__, prog_name="lessonpack")
def main() -> None:
    """Make classroom lesson packs (worksheets, source extracts, teacher notes)
    as DOCX and PDF from lessons written in YAML."""
    # A plain `kill` then unwinds like Ctrl-C, so half-written temporary files are removed.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    # At exit, after the other exit handlers (this one, registered first, runs last), everything the
    # command made is frozen: the interpreter's own final collections would scan the whole heap only
    # to find it still referenced, 50-100 ms of a validate's CPU time and more of a build's.
    atexit.register(gc.freeze)
    collecting.starting()  # Python's default again before the first document is rendered
    pydantic_compat.without_plugins()  # a command never uses pydantic's plugins: no look-up for them


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
              help="Comma-separated formats to make: pdf, docx, html (a class set, with --roster, is PDF only).")
@click.option("--profile", default="standard", show_default=True,
              help="Print profile: standard, large-print-18, large-print-24, large-print-36, dyslexia, "
                   "high-contrast, or one of the course's own.")
@click.option("--tier", type=click.Choice(["support", "core", "extension"]), default=None,
              help="Make one differentiated version instead of the full paper.")
@click.option("--fillable", is_flag=True, help="Put form fields (name, class, date, answers) in the documents "
                                                 "students write on, for students who type: PDF form fields "
                                                 "and HTML text boxes; makes no DOCX.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A class list (CSV with a name column): one worksheet per student, a print file and a zip.")
@click.option("--variants", type=click.IntRange(1, 26), default=1, show_default=True,
              help="How many shuffled versions (A, B, …): with --roster, handed out in turn; without, one "
                   "unnamed master of each to photocopy, keyed in the mark scheme.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="With --variants: the shuffle seed; the same seed gives the same versions.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per CPU).")
@click.option("--force", is_flag=True, help="Make every document, even those that are up to date "
                                           "(with --roster, every class's files).")
@click.option("--only", type=click.Choice(["students", "teacher"]), default=None,
              help="Make only what students get (worksheets, extracts, homework, exit tickets) or only the "
                   "teacher's documents (notes, mark schemes).")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@reports_errors
def build(paths: tuple[Path, ...], out: Path | None, formats: str, profile: str, tier: str | None,
          fillable: bool, roster: Path | None, variants: int, seed: int, jobs: int | None,
          force: bool, only: str | None, quiet: bool) -> None:
    """Build lessons into DOCX and PDF.

    PATHS are a course folder or lesson files; with none, the course in the
    current folder is built. Documents whose lesson, essay, templates and
    settings have not changed since the last build are skipped.
    """
    from .build_request import BuildRequest
    from .progress import Progress, class_sets_summary, summary, written_paths
    from .targets import load_targets, output_folder

    request = BuildRequest(_formats(formats) if _given("formats") else None, profile, tier or "", fillable,
                           roster, variants if _given("variants") else None, seed if _given("seed") else None,
                           force, jobs, only or "")
    request.refuse_what_does_not_apply()
    if not quiet:
        for note in request.notes():
            click.echo(note, err=True)
    if request.may_have_nothing_to_do:  # told by the manifest, without loading the course
        from .build import nothing_to_do
        from .targets import course_and_lessons

        root, lessons = course_and_lessons(paths)
        folder = writes.out = output_folder(out, root)
        found = nothing_to_do(root, lessons, folder, request.chosen_formats, request.options())
        if found is not None:
            report, warnings = found
            _warn(warnings)
            Progress(quiet)("skipped", None, report.skipped)
            summary(report, quiet)
            return
    course = load_targets(paths)
    _warn(course.warnings)
    out = writes.out = output_folder(out, course.root)
    progress = Progress(quiet)
    try:
        outcome = request.run(course, out, on_event=progress, on_warning=lambda warning: _warn([warning]))
    finally:
        progress.close()
    if outcome.class_sets and not quiet:
        class_sets_summary(outcome.class_sets)
    if outcome.versions is not None and not quiet:
        written_paths(outcome.versions.written)
    if outcome.report is not None:
        summary(outcome.report, quiet)
        if outcome.report.failed:
            sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: out/ in the course folder).")
@click.option("--profile", default="standard", show_default=True, help="Print profile, as for build.")
@click.option("--only", type=click.Choice(["students", "teacher"]), default=None,
              help="Make only the students' or only the teacher's booklet.")
@reports_errors
def booklet(paths: tuple[Path, ...], out: Path | None, profile: str, only: str | None) -> None:
    """Make the whole course as one PDF per audience, with a contents page.

    The students' booklet holds the worksheets and extracts in lesson order; the
    teacher's, in booklets/teacher/, the teacher notes and mark schemes.
    """
    from .booklet import BOOKLETS, build_booklets
    from .progress import written_paths
    from .targets import load_targets, output_folder

    course = load_targets(paths)
    _warn(course.warnings)
    folder = writes.out = output_folder(out, course.root)
    written_paths(build_booklets(course, folder, profile=profile, audiences=(only,) if only else tuple(BOOKLETS)))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: out/ in the course folder).")
@click.option("--dry-run", "-n", is_flag=True, help="List what would be removed; remove nothing.")
@reports_errors
def clean(paths: tuple[Path, ...], out: Path | None, dry_run: bool) -> None:
    """Remove outputs of lessons, document kinds and profiles that no longer exist.

    Only files an earlier build wrote (listed in the output folder's manifest) and
    unchanged since are removed; anything else in the folder is left alone.
    """
    from .clean import clean as clean_outputs
    from .targets import load_targets, output_folder

    course = load_targets(paths)
    folder = output_folder(out, course.root)
    report = clean_outputs(course, folder, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    for path in report.removed:
        click.echo(f"{verb} {path}")
    for path in report.kept_changed:
        click.echo(f"kept {path}: changed since lessonpack wrote it", err=True)
    click.echo(f"{plural(len(report.removed), 'file')} {'to remove' if dry_run else 'removed'}.")


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
    from .check_report import Report
    from .targets import course_and_lessons
    from .validate_cache import recalled, remember

    try:
        root, lessons = course_and_lessons(paths)
        report = recalled(root, lessons)
        if report is None:  # the course or lessonpack changed since the last clean check
            from .check import check

            report = check(root, lessons)
            remember(root, lessons, report)
    except LessonpackError as exc:  # no course to check at all
        report = Report(errors=flatten([exc]))
    if output == "json":
        click.echo(json.dumps(report.diagnostics(), indent=2, ensure_ascii=False))
    else:
        for error in report.errors:
            click.echo(error.render() + "\n", err=True)
        _warn(report.warnings)
        warned = f" ({plural(len(report.warnings), 'warning')})" if report.warnings else ""
        if report.errors:
            click.echo(f"lessonpack: {plural(len(report.errors), 'problem')} found{warned}.", err=True)
        else:
            click.echo(f"{plural(report.lessons, 'lesson')} OK{warned}.")
    sys.exit(1 if report.errors else 0)


@main.command(name="list")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@reports_errors
def list_lessons(paths: tuple[Path, ...]) -> None:
    """List the lessons, their documents and the essay sections they use."""
    from .targets import load_targets

    course = load_targets(paths)
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
    from .outline import outline
    from .targets import essays_named

    essays = essays_named(essay)
    click.echo("\n\n".join("\n".join(outline(e)) for e in essays))


@main.command()
@click.argument("lesson_id", metavar="ID")
@click.option("--title", required=True, help="The lesson's title.")
@click.option("--essay", default=None, help="The essay it cites (default: the course's essay).")
@click.option("--sections", default=None, metavar="A,B",
              help="Comma-separated essay sections, one source each (default: the essay's first section).")
@click.option("--picture", default=None, metavar="FILE",
              help="Also start a picture source: a PNG or JPEG in the course folder, e.g. images/poster.png.")
@reports_errors
def new(lesson_id: str, title: str, essay: str | None, sections: str | None, picture: str | None) -> None:
    """Start a new lesson: write lessons/ID.yaml, a skeleton to fill in.

    The skeleton is valid and builds as it is; a comment on each part says what
    goes there. An existing file is never overwritten. ID becomes the file name:
    letters, digits, - and _ only.
    """
    from .scaffold import new_lesson
    from .targets import course_root

    chosen = [s.strip() for s in sections.split(",") if s.strip()] if sections else None
    path = new_lesson(course_root(), lesson_id, title, essay, chosen, picture)
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
    from .targets import course_root, output_folder

    if markdown and folder is not None:
        raise LessonpackError("--out does not apply to --markdown, which prints the reference instead of "
                              "writing the schemas", hint="leave out --out, or send the output to a file: "
                                                          "lessonpack schema --markdown > reference.md")
    if markdown:
        click.echo(reference_markdown(), nl=False)
        return
    for path in write_schemas(output_folder(folder, course_root(), "schema")):
        click.echo(f"wrote {display_path(path)}")


@main.command(name="import-essay")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Essay file to write (default: print it).")
@reports_errors
def import_essay(file: Path, out: Path | None) -> None:
    """Turn a pasted web page or blog post (FILE) into an essay file; list what was removed, by line."""
    from .importer import import_page, read_pasted

    imported = import_page(read_pasted(file), source=file)
    if out is None:
        click.echo(imported.essay, nl=False)
    else:
        write_atomic(out, imported.essay.encode("utf-8"))
        click.echo(f"wrote {display_path(out)}")
    click.echo(imported.report(display_path(file)), nl=False, err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: out/ in the course folder).")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="Formats to make: pdf, docx, html.")
@click.option("--profile", default="standard", show_default=True, help="Print profile.")
@reports_errors
def watch(paths: tuple[Path, ...], out: Path | None, formats: str, profile: str) -> None:
    """Rebuild what changed every time a lesson, essay or template is saved.

    Mistakes are shown and the watch goes on; the last good files stay in
    place. Stop with Ctrl-C.
    """
    from .build import Options
    from .progress import summary
    from .targets import course_and_lessons, output_folder
    from .watch import watch as watch_course

    root, _ = course_and_lessons(paths)
    chosen = _formats(formats)
    out = writes.out = output_folder(out, root)
    click.echo(f"watching {display_path(root)} (Ctrl-C to stop)")

    def show_error(exc: LessonpackError) -> None:
        click.echo(exc.render(), err=True)
        click.echo("lessonpack: fix the problem and save; the last good files are unchanged.", err=True)

    try:
        watch_course(root, out, Options(chosen, profile),
                     on_result=lambda report: summary(report), on_error=show_error)
    except KeyboardInterrupt:
        click.echo("stopped.")


@main.command(name="check-access")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--profile", default="standard", show_default=True, help="Print profile to check.")
@click.option("--strict", is_flag=True, help="Exit with status 1 if there is any warning (for scripts and CI).")
@reports_errors
def check_access_command(paths: tuple[Path, ...], profile: str, strict: bool) -> None:
    """List accessibility problems: missing alt text, small print, colour-only boxes, sources without captions."""
    from .access import check_access
    from .targets import load_targets

    course = load_targets(paths)
    problems = check_access(course, profile)
    for problem in problems:
        click.echo(LessonpackError(f"warning: {problem.message}", problem.location, problem.hint).render())
    click.echo(f"{plural(len(problems), 'accessibility warning')}.")
    if strict and problems:
        sys.exit(1)


main.add_command(templates)
main.add_command(init)
main.add_command(serve)
