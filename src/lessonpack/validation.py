"""Turn pydantic's validation errors into located messages a teacher can act on."""

from __future__ import annotations

from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from .errors import LessonpackError

if TYPE_CHECKING:
    from .yamlload import YamlDocument

# pydantic error type -> (what was expected, hint)
EXPECTED = {
    "int_parsing": ("a whole number", "write digits only, e.g. 4"),
    "int_type": ("a whole number", "write digits only, e.g. 4"),
    "int_from_float": ("a whole number", "write a number without a decimal point"),
    "float_parsing": ("a number", "write digits, e.g. 2.5"),
    "bool_parsing": ("true or false", "write true or false"),
    "string_type": ("text", "put the text in quotes"),
    "list_type": ("a list", "write each item on its own line starting with '- '"),
    "dict_type": ("a mapping of keys to values", "write `key: value` lines indented under this one"),
    "model_type": ("a mapping of keys to values", "write `key: value` lines indented under this one"),
    "model_attributes_type": ("a mapping of keys to values", "write `key: value` lines indented under this one"),
    "literal_error": (None, None),
    "enum": (None, None),
    "greater_than_equal": (None, None),
    "less_than_equal": (None, None),
    "greater_than": (None, None),
    "string_too_short": ("some text", "this field cannot be empty"),
    "too_short": (None, "add at least one item"),
}


def dotted(path: tuple) -> str:
    """`("questions", 2, "marks")` as `questions[2].marks`, the way messages show paths."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def shown(value: Any) -> str:
    """A received value as the message quotes it."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def model_fields_at(model: type[BaseModel], path: tuple) -> list[str]:
    """The field names allowed at a path inside a model, for "did you mean" hints."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The model inside `list[M]`, `M | None`, `dict[str, M]` and similar."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def pydantic_errors(exc: ValidationError, doc: "YamlDocument",
                    model: type[BaseModel] | None = None) -> list[LessonpackError]:
    """One located LessonpackError per problem pydantic found, in file order."""
    found: list[LessonpackError] = []
    for err in exc.errors(include_url=False):
        path = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        kind = err["type"]
        where = dotted(path)
        if kind == "extra_forbidden":
            key = str(path[-1])
            allowed = model_fields_at(model, path[:-1]) if model else []
            close = get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = (f'did you mean "{close[0]}"?' if close
                    else f"allowed keys here: {', '.join(allowed)}" if allowed
                    else "remove this key")
            found.append(LessonpackError(f'{where}: unknown key "{key}"', doc.key_location(path), hint))
            continue
        if kind == "missing":
            parent = dotted(path[:-1])
            found.append(LessonpackError(
                f'{parent + ": " if path[:-1] else ""}missing required key "{path[-1]}"',
                doc.location(path[:-1]), f'add a line `{path[-1]}: …`'))
            continue
        expected, hint = EXPECTED.get(kind, (None, None))
        if kind == "value_error" or expected is None:
            message = err["msg"].removeprefix("Value error, ")
            ctx = err.get("ctx") or {}
            if kind in ("literal_error", "enum") and "expected" in ctx:
                message = f"expected one of {ctx['expected']}, but received {shown(err.get('input'))}"
            found.append(LessonpackError(f"{where}: {message}", doc.location(path), hint))
            continue
        found.append(LessonpackError(
            f"{where}: expected {expected}, but received {shown(err.get('input'))}",
            doc.location(path), hint))
    return sorted(found, key=lambda e: (e.location.line if e.location else 0, e.location.column if e.location else 0))
