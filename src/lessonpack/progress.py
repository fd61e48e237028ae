"""Show a build's progress: a bar on a terminal, one plain line per file in logs, a summary."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import display_path


class Progress:
    """Receives build events (see build.Event) and shows them the way the terminal wants."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.bar = None
        self.task = None

    def __call__(self, what: str, job, detail) -> None:
        if what == "planned":
            self._start(int(detail))
        elif what == "built":
            self._advance(job, [f"wrote {display_path(p)}" for p in detail])
        elif what == "skipped":
            if not self.quiet and self.bar is None:
                for path in detail:
                    click.echo(f"up to date: {display_path(path)}")
        elif what == "failed":
            self._advance(job, [])

    def _start(self, total: int) -> None:
        if self.quiet or not total or not sys.stderr.isatty():
            return
        # Here: rich loads only when a terminal shows the bar, not for logs or --quiet.
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

        self.bar = Bar(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       TextColumn("{task.description}"), transient=True, console=None)
        self.bar.start()
        self.task = self.bar.add_task("", total=total)

    def _advance(self, job, lines: list[str]) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"{job.lesson.id} {job.kind}")
        elif not self.quiet:
            for line in lines:
                click.echo(line)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def summary(report, quiet: bool = False) -> None:
    """The closing line(s): what was built, skipped and failed, and how long it took."""
    for error in report.failed:
        click.echo(error.render(), err=True)
    if quiet and not report.failed:
        return
    parts = [f"{len(report.written)} file(s) written"]
    parts.append(f"{len(report.skipped)} up to date" if report.skipped else "")
    parts.append(f"{len(report.failed)} document(s) failed" if report.failed else "")
    text = ", ".join(p for p in parts if p)
    if not report.written and not report.failed:
        text = "Nothing to do: every document is up to date"
    click.echo(f"{text} ({report.seconds:.1f} s).", err=bool(report.failed))


def written_paths(paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {display_path(path)}")



def class_sets_summary(sets) -> None:
    """What a build with a roster wrote, file by file, and how many files were already up to date."""
    written = [path for class_set in sets for path in class_set.written]
    skipped = sum(len(class_set.skipped) for class_set in sets)
    written_paths(written)
    if not written:
        click.echo("Nothing to do: every class set is up to date.")
    elif skipped:
        click.echo(f"{len(written)} file(s) written, {skipped} up to date (classes whose lesson, roster rows "
                   "and options have not changed).")
