"""Compiled templates kept between runs, so a fresh process does not compile them again.

Compiling the twelve default templates (Jinja2 parsing them, the sandbox adding its
counting calls, Python compiling the generated module) took about a tenth of every
`lessonpack validate` and build. Jinja2's bytecode cache keeps each template's compiled
code; Jinja2 itself gives it back only for the same template source (it stores the
source's checksum with the code and drops a mismatch). What else decides the code, the
lessonpack modules that shape it (the sandbox's counting calls, the filters, the
environment's options) and Jinja2's and Python's versions, is part of the entry's key, so
a changed lessonpack or Jinja2 makes a new entry, never a stale hit.

Entries live in the font cache's folder (`fonts/cache.py`: `LESSONPACK_CACHE_DIR`, else the
user's cache folder), with its checks: a torn or corrupt entry is passed over and the
template compiled as before; a folder that cannot be written is no error.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import jinja2

from .fonts.cache import cache_dir, file_hash, recall, store

NAMESPACE = "templates"
REFERENCES = "template-references"
SHAPING_MODULES = ("expand.py", "sandbox.py", "template_counters.py", "jinja_compat.py", "template_filters.py",
                   "template_cache.py")
"""The modules whose code decides what a template compiles to (a filter's name must exist when it
compiles; the counting calls are added to its tree)."""


@cache
def _compiler() -> str:
    """Everything besides the template's source that decides its compiled code."""
    here = Path(__file__).parent
    return "|".join([*(file_hash(here / name) for name in SHAPING_MODULES), jinja2.__version__,
                     sys.version, sys.implementation.cache_tag or ""])


class TemplateCodeCache(jinja2.BytecodeCache):
    """Jinja2's bytecode cache, in lessonpack's cache folder, keyed by what shapes the code."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if _plain(bucket.environment):
            found = recall(NAMESPACE, f"{bucket.key}|{_compiler()}")
            if found is not None:
                bucket.bytecode_from_string(found)  # Jinja2 drops it unless the source's checksum matches

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if _plain(bucket.environment):
            store(NAMESPACE, f"{bucket.key}|{_compiler()}", bucket.bytecode_to_string())


def _plain(environment: jinja2.Environment) -> bool:
    """Whether templates compile in this environment as in every other: one with an extension added
    (template_origin's line tags, which do their work while a template compiles) is never cached."""
    return not environment.extensions


def references(source: str, find: Callable[[], tuple[str | None, ...]]) -> tuple[str | None, ...]:
    """The template names a template's source includes, imports or extends (None: a computed name):
    `find()` (parsing the source), or what it gave before for the same source, lessonpack and Jinja2.
    A build asks this of every template to know which files each document kind depends on."""
    key = f"{hashlib.sha256(source.encode('utf-8')).hexdigest()}|{_compiler()}"
    found = recall(REFERENCES, key)
    if found is not None:
        try:
            names = json.loads(found.decode("utf-8"))
        except ValueError:
            names = None
        if isinstance(names, list) and all(n is None or isinstance(n, str) for n in names):
            return tuple(names)
    names = find()
    store(REFERENCES, key, json.dumps(list(names)).encode("utf-8"))
    return names


def template_code_cache() -> TemplateCodeCache | None:
    """The cache for an environment, or None when the cache folder is switched off."""
    return TemplateCodeCache() if cache_dir() is not None else None
