"""How often the garbage collector runs during a command: seldom while it starts, as Python's default
once it writes files.

Starting (the imports, the course loaded and checked) makes a few hundred thousand objects that live
to the command's end, and few cycles: collecting the youngest objects every 700 allocations scanned
them again and again, about a twelfth of a `validate`. Writing files leaves cycles (the writers'
objects, a copy's layout), so a build is back to the default before its first document (`run_build`,
`BuildRequest.run`): a class set of a long roster keeps its memory flat (tests/test_classset_memory.py),
as with the default throughout. `validate` keeps the start-up's: it makes each document's model in
memory and drops it, with no writer's objects.
"""

from __future__ import annotations

import gc

STARTING = 20_000
"""Allocations between collections of the youngest objects while a command starts."""

DEFAULT = gc.get_threshold()
"""Python's thresholds, as they were when lessonpack was imported."""


def starting() -> None:
    """Collect seldom: a command's start-up, up to the first document it writes."""
    gc.set_threshold(STARTING, *DEFAULT[1:])


def rendering() -> None:
    """Collect as Python does by default: files are being made."""
    gc.set_threshold(*DEFAULT)
