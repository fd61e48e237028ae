"""Expand a lesson through its Jinja2 template into markup, safely.

Templates run in Jinja2's immutable sandbox with StrictUndefined. Every value a
template prints is escaped for the markup unless the template marks it as markup
itself, so essay and lesson text always print literally.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import LessonpackError, Location
from .markup import escape

TEMPLATE_SUFFIX = ".md.j2"


class Markup(str):
    """Text that is already markup: printed by templates without escaping."""


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


def _finalize(value: Any) -> str:
    if isinstance(value, Markup):
        return value
    if value is None:
        raise jinja2.TemplateRuntimeError(
            "the template printed a value that is empty (None); wrap it in {% if … %}")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape(str(value))


def _as_markup(value: Any) -> Markup:
    """Filter `markup`: print a value as markup, not as literal text."""
    return Markup(str(value))


def _letter(index: int) -> str:
    """Filter `letter`: 1 -> "a", 2 -> "b", for question parts and options."""
    return "abcdefghijklmnopqrstuvwxyz"[int(index) - 1]


def _attr(value: Any) -> Markup:
    """Filter `attr`: a directive option value, quoted and escaped."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return Markup(f'"{text}"')


def _marks(value: int) -> str:
    """Filter `marks`: 1 -> "1 mark", 4 -> "4 marks"."""
    return f"{value} mark" if int(value) == 1 else f"{value} marks"


@dataclass(frozen=True)
class TemplateSet:
    """Where templates come from: the course's own folder first, then the defaults."""

    course_dir: Path | None

    @property
    def search_path(self) -> list[Path]:
        dirs = [self.course_dir] if self.course_dir and self.course_dir.is_dir() else []
        return [*dirs, default_templates_dir()]

    @functools.cached_property
    def _environment(self) -> ImmutableSandboxedEnvironment:
        """One environment per template set, so each template is compiled once per process."""
        return self.environment()

    def environment(self) -> ImmutableSandboxedEnvironment:
        env = ImmutableSandboxedEnvironment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.search_path]),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update(markup=_as_markup, letter=_letter, attr=_attr, marks=_marks)
        return env

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


def render(templates: TemplateSet, kind: str, context: dict[str, Any]) -> str:
    """Render document kind `kind` with the context; template mistakes name the template line."""
    env = templates._environment
    name = kind + TEMPLATE_SUFFIX
    try:
        template = env.get_template(name)
        return template.render(context)
    except jinja2.TemplateNotFound as exc:
        if exc.name == name:
            raise LessonpackError(f'no template for document kind "{kind}"', None,
                                  hint="document kinds available: " + ", ".join(templates.kinds())) from None
        raise LessonpackError(f'template "{exc.name}" not found', Location(templates.origin(name)),
                              hint="check the name in the {% include %} or {% import %}") from None
    except jinja2.TemplateSyntaxError as exc:
        file = Path(exc.filename) if exc.filename else templates.origin(name)
        raise LessonpackError(f"template syntax error: {exc.message}", Location(file, exc.lineno or 0),
                              hint="check the {% … %} and {{ … }} tags on this line") from None
    except jinja2.UndefinedError as exc:
        file, line = _template_frame(exc, templates, name)
        raise LessonpackError(f"template uses something that is not defined: {exc.message}",
                              Location(file, line),
                              hint="see docs/templates.md for the variables a template receives") from None
    except jinja2.exceptions.SecurityError as exc:
        file, line = _template_frame(exc, templates, name)
        raise LessonpackError(f"template tried something unsafe: {exc}", Location(file, line),
                              hint="templates may only read the lesson's data") from None
    except jinja2.TemplateError as exc:
        file, line = _template_frame(exc, templates, name)
        raise LessonpackError(f"template error: {exc.message}", Location(file, line)) from None


def _template_frame(exc: BaseException, templates: TemplateSet, name: str) -> tuple[Path, int]:
    """The innermost template file and line in a traceback (Jinja marks its frames)."""
    tb = exc.__traceback__
    found = (templates.origin(name), 0)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2"):
            # Jinja rewrites tracebacks so template frames carry the template's own line
            # numbers; a frame it did not rewrite still knows its template.
            template = tb.tb_frame.f_globals.get("__jinja_template__")
            line = template.get_corresponding_lineno(tb.tb_lineno) if template else tb.tb_lineno
            found = (Path(code.co_filename), line)
        tb = tb.tb_next
    return found


def template_listing(templates: TemplateSet) -> list[tuple[str, Path, bool]]:
    """Every template name, the file it resolves to, and whether it is a document kind."""
    names: set[str] = set()
    for folder in templates.search_path:
        names |= {p.relative_to(folder).as_posix() for p in folder.rglob("*.j2")}
    return [(name, templates.origin(name), "/" not in name and name.endswith(TEMPLATE_SUFFIX))
            for name in sorted(names)]


def copy_default(course_templates: Path, name: str, force: bool = False) -> Path:
    """Copy a default template into the course's templates/ folder, to start customising it."""
    import shutil

    defaults = default_templates_dir()
    if not name.endswith(".j2"):
        name = name + TEMPLATE_SUFFIX if "/" not in name else name + ".md.j2"
    source = (defaults / name).resolve()
    if not source.is_relative_to(defaults.resolve()) or not source.is_file():
        known = ", ".join(n for n, _, _ in template_listing(TemplateSet(None)))
        raise LessonpackError(f'there is no default template "{name}"', hint=f"templates: {known}")
    target = course_templates / name
    if target.exists() and not force:
        raise LessonpackError("the course already has its own copy of this template", Location(target),
                              hint="edit that file, or use --force to replace it with the default")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
