"""Turn pydantic's validation errors into located messages a teacher can act on."""

from __future__ import annotations

import re
import types
from difflib import get_close_matches
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .errors import LessonpackError
from .field_docs import describe

if TYPE_CHECKING:
    from .yaml_document import YamlDocument

_MAPPING = "a mapping of keys to values"
_TEXT_HINTS = {
    "list": "this takes one piece of text, not a list: write the text after the colon, without '- ' items",
    "mapping": 'a colon followed by a space made YAML read this as "key: value"; put the whole text in quotes',
    "nothing": "write the text after the colon, or remove the line",
}
# pydantic error type -> what was expected, hint (None: chosen from what was received)
EXPECTED = {
    "int_parsing": ("a whole number", "write digits only, e.g. 4"),
    "int_type": ("a whole number", "write digits only, e.g. 4"),
    "int_from_float": ("a whole number", "write a number without a decimal point"),
    "float_parsing": ("a number", "write digits, e.g. 2.5"),
    "bool_parsing": ("true or false", "write true or false (yes, no, on and off are read as text)"),
    "bool_type": ("true or false", "write true or false (yes, no, on and off are read as text)"),
    "string_type": ("text", None),
    "list_type": ("a list", "write each item on its own line starting with '- ', indented under this key"),
    "dict_type": (_MAPPING, "write `key: value` lines indented under this one"),
    "model_type": (_MAPPING, "write `key: value` lines indented under this one"),
    "model_attributes_type": (_MAPPING, "write `key: value` lines indented under this one"),
}
# Patterns in the schema, as a teacher would describe them.
PATTERNS = {
    r"^[A-Z]$": ("a single capital letter, A to Z", "write the letter alone, e.g. letter: A"),
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$": ("a short name of letters, digits, - and _",
                                     "no spaces or other signs, e.g. 01-soviet-1905"),
}


def dotted(path: tuple) -> str:
    """`("questions", 2, "marks")` as `questions[2].marks`, the way messages show paths."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return f"{out} ({printed})" if (printed := as_printed(path)) else out or "(top level)"


def as_printed(path: tuple) -> str:
    """The question a path is in, as the full paper numbers it: "Question 3(b)", or ""."""
    if len(path) < 2 or path[0] != "questions" or not isinstance(path[1], int):
        return ""
    part = path[3] if len(path) > 3 and path[2] == "parts" and isinstance(path[3], int) else None
    letter = f"({chr(ord('a') + part)})" if part is not None and part < 26 else ""
    return f"Question {path[1] + 1}{letter}"


def shown(value: Any) -> str:
    """A received value as the message quotes it."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _received(value: Any) -> str:
    return "nothing" if value is None else "list" if isinstance(value, list) else \
        "mapping" if isinstance(value, dict) else "text"


