"""docs/reliability.md names the test that holds each promise: every one it names exists."""

from __future__ import annotations

import re

from conftest import REPO

DOC = REPO / "docs" / "reliability.md"
# `tests/test_x.py::name` or `test_x.py::name`, then `::other` in the same cell for the same file.
CELL_TESTS = re.compile(r"`(?:tests/)?(test_\w+\.py)::(\w+)(?:\[[^\]]*\])?`((?:,\s*`::\w+(?:\[[^\]]*\])?`)*)")


def named_tests() -> list[tuple[str, str]]:
    found = []
    for match in CELL_TESTS.finditer(DOC.read_text(encoding="utf-8")):
        file = match[1]
        found.append((file, match[2]))
        found += [(file, name) for name in re.findall(r"`::(\w+)", match[3])]
    return found


def test_the_reliability_doc_names_only_tests_that_exist():
    named = named_tests()
    assert len(named) > 60, len(named)  # the pattern still finds the table's tests
    missing = [f"{file}::{name}" for file, name in named
               if not re.search(rf"^def {name}\(", (REPO / "tests" / file).read_text(encoding="utf-8"), re.M)]
    assert not missing, missing
