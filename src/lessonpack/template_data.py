"""What a template may read, call and print: data, Jinja's own helpers, and a short allow-list.

Templates get `Record`s (read-only mappings), lists, text and numbers, never a
model or library object, so no method of one is within reach; sandbox.py enforces
the rules written down here (docs/templates.md lists the same).
"""

from __future__ import annotations

import difflib
import types
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any

import jinja2

from .jinja_compat import BlockReference, LoopContext, Macro, Namespace, TemplateModule, TemplateReference

STRING_METHODS = frozenset({
    "upper", "lower", "title", "capitalize", "casefold", "swapcase", "strip", "lstrip", "rstrip",
    "split", "rsplit", "splitlines", "partition", "rpartition", "startswith", "endswith", "replace",
    "join", "count", "find", "rfind", "center", "ljust", "rjust", "zfill", "removeprefix", "removesuffix",
    "isalpha", "isalnum", "isdigit", "isnumeric", "isspace", "islower", "isupper", "istitle",
})
"""The string methods a template may call: they read or reshape text, nothing else."""
MAPPING_METHODS = frozenset({"items", "keys", "values", "get"})
LOOP_METHODS = frozenset({"cycle", "changed"})
CALLABLE = ("macros and caller(), loop(…) in a recursive loop, loop.cycle(…), loop.changed(…), "
            "self.<block>() and super(), range(…), dict(…), namespace(…), items(), keys(), values() and "
            "get(…) of a mapping, and the string methods " + ", ".join(sorted(STRING_METHODS)))
"""What a template may call, for the hint of a refusal (docs/templates.md lists the same)."""

READ_HINT = ("a template may read and print the lesson's data (text, numbers, lists and mappings) and nothing "
             "else; names starting with _ are never readable (see docs/templates.md)")
"""The hint of a refused read or print."""

_SCALARS = (str, int, float, range, type(None), jinja2.Undefined)
_SEQUENCES = (list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)


_SCALARS = (str, int, float, range, type(None), jinja2.Undefined)
_SEQUENCES = (list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)


class Record(Mapping):
    """A read-only mapping of template data: read a key with a dot (`q.prompt`) or brackets.

    Templates get records instead of the models they are made from, so no method
    of a model or library is within reach; `name` says what it is, in messages.
    """

    __slots__ = ("_items", "_name")

    def __init__(self, items: dict[str, Any], name: str = "mapping"):
        self._items, self._name = items, name

    def __getitem__(self, key: Any) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return repr(self._items)

    def missing(self, key: Any) -> str:
        """The message for a key it does not have, with the nearest one it has."""
        close = difflib.get_close_matches(str(key), [str(k) for k in self._items], n=1)
        return f"{self._name} has no {key!r}" + (f"; did you mean {close[0]!r}?" if close else "")


READABLE = (str, int, float, range, list, tuple, dict, Record, LoopContext, Namespace, TemplateReference,
             TemplateModule, Macro, BlockReference)
"""Objects whose (public) attributes a template may read: data and Jinja's own helpers."""


def is_data(value: Any) -> bool:
    """Whether a value is data a template may print: text, numbers, lists and mappings of them.

    Records are data by construction. A lazy result of a filter (`selectattr`,
    `map`) passes: its items are checked when they are used.
    """
    if isinstance(value, (_SCALARS, Record)):
        return True
    if isinstance(value, dict):
        return all(is_data(k) and is_data(v) for k, v in value.items())
    if isinstance(value, _SEQUENCES):
        return all(is_data(item) for item in value)
    return isinstance(value, (Iterator, types.GeneratorType)) and not callable(value)


def describe(value: Any) -> str:
    """What a value that is not data is, in a few words."""
    if isinstance(value, Macro):
        return f"the macro {value.name}"
    if isinstance(value, LoopContext):
        return "loop"
    if isinstance(value, (TemplateReference, TemplateModule)):
        return "a template"
    if isinstance(value, Namespace):
        return "a namespace (print one of its values instead)"
    if callable(value):
        return f"the function {getattr(value, '__name__', '').lstrip('_')}".rstrip()
    return f"a {type(value).__name__} object"


def is_allowed_method(obj: Any) -> bool:
    """Whether obj is a method on the allow-list: a string method, a mapping's items/keys/values/get,
    or loop.cycle and loop.changed."""
    owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", "")
    if not isinstance(obj, (types.MethodType, types.BuiltinMethodType)):
        return False
    return (isinstance(owner, str) and name in STRING_METHODS
            or isinstance(owner, (dict, Record)) and name in MAPPING_METHODS
            or isinstance(owner, LoopContext) and name in LOOP_METHODS)
