"""Expand a lesson through its Jinja2 template into markup, safely.

Templates run in Jinja2's immutable sandbox with StrictUndefined, inside the
allow-lists and limits of sandbox.py (what may be read, called and printed;
steps, seconds, output size, nesting), with the filters of template_filters.py,
read by template_loader.py only from the template folders. Whatever goes wrong
inside a template is reported as a LessonpackError naming the template file and line.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jinja2

from .directives import escape
from .errors import LessonpackError, Location
from .files import write_atomic
from .jinja_compat import stream_position, traceback_template_lines
from .sandbox import HINT, LIMITS, BoundedSandbox, CallRefused, LimitError, Limits
from .template_cache import template_code_cache
from .template_data import CALLABLE, READ_HINT
from .template_filters import FILTERS, Markup, finalize
from .targets import default_templates_dir
from .template_loader import OUTSIDE_HINT, TemplateLoader

TEMPLATE_SUFFIX = ".md.j2"


@dataclass(frozen=True)
class TemplateSet:
    """Where templates come from: the course's own folder first, then the defaults."""

    course_dir: Path | None

    @property
    def search_path(self) -> list[Path]:
        dirs = [self.course_dir] if self.course_dir and self.course_dir.is_dir() else []
        for folder in dirs:
            if not folder.resolve().is_relative_to(folder.parent.resolve()):
                raise LessonpackError("the templates folder is a link to a folder outside the course",
                                      Location(folder), OUTSIDE_HINT)
        return [*dirs, default_templates_dir()]

    @functools.cached_property
    def _environment(self) -> BoundedSandbox:
        """One environment per template set, so each template is compiled once per process."""
        return self.environment()

    def environment(self, limits: Limits = LIMITS) -> BoundedSandbox:
        return BoundedSandbox(
            limits=limits,
            filters=FILTERS,
            markup=Markup,
            escape=escape,
            loader=TemplateLoader(self.search_path),
            undefined=jinja2.StrictUndefined,
            finalize=finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=template_code_cache(),
        )

    def compile(self, kind: str) -> None:
        """Compile a document kind's template ahead of its first document (a worker process forked
        afterwards has it); a mistake in it is left for `render` to report at its line."""
        try:
            self._environment.get_template(kind + TEMPLATE_SUFFIX)
        except Exception:  # whatever the template holds: render reports it where the document is made
            pass

    def kinds(self) -> list[str]:
        """Every document kind a lesson may ask for: top-level `*.md.j2` files."""
        found = {p.name[: -len(TEMPLATE_SUFFIX)] for d in self.search_path for p in d.glob("*" + TEMPLATE_SUFFIX)}
        return sorted(found)

    def origin(self, name: str) -> Path:
        """The file a template name resolves to, for error messages."""
        for d in self.search_path:
            if (d / name).is_file():
                return d / name
        return Path(name)


def render(templates: TemplateSet, kind: str, context: dict[str, Any], env: BoundedSandbox | None = None) -> str:
    """Render document kind `kind` with the context; template mistakes name the template line."""
    env = env or templates._environment
    env.reset()  # a fresh budget for each document
    name = kind + TEMPLATE_SUFFIX
    try:
        return _collect(env.get_template(name).generate(context), env)
    except LessonpackError:
        raise
    except Exception as exc:  # whatever a template provokes: 1/0, "x"|int + [], recursion, memory
        raise _template_error(exc, templates, kind, env) from None


