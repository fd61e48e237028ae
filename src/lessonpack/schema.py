"""The lesson format, described for editors (JSON Schema) and for people (Markdown), from the models' docstrings."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .field_docs import with_descriptions
from .files import write_atomic
from .course_model import Course
from .lesson import Lesson
from .question_model import QUESTION_NEEDS, QUESTION_TYPES, LessonQuestion
from .validation import PATTERNS, is_model, members

MODELS = {"course": Course, "lesson": Lesson}
"""Which model describes which kind of file: `course.schema.json`, `lesson.schema.json`."""
DIALECT = "https://json-schema.org/draft/2020-12/schema"
REFERENCE_START = "<!-- reference: made by `lessonpack schema --markdown`; do not edit by hand -->"
REFERENCE_END = "<!-- end of reference -->"


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema an editor uses to complete and check a file of this model."""
    with_descriptions(models_in(model, []))  # the docstrings are the schema's descriptions
    return {"$schema": DIALECT, **model.model_json_schema()}


def schema_files() -> dict[str, str]:
    """File name -> text of every schema, exactly as `lessonpack schema` writes them."""
    return {f"{name}.schema.json": json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"
            for name, model in MODELS.items()}


def write_schemas(folder: Path) -> list[Path]:
    """Write the schemas into folder; return the paths written."""
    written = []
    for name, text in schema_files().items():
        write_atomic(folder / name, text.encode("utf-8"))
        written.append(folder / name)
    return written


def models_in(root: type[BaseModel], found: list[type[BaseModel]]) -> list[type[BaseModel]]:
    """root and every model inside it, depth first in field order, as the reference lists them."""
    if root not in found:
        found.append(root)
        for info in root.model_fields.values():
            for inner in _inner(info.annotation):
                models_in(inner, found)
    return found


def _inner(annotation: Any) -> list[type[BaseModel]]:
    if is_model(annotation):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _inner(arg)]


def doc_name(model: type[BaseModel]) -> str:
    """A model's name in the docs and the JSON Schema: its title, else its class name."""
    return model.model_config.get("title") or model.__name__


def _anchor(model: type[BaseModel]) -> str:
    return f"[{doc_name(model)}](#{doc_name(model).lower()})"


def kind_text(annotation: Any) -> str:
    """A field's type in a teacher's words."""
    kinds = [m for m in members(annotation) if m is not type(None)]
    if len(kinds) > 1:
        return " or ".join(kind_text(k) for k in kinds)
    kind = kinds[0] if kinds else annotation
    origin, args = get_origin(kind), get_args(kind)
    if is_model(kind):
        return _anchor(kind)
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {kind_text(args[0])}"
    if origin is dict:
        return f"mapping of {kind_text(args[0])} to {kind_text(args[1])}"
    return {str: "text", int: "whole number", bool: "`true` or `false`", float: "number"}.get(kind, str(kind))


def constraints_text(info: FieldInfo) -> str:
    bounds = {m.__class__.__name__: m for m in info.metadata}
    low = getattr(bounds.get("Ge"), "ge", None)
    high = getattr(bounds.get("Le"), "le", None)
    parts = []
    if low is not None or high is not None:
        parts.append(f"{low if low is not None else '…'} to {high if high is not None else '…'}")
    for meta in info.metadata:
        if pattern := getattr(meta, "pattern", None):
            parts.append(PATTERNS.get(pattern, (f"matching `{pattern}`",))[0])
        if (least := getattr(meta, "min_length", None)) is not None:
            parts.append(f"at least {least}")
        if (most := getattr(meta, "max_length", None)) is not None:
            parts.append(f"at most {most:,} {'items' if get_origin(info.annotation) is list else 'characters'}")
    return f" ({', '.join(parts)})" if parts else ""


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    value = info.default
    if value is None or value == "" or value is PydanticUndefined:
        return "—"
    if isinstance(value, BaseModel) or value in ([], {}):
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return "`[" + ", ".join(map(str, value)) + "]`"
    return f"`{value}`"


def table_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def model_reference(model: type[BaseModel]) -> str:
    """One model's section: its docstring, then a table of its keys."""
    lines = [f"### {doc_name(model)}", "", inspect.cleandoc(model.__doc__ or ""), "",
             "| key | takes | default | what it is |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        lines.append(f"| `{info.alias or name}` | {table_cell(kind_text(info.annotation) + constraints_text(info))} | {_default(info)} "
                     f"| {table_cell(info.description or '')} |")
    return "\n".join(lines)


def question_types() -> str:
    """The table of question types and the keys each one needs."""
    lines = ["### Question types", "", "Every question needs `prompt` and `marks`; some types need more:", "",
             "| type | also needs |", "| --- | --- |"]
    for kind in QUESTION_TYPES:
        needs = ", ".join(f"`{k}`" for k in QUESTION_NEEDS.get(kind, ())) or "—"
        lines.append(f"| `{kind}` | {needs} |")
    return "\n".join(lines)


def reference_markdown() -> str:
    """The reference part of docs/lesson-format.md: every model and field, from the docstrings."""
    body = []
    with_descriptions(models_in(Course, models_in(Lesson, [])))
    for model in models_in(Course, models_in(Lesson, [])):
        body.append(model_reference(model))
        if model is LessonQuestion:
            body.append(question_types())
    return "\n\n".join([REFERENCE_START, *body, REFERENCE_END]) + "\n"


def reference_in(text: str) -> str | None:
    """The reference part of a Markdown document, markers included, or None."""
    start, end = text.find(REFERENCE_START), text.find(REFERENCE_END)
    if start < 0 or end < start:
        return None
    return text[start:end + len(REFERENCE_END)] + "\n"
