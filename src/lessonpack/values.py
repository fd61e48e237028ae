"""Value types the lesson schema shares: strict true/false, paragraph ranges, rule errors with hints."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

_TRUTH = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _truth(value: Any) -> Any:
    """Only YAML 1.2's true/false are booleans, as in the JSON Schema: "yes" and "no" stay text."""
    return _TRUTH.get(value.strip(), value) if isinstance(value, str) else value


Bool = Annotated[bool, BeforeValidator(_truth), Strict()]
"""true or false, and nothing else: `yes`, `no`, `on`, `off` are refused rather than guessed."""

ParagraphRange = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
                           WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^\s*\d+\s*([-–]\s*\d+\s*)?$"},
                                                     {"type": "integer", "minimum": 1}]})]
"""A paragraph number or range; the editor's YAML reads `4` as a number, so both are accepted."""


def rule(message: str, hint: str, field: str | tuple | None = None) -> PydanticCustomError:
    """A broken rule between fields, with the hint (and the field, or path of keys, to point at) the error
    report shows."""
    # The message goes in the context, not the template: user text may contain braces.
    return PydanticCustomError("lesson_rule", "{message}", {"hint": hint, "field": field, "message": message})
