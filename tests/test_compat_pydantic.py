"""Pinning tests for lessonpack.pydantic_compat: one per entry, each failing with the entry's name.

These tests read pydantic's private behaviour on purpose: their job is to fail loudly when a
pydantic upgrade changes what the entry relies on. If one fails, read the entry's comment in
src/lessonpack/pydantic_compat.py and adapt it (nothing else in lessonpack touches pydantic's
internals).
"""

from __future__ import annotations

import inspect
import subprocess
import sys

import pydantic

from lessonpack import pydantic_compat as compat


def pinned(entry: str, condition: bool, what: str) -> None:
    assert condition, (f"pydantic_compat entry {entry}: pydantic {pydantic.VERSION} no longer {what}; "
                       f"see src/lessonpack/pydantic_compat.py")


NO_PLUGINS_RUN = """
import sys
from lessonpack import pydantic_compat
pydantic_compat.without_plugins()
import pydantic
from pydantic.plugin import _schema_validator

class Checked(pydantic.BaseModel):
    n: int

assert Checked(n="3").n == 3
try:
    Checked(n="three")
except pydantic.ValidationError:
    pass
else:
    raise AssertionError("not validated")
print(type(Checked.__pydantic_validator__).__name__, "importlib.metadata" in sys.modules)
"""


def test_no_plugins_models_still_validate_and_no_entry_points_are_read():
    result = subprocess.run([sys.executable, "-c", NO_PLUGINS_RUN], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    validator, metadata_loaded = result.stdout.split()
    pinned("NO_PLUGINS", validator == "SchemaValidator", "makes a plain validator when get_plugins() finds none")
    pinned("NO_PLUGINS", metadata_loaded == "False", "looks plugins up only through pydantic.plugin._loader")


def test_no_plugins_the_look_up_is_where_the_entry_says():
    from pydantic.plugin import _loader, _schema_validator

    pinned("NO_PLUGINS", compat.PLUGIN_LOADER == _loader.__name__ and callable(_loader.get_plugins),
           "keeps get_plugins in pydantic.plugin._loader")
    source = inspect.getsource(_schema_validator.create_schema_validator)
    pinned("NO_PLUGINS", "from ._loader import get_plugins" in source and "get_plugins()" in source,
           "imports get_plugins when it makes a validator")
