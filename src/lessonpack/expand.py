"""Expand a lesson through its Jinja2 template into markup, safely.

Templates run in Jinja2's immutable sandbox with StrictUndefined, inside the
allow-lists and limits of sandbox.py (what may be read, called and printed;
steps, seconds, output size, nesting). Every value a
template prints is escaped for the markup unless the template marks it as markup
itself, so essay and lesson text always print literally. Templates are read only
from regular files inside the template folders, so a shared template cannot
include a file from elsewhere on the computer. Whatever goes wrong inside a
template is reported as a LessonpackError naming the template file and line.
"""

from __future__ import annotations

import functools
import re
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token

from .errors import LessonpackError, Location
from .files import write_atomic
from .inputs import decode_text, read_input
from .jinja_compat import split_template_path, stream_position, traceback_template_lines
from .markup import escape
from .sandbox import HINT, LIMITS, BoundedSandbox, CallRefused, LimitError, Limits
from .template_data import CALLABLE, READ_HINT, describe, is_data
from .text import clean_text

TEMPLATE_SUFFIX = ".md.j2"
MAX_TEMPLATE_BYTES = 1_000_000
_OUTSIDE_HINT = ("templates are read only from the course's templates/ folder and lessonpack's defaults; "
                 "copy the file into templates/ instead of linking to it")


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
    if not is_data(value):  # its repr would name classes and modules
        raise jinja2.exceptions.SecurityError(f"the template printed {describe(value)}, "
                                              "which is not text, a number or a list")
    return escape(str(value))


def _as_markup(value: Any) -> Markup:
    """Filter `markup`: print a value as markup, not as literal text."""
    return Markup(str(value))