def members(annotation: Any) -> list[Any]:
    """The types a value may have: `A | B | None` -> [A, B, None], `Annotated[A, …]` -> [A]."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return members(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in members(arg)]
    return [annotation]


def is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


class _Step:
    """Where a pydantic error location leads: the real path, union branch, model and field."""

    def __init__(self, model: type[BaseModel] | None, loc: tuple):
        self.path: tuple = ()
        self.branch: tuple[int, Any] | None = None  # (position in path, chosen member type)
        self.model: type[BaseModel] | None = model  # the model owning the last key
        self.field: FieldInfo | None = None
        self.field_name = ""
        annotation: Any = model
        for part in loc:
            options = [m for m in members(annotation) if m is not type(None)]
            if isinstance(part, str) and len(options) > 1:  # pydantic names the union member it tried
                chosen = next((m for m in options if getattr(m, "__name__", None) == part), None)
                self.branch, annotation = (len(self.path), chosen), chosen
                continue
            kind = options[0] if options else None
            self.path += (part,)
            if is_model(kind) and isinstance(part, str):
                self.model, self.field, self.field_name = kind, kind.model_fields.get(part), part
                annotation = self.field.annotation if self.field else None
            elif get_origin(kind) in (list, dict):
                annotation = get_args(kind)[-1] if get_args(kind) else None
            else:
                annotation = None


def model_places(root: type[BaseModel]) -> dict[type[BaseModel], str]:
    """Where each model is written in a file, e.g. Question -> "questions[…]", found breadth first."""
    places: dict[type[BaseModel], str] = {root: "(top level)"}
    todo: list[tuple[type[BaseModel], str]] = [(root, "")]
    while todo:
        model, path = todo.pop(0)
        for name, info in model.model_fields.items():
            listed = get_origin(info.annotation) is list
            for inner in _nested_models(info.annotation):
                if inner not in places:
                    places[inner] = f"{path}.{name}".lstrip(".") + ("[…]" if listed else "")
                    todo.append((inner, places[inner]))
    return places


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if is_model(annotation):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _nested_models(arg)]


def _unknown_key(root: type[BaseModel] | None, step: _Step) -> str:
    """A hint for an unknown key: a near spelling, the model it belongs to, or the keys allowed."""
    key = str(step.path[-1])
    allowed = list(step.model.model_fields) if step.model else []
    if close := get_close_matches(key, allowed, n=1, cutoff=0.6):
        return f'did you mean "{close[0]}"?'
    owners = [place for model, place in model_places(root).items() if key in model.model_fields] if root else []
    if owners:
        return (f'"{key}" belongs under {" or ".join(owners)}, not here: check its indentation '
                f"(keys of one mapping start in the same column)")
    if " " in key:
        return 'if this line is text that contains ": ", put the whole text in quotes'
    return f"allowed keys here: {', '.join(allowed)}" if allowed else "remove this key"


def _docstring_hint(step: _Step) -> str | None:
    name = next((p for p in reversed(step.path) if isinstance(p, str)), "")
    about = describe(step.field_name, step.model) if step.field else ""
    return f"{name}: {about}" if about else None


def _literal_hint(received: Any, expected: str) -> str:
    choices = re.findall(r"'([^']*)'", expected)
    close = get_close_matches(str(received), choices, n=1, cutoff=0.5) if isinstance(received, str) else []
    return f'did you mean "{close[0]}"?' if close else "write one of these exactly as shown"


def _one(err: dict, step: _Step, doc: "YamlDocument", root: type[BaseModel] | None) -> LessonpackError:
    """The located message for one pydantic error."""
    kind, path, value, ctx = err["type"], step.path, err.get("input"), err.get("ctx") or {}
    where = dotted(path)
    if kind == "extra_forbidden":
        return LessonpackError(f'{where}: unknown key "{path[-1]}"', doc.key_location(path), _unknown_key(root, step))
    if kind == "missing":
        parent = f"{dotted(path[:-1])}: " if path[:-1] else ""
        described = describe(step.field_name, step.model) if step.field else ""
        about = f" ({described})" if described else ""
        return LessonpackError(f'{parent}missing required key "{path[-1]}"', doc.location(path[:-1]),
                               f"add a line `{path[-1]}: …`{about}")
    if kind == "lesson_rule":
        field = ctx.get("field") or ()
        path += tuple(field) if isinstance(field, (tuple, list)) else (field,)
        return LessonpackError(f"{dotted(path)}: {ctx['message']}", doc.location(path), ctx.get("hint"))
    if kind in EXPECTED:
        expected, hint = EXPECTED[kind]
        if kind == "string_type":
            hint = _TEXT_HINTS.get(_received(value), "put the text in quotes")
        elif value is None:
            hint = "write the value after the colon, or remove the line if it is not needed"
        return LessonpackError(f"{where}: expected {expected}, but received {shown(value)}", doc.location(path), hint)
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return LessonpackError(f"{where}: expected one of {expected}, but received {shown(value)}",
                               doc.location(path), _literal_hint(value, expected))
    bounds = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
              "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}
    if kind in bounds:
        words, key = bounds[kind]
        return LessonpackError(f"{where}: expected {_range(step) or f'a number {words} {ctx.get(key)}'}, "
                               f"but received {shown(value)}", doc.location(path),
                               _docstring_hint(step) or "change the number")
    if kind == "string_pattern_mismatch":
        expected, hint = PATTERNS.get(ctx.get("pattern", ""), (f"text matching {ctx.get('pattern')}", None))
        return LessonpackError(f"{where}: expected {expected}, but received {shown(value)}", doc.location(path),
                               hint or _docstring_hint(step))
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return LessonpackError(f"{where}: expected at least {least} item{'s' if least != 1 else ''}, "
                               f"but received {ctx.get('actual_length', 0)}", doc.location(path),
                               "add an item on its own line starting with '- '")
    if kind == "too_long":  # a schema limit: see the limits in model_base.py and the *_model.py modules
        most, count = ctx.get("max_length"), ctx.get("actual_length", len(value) if isinstance(value, list) else 0)
        return LessonpackError(f"{where}: expected at most {most} items, but received {count}", doc.location(path),
                               f"the limit is {most}: remove some, or split the question in two")
    if kind == "string_too_long":
        most = ctx.get("max_length")
        received = f"{len(value):,}" if isinstance(value, str) else "more"
        return LessonpackError(f"{where}: expected at most {most:,} characters, but received {received}",
                               doc.location(path), f"the limit is {most:,} characters: shorten it")
    if kind == "string_too_short":
        return LessonpackError(f"{where}: expected some text, but it is empty", doc.location(path),
                               "write the text, or remove the line if it is not needed")
    message = err["msg"].removeprefix("Value error, ")
    return LessonpackError(f"{where}: {message}", doc.location(path),
                           _docstring_hint(step) or "see docs/lesson-format.md for what this key takes")


def _range(step: _Step) -> str | None:
    """"a whole number from 1 to 600", when the field has both bounds."""
    metadata = step.field.metadata if step.field else []
    low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in metadata if hasattr(m, "le")), None)
    kind = "a number" if step.field and float in members(step.field.annotation) else "a whole number"
    return f"{kind} from {low} to {high}" if low is not None and high is not None else None


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _pick_branches(items: list[tuple[dict, _Step]], doc: "YamlDocument") -> list[tuple[dict, _Step] | LessonpackError]:
    """Of a union's failed members, keep the one the teacher meant: a mapping means the model."""
    out: list[tuple[dict, _Step] | LessonpackError] = []
    groups: dict[tuple, list[tuple[dict, _Step]]] = {}
    for err, step in items:
        if step.branch is None:
            out.append((err, step))
        else:
            groups.setdefault(step.path[:step.branch[0]], []).append((err, step))
    for at, group in groups.items():
        value = _value_at(doc.data, at)
        wanted = [] if isinstance(value, list) else \
            [(e, s) for e, s in group if is_model(s.branch[1]) == isinstance(value, dict)]
        if wanted:
            out.extend(wanted)
            continue
        kinds = " or ".join(dict.fromkeys(_MAPPING if is_model(s.branch[1]) else "text" for _, s in group))
        out.append(LessonpackError(f"{dotted(at)}: expected {kinds}, but received {shown(value)}",
                                   doc.location(at), "write the text after the '- ' (or `key: value` lines "
                                                     "under it); a list cannot go here"))
    return out


def pydantic_errors(exc: ValidationError, doc: "YamlDocument",
                    model: type[BaseModel] | None = None) -> list[LessonpackError]:
    """One located LessonpackError per problem pydantic found, in file order."""
    items = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        items.append((err, _Step(model, loc) if model else _plain_step(loc)))
    found: dict[tuple, LessonpackError] = {}
    for item in _pick_branches(items, doc):
        error = item if isinstance(item, LessonpackError) else _one(*item, doc, model)
        found.setdefault((error.message, str(error.location)), error)
    return sorted(found.values(), key=lambda e: (e.location.line, e.location.column) if e.location else (0, 0))


def _plain_step(loc: tuple) -> _Step:
    step = _Step(None, ())
    step.path = loc
    return step
