"""The fuzz script runs, and a short seeded run of it finds nothing: no crash, hang or validate/build disagreement.

The long runs (10,000 cases and more) are made by hand with tests/fuzz/fuzz_lessons.py;
docs/reliability.md has the latest result. This keeps the script working and holds a
small fixed sample of mutated lessons to the same promise on every test run.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import REPO

SCRIPT = REPO / "tests" / "fuzz" / "fuzz_lessons.py"


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("fuzz_lessons", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_a_short_seeded_fuzz_run_ends_with_no_crash_hang_or_disagreement(tmp_path):
    fuzz = _fuzz_module()
    counts = fuzz.fuzz(cases=30, seconds=0, seed=14, workers=2, timeout=120, save_to=tmp_path, quiet=True)
    found = {outcome: counts[outcome] for outcome in fuzz.BAD if counts[outcome]}
    saved = sorted(p.name for p in tmp_path.iterdir())
    assert not found, f"{found}; reproducers: {saved}"
    # The sample reaches both sides: lessons refused at their line, and lessons built in both formats.
    assert counts["refused"] and counts["built"], dict(counts)


def test_a_saved_case_replays_from_the_command_line(tmp_path):
    fuzz = _fuzz_module()
    case = fuzz.make_case(3, 14, *fuzz._seed_texts())
    folder = fuzz.save(tmp_path, case, "internal", "example")
    result = subprocess.run([sys.executable, str(SCRIPT), "--replay", str(folder)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split("\n")[0] in ("refused", "built")
