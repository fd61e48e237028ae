"""The models' field descriptions: the docstring under each field in its class's source, read
only when something prints one.

pydantic's `use_attribute_docstrings` reads every model class's source with `inspect` while
the class is made, about a sixth of importing the loader, in every command; yet only
`lessonpack schema`, the template reference and a mistake's hint print a description. So the
models are made without it, and the same docstrings are read here when first asked for: a
field's own `Field(description=…)` first, else the docstring under it in the class that
declares it (a subclass that does not declare it again has its parent's).
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import cache
from typing import Any

from pydantic import BaseModel


@cache
def descriptions(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> description, for the fields of `model` that have one."""
    found: dict[str, str] = {}
    for name, info in model.model_fields.items():
        declared_in = next((cls for cls in model.__mro__ if name in cls.__dict__.get("__annotations__", {})), None)
        about = info.description or (declared_in and _docstrings(declared_in).get(name))
        if about:
            found[name] = about
    return found


def describe(name: str, model: type[BaseModel] | None) -> str:
    """One field's description, or "" (no model, no such field, no docstring)."""
    return descriptions(model).get(name, "") if model is not None else ""


def with_descriptions(models: list[type[BaseModel]]) -> None:
    """Give every field of these models its description, as `use_attribute_docstrings` would have,
    and build their schemas again (nested models first), for the JSON Schema that carries them."""
    changed = False
    for model in models:
        for name, about in descriptions(model).items():
            info = model.model_fields[name]
            if info.description is None:
                info.description = about
                changed = True
    if changed:
        for model in _inner_first(models):
            model.model_rebuild(force=True)


def _inner_first(models: list[type[BaseModel]]) -> list[type[BaseModel]]:
    """The models ordered so each comes after the models its fields hold."""
    ordered: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in ordered:
            return
        ordered.append(model)  # placed now, so a cycle stops here; moved after its inner models below
        for info in model.model_fields.values():
            for inner in _models_in(info.annotation):
                visit(inner)
        ordered.remove(model)
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


@cache
def _docstrings(cls: type) -> dict[str, str]:
    """The docstrings under the annotated names of a class body, as pydantic reads them."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0] if tree.body and isinstance(tree.body[0], ast.ClassDef) else None
    if body is None:
        return {}
    visitor = _Docstrings()
    visitor.generic_visit(body)
    return visitor.found


class _Docstrings(ast.NodeVisitor):
    """A string statement right after an annotated name documents it (pydantic's rule)."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}
        self.target: str | None = None
        self.previous: type[ast.AST] | None = None

    def visit(self, node: ast.AST) -> Any:
        result = super().visit(node)
        self.previous = type(node)
        return result

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name):
            self.target = node.target.id

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str) \
                and self.previous is ast.AnnAssign:
            if self.target:
                self.found[self.target] = inspect.cleandoc(node.value.value)
            self.target = None

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # a nested class's fields are not this one's
        pass

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        pass

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        pass
