"""The code of the methods `dataclasses` writes for each class, compiled once a machine.

Python's `dataclasses` writes each class's `__init__`, `__repr__`, `__eq__`, `__hash__` and, for a
frozen class, `__setattr__` and `__delattr__` as source text and compiles it with `exec` at every
start: 561 texts, about 55 ms of CPU (a tenth) of a `lessonpack validate` on a loaded machine, 20 of
them for `document.py`'s thirty blocks. Code compiled from the same text by the same Python is the
same, so the command keeps it in the cache folder (`fonts/cache.py`, which reads only a folder of
the user's own, as Python reads its own bytecode), an entry per module making dataclasses (read when
it makes its first, so `--help` reads few), keyed by Python's version and bytecode magic number, and
hands `dataclasses` the compiled code for a text it has seen: `exec(code, ...)` is `exec(text, ...)`.
A text not seen before is compiled as Python would, and its module's entry written again at exit. Only the `lessonpack` command does this (`cli.py`); lessonpack imported as a library leaves
`dataclasses` alone.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import importlib.util
import marshal
import sys
import types

from .fonts.cache import recall, store

NAMESPACE = "dataclass-code"
_KEPT: dict[str, dict[str, types.CodeType]] = {}
"""By module (the one making the classes): each method text's code, read from the cache when the
module first makes a dataclass, so a command making few classes reads few entries."""
_NEW: set[str] = set()
"""The modules that compiled a text not kept before: their entries are written again at exit."""


def install() -> None:
    """Give `dataclasses` the kept code from now on (once a process; not where it has its own exec)."""
    if "exec" in vars(dataclasses):
        return
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # dataclasses looks `exec` up as a global
    atexit.register(_save)


def _exec(source, globals=None, locals=None):  # noqa: A002  (exec's own names)
    """`exec`, with a method's source text replaced by its compiled code."""
    if isinstance(source, str):
        module = str((globals or {}).get("__name__", ""))
        codes = _KEPT.get(module)
        if codes is None:
            codes = _KEPT[module] = _recalled(module)
        code = codes.get(source)
        if code is None:
            code = codes[source] = compile(source, "<string>", "exec")  # as exec compiles a text
            _NEW.add(module)
        source = code
    return builtins.exec(source, globals, locals)


def _recalled(module: str) -> dict[str, types.CodeType]:
    found = recall(NAMESPACE, _key(module))
    if found is not None:
        try:
            kept = marshal.loads(found)
            if isinstance(kept, dict):
                return {text: code for text, code in kept.items()
                        if isinstance(text, str) and isinstance(code, types.CodeType)}
        except (ValueError, EOFError, TypeError):
            pass  # not what `_save` writes: compiled again
    return {}


def _save() -> None:
    for module in sorted(_NEW):
        store(NAMESPACE, _key(module), marshal.dumps(_KEPT[module]))
    _NEW.clear()


def _key(module: str) -> str:
    return f"{module}|{sys.version}|{importlib.util.MAGIC_NUMBER.hex()}"
