"""`lessonpack templates`: list the templates, copy a default one into the course, print the
reference of what a template receives. Imports inside each command, as in cli.py."""

from __future__ import annotations

from pathlib import Path

import click

from .error_report import reports_errors
from .errors import display_path


@click.group(invoke_without_command=True)
@click.pass_context
@reports_errors
def templates(ctx: click.Context) -> None:
    """List the templates and where each comes from (the course's own, or the default)."""
    if ctx.invoked_subcommand is not None:
        return
    from .expand import TemplateSet, default_templates_dir, template_listing
    from .targets import course_root

    root = course_root()
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
    from .targets import course_root

    target = copy_default(course_root() / "templates", name, force)
    click.echo(f"wrote {display_path(target)}; edit it there, your course now uses it")


@templates.command(name="reference")
@click.argument("document", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@reports_errors
def template_reference(document: Path | None) -> None:
    """Print the reference of every variable a template receives, or rewrite its generated part
    in DOCUMENT (docs/templates.md), between the markers it carries."""
    from .template_docs import context_reference, update

    if document is None:
        click.echo(context_reference(), nl=False)
    else:
        click.echo(f"{display_path(document)}: {'updated' if update(document) else 'up to date'}")