def _whole(value: Any, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise jinja2.TemplateRuntimeError(f'the {what} filter needs a whole number, not "{value}"') from None


def _letter(index: int) -> str:
    """Filter `letter`: 1 -> "a", 2 -> "b", for question parts and options."""
    number = _whole(index, "letter")
    if not 1 <= number <= 26:
        raise jinja2.TemplateRuntimeError(f"the letter filter needs a number from 1 to 26, not {number}")
    return "abcdefghijklmnopqrstuvwxyz"[number - 1]


def _attr(value: Any, *rest: Any) -> Markup:
    """Filter `attr`: a directive option value, quoted and escaped.

    It replaces Jinja's own `attr` filter, the classic way out of a sandbox
    (`|attr('__class__')`), so asking it for an attribute is refused.
    """
    if rest:
        raise jinja2.exceptions.SecurityError("attr(…) here quotes a directive option; "
                                              "it cannot look up attributes")
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return Markup(f'"{text}"')


def _oneline(value: Any) -> str:
    """Filter `oneline`: the value with its line and paragraph breaks as spaces.

    For table cells: a line break inside `| … |` would end the row and scatter the
    rest of the table.
    """
    return " ".join(str(value).split())


def _marks(value: int) -> str:
    """Filter `marks`: 1 -> "1 mark", 4 -> "4 marks"."""
    return f"{value} mark" if _whole(value, "marks") == 1 else f"{value} marks"


class _Loader(jinja2.BaseLoader):
    """Reads a template only from a regular file inside one of the template folders.

    Jinja's FileSystemLoader already refuses `..` in names; this also refuses
    symlinks that lead out of the folders, FIFOs and devices (reading them
    could hang), huge files, and text that is not UTF-8, with the file named.
    """

    def __init__(self, folders: list[Path]):
        self.folders = folders
        self.real = [f.resolve() for f in folders]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)
        for i, folder in enumerate(self.folders):
            path = folder.joinpath(*pieces)
            if os.path.lexists(path):
                stamp = _stamp(path)
                earlier = [f.joinpath(*pieces) for f in self.folders[:i]]

                def uptodate() -> bool:
                    # Changed, or now overridden by a course template: compile it again (watch mode).
                    return _stamp(path) == stamp and not any(map(os.path.lexists, earlier))

                return _read_template(path, self.real), str(path), uptodate
        raise jinja2.TemplateNotFound(template)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _read_template(path: Path, folders: list[Path]) -> str:
    try:
        real = path.resolve()
        info = real.stat()
    except (OSError, RuntimeError) as exc:  # a broken or looping link
        raise LessonpackError(f"cannot read the template: {getattr(exc, 'strerror', None) or exc}",
                              Location(path), _OUTSIDE_HINT) from None
    if not any(real.is_relative_to(folder) for folder in folders):
        raise LessonpackError("the template is a link to a file outside the template folders",
                              Location(path), _OUTSIDE_HINT)
    if not stat.S_ISREG(info.st_mode):
        raise LessonpackError("the template is not a regular file", Location(path),
                              "a template must be a plain-text .md.j2 file")
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise LessonpackError(f"the template is larger than {MAX_TEMPLATE_BYTES // 1000} kB", Location(path),
                              "a template describes a document's layout; put long text in the lesson or essay")
    folder = next(folder for folder in folders if real.is_relative_to(folder))
    raw = read_input(real, within=folder, limit=MAX_TEMPLATE_BYTES, where=Location(path), what="the template")
    text = decode_text(raw, path, "a template must be a plain-text .md.j2 file", allow_nul=True)
    cleaned, notes = clean_text(text)
    if notes:  # they would reach the page (or crash the DOCX writer): say where, rather than guess
        plain = text.replace("\r\n", "\n").replace("\r", "\n")  # line endings are not reported
        first = next(i for i, (a, b) in enumerate(zip(plain, cleaned + "\0")) if a != b)
        raise LessonpackError(f"the template contains invisible characters: {'; '.join(notes)}",
                              Location(path, plain.count("\n", 0, first) + 1),
                              "retype the line, or delete the characters with an editor that shows them")
    return text


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
                                      Location(folder), _OUTSIDE_HINT)
        return [*dirs, default_templates_dir()]

    @functools.cached_property
    def _environment(self) -> BoundedSandbox:
        """One environment per template set, so each template is compiled once per process."""
        return self.environment()

    def environment(self, limits: Limits = LIMITS) -> BoundedSandbox:
        return BoundedSandbox(
            limits=limits,
            filters=dict(markup=_as_markup, letter=_letter, attr=_attr, marks=_marks, oneline=_oneline),
            markup=Markup,
            escape=escape,
            loader=_Loader(self.search_path),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

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


# ------------------------------------------------------------ where markup came from

_TAG = re.compile("\x00(\\d+):(\\d+)\x00")


class _LineTags(Extension):
    """Marks every piece of template text with its file and line, to trace bad markup back."""

    def filter_stream(self, stream):
        files = self.environment.tagged_files
        name = stream.filename or stream.name or "?"
        if name not in files:
            files.append(name)
        index = files.index(name)
        for token in stream:
            if token.type == "data":
                pieces = token.value.split("\n")
                yield Token(token.lineno, "data", "\n".join(
                    f"\x00{index}:{token.lineno + i}\x00{piece}" for i, piece in enumerate(pieces)))
            else:
                yield token


def _line_origin(line: str):
    found, pos = None, 0
    for match in _TAG.finditer(line):
        if line[pos:match.start()].strip() and found is not None:
            return found
        found, pos = match, match.end()
    return found


def locate(templates: TemplateSet, kind: str, context: dict[str, Any], output_line: int) -> tuple[Path, int] | None:
    """The template file and line that produced a line of a document's markup.

    Rendering again with every piece of template text tagged costs a little, so
    it is done only when the markup has a mistake to report.
    """
    env = templates.environment()
    env.tagged_files = []  # type: ignore[attr-defined]
    env.add_extension(_LineTags)
    try:
        text = env.get_template(kind + TEMPLATE_SUFFIX).render(context)
    except Exception:  # the first render succeeded; any surprise here just means "unknown"
        return None
    for line in text.split("\n")[max(output_line - 1, 0):]:
        if tag := _line_origin(line):
            return Path(env.tagged_files[int(tag[1])]), int(tag[2])  # type: ignore[attr-defined]
    return None
