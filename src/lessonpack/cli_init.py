"""`lessonpack init`: start a course folder that builds as it is. Imports inside the command, as in cli.py."""

from __future__ import annotations

from pathlib import Path

import click

from .error_report import reports_errors
from .errors import display_path


@click.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@reports_errors
def init(folder: Path | None) -> None:
    """Start a course in FOLDER (made if needed; default: the current folder, which must be empty).

    Writes lessons/course.yaml, an example essay and a lesson that cites it, the editor
    schema with its VS Code settings, and a README. An existing file is never overwritten.
    """
    from .scaffold import init_course

    target = folder if folder is not None else Path.cwd()
    written = init_course(target, named=folder is not None)
    for path in written:
        click.echo(f"wrote {display_path(path)}")
    where = f"cd {display_path(target)} && " if folder is not None else ""
    click.echo(f"next: {where}lessonpack build, then open out/ (the course's README.md says what to change)")