def _template_error(exc: Exception, templates: TemplateSet, kind: str, env: BoundedSandbox) -> LessonpackError:
    """What went wrong in a template, as a message at its file and line with a hint."""
    name = kind + TEMPLATE_SUFFIX
    limits = HINT.format(**vars(env.limits))
    if isinstance(exc, jinja2.TemplateNotFound) and exc.name == name:
        return LessonpackError(f'no template for document kind "{kind}"', None,
                               hint="document kinds available: " + ", ".join(templates.kinds()))
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = Path(exc.filename) if exc.filename else templates.origin(name)
        return LessonpackError(f"template syntax error: {exc.message}", Location(file, exc.lineno or 0),
                               hint="check the {% … %} and {{ … }} tags on this line")
    where = Location(*_template_frame(exc, templates, name))
    if isinstance(exc, jinja2.TemplateNotFound):
        hint = "check the name in the {% include %}, {% import %} or {% extends %}"
        if exc.name and (exc.name.startswith("/") or ".." in exc.name or "\\" in exc.name):
            hint = "template names are relative to the templates folder: they cannot start with / or use .."
        return LessonpackError(f'template "{exc.name}" not found', where, hint)
    if isinstance(exc, jinja2.UndefinedError):
        return LessonpackError(f"template uses something that is not defined: {exc.message}", where,
                               "see docs/templates.md for the variables a template receives")
    if isinstance(exc, CallRefused):
        return LessonpackError(f"template tried something unsafe: {exc}", where,
                               f"a template may call only {CALLABLE} (see docs/templates.md)")
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return LessonpackError(f"template tried something unsafe: {exc}", where, READ_HINT)
    if isinstance(exc, LimitError):
        return LessonpackError(f"template stopped: {exc.message}", where, limits)
    if isinstance(exc, RecursionError):
        return LessonpackError("template stopped: templates include or call one another without end", where, limits)
    if isinstance(exc, MemoryError):
        return LessonpackError("template stopped: it needs more memory than this computer has", where, limits)
    message = exc.message if isinstance(exc, jinja2.TemplateError) else f"{exc} ({exc.__class__.__name__})"
    return LessonpackError(f"template error: {message}", where, "check the expression on this line")


def _collect(stream: Iterator[str], env: BoundedSandbox) -> str:
    """The template's output, stopped as soon as it grows past the output limit."""
    pieces, size = [], 0
    for piece in stream:
        size += len(piece)
        if size > env.limits.output:
            file, line = stream_position(stream)
            stream.close()  # type: ignore[attr-defined]
            raise LessonpackError(f"template stopped: it printed more than {env.limits.output:,} characters",
                                  Location(file, line) if file else None, HINT.format(**vars(env.limits)))
        pieces.append(piece)
    return "".join(pieces)


def _template_frame(exc: BaseException, templates: TemplateSet, name: str) -> tuple[Path, int]:
    """The innermost template file and line in a traceback (Jinja marks its frames).

    For templates nested too deep, the line one level out: the include or call that went too far.
    """
    found = [(templates.origin(name), 0), *traceback_template_lines(exc.__traceback__)]
    outer = getattr(exc, "nesting", False) or isinstance(exc, RecursionError)
    return found[-2] if outer and len(found) > 2 else found[-1]


def template_listing(templates: TemplateSet) -> list[tuple[str, Path, bool]]:
    """Every template name, the file it resolves to, and whether it is a document kind."""
    names: set[str] = set()
    for folder in templates.search_path:
        names |= {p.relative_to(folder).as_posix() for p in folder.rglob("*.j2")}
    return [(name, templates.origin(name), "/" not in name and name.endswith(TEMPLATE_SUFFIX))
            for name in sorted(names)]


def copy_default(course_templates: Path, name: str, force: bool = False) -> Path:
    """Copy a default template into the course's templates/ folder, to start customising it.

    Written like any output, inside the course folder: never through a templates/
    folder (or a folder inside it) that is a link, nor through a link planted at the file.
    """
    defaults = default_templates_dir()
    if not name.endswith(".j2"):
        name = name + TEMPLATE_SUFFIX if "/" not in name else name + ".md.j2"
    source = (defaults / name).resolve()
    if not source.is_relative_to(defaults.resolve()) or not source.is_file():
        known = ", ".join(n for n, _, _ in template_listing(TemplateSet(None)))
        raise LessonpackError(f'there is no default template "{name}"', hint=f"templates: {known}")
    target = course_templates / name
    if course_templates.resolve() == defaults.resolve():
        raise LessonpackError("this course's templates folder is the default set itself", Location(target),
                              hint="edit the file there, or make your own course in a folder of its own "
                                   "(with lessons/ and templates/) and copy templates into that")
    if os.path.lexists(target) and not force:
        raise LessonpackError("the course already has its own copy of this template", Location(target),
                              hint="edit that file, or use --force to replace it with the default")
    write_atomic(target, source.read_bytes(), within=course_templates.parent)
    return target


