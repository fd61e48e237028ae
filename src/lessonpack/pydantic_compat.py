"""Everything lessonpack relies on in pydantic beyond its documented API, in one place.

One entry today. Each says what it relies on; each has a test in tests/test_compat_pydantic.py
that fails, naming the entry, if a pydantic release changes it. Tested with pydantic 2.14;
pyproject.toml allows pydantic 2.
"""

from __future__ import annotations

import sys
import types
from importlib.machinery import ModuleSpec

# Entry NO_PLUGINS. Relies on: pydantic looking its plugins up, when it makes a model's validator,
# through `get_plugins()` of the module `pydantic.plugin._loader`, imported only then (from
# `pydantic.plugin._schema_validator.create_schema_validator`), and treating an empty result as
# "no plugins" (what `PYDANTIC_DISABLE_PLUGINS=__all__` makes it return). That module imports
# `importlib.metadata` (with `email`, `urllib` and `socket`) and reads every installed package's
# entry points: 20 to 40 ms of every command that loads a course, for plugins (instrumentation
# such as logfire's) a lessonpack command never uses.
PLUGIN_LOADER = "pydantic.plugin._loader"


class NoPlugins:
    """An import finder (sys.meta_path) for that one module: when pydantic first imports it, the module
    made is one whose `get_plugins()` finds none. Until then nothing of pydantic is imported."""

    @staticmethod
    def find_spec(name: str, path=None, target=None) -> ModuleSpec | None:
        return ModuleSpec(name, NoPlugins) if name == PLUGIN_LOADER else None

    @staticmethod
    def create_module(spec: ModuleSpec) -> None:
        return None  # a plain module

    @staticmethod
    def exec_module(module: types.ModuleType) -> None:
        module.get_plugins = lambda: ()  # type: ignore[attr-defined]


def without_plugins() -> None:
    """Make pydantic find no plugins without looking: for the `lessonpack` command only, which owns
    its process (lessonpack used as a library leaves an application's plugins alone). A no-op when
    pydantic has looked already."""
    if PLUGIN_LOADER not in sys.modules and NoPlugins not in sys.meta_path:
        sys.meta_path.insert(0, NoPlugins)
