"""A class set for a long roster is staged on disk as it is made: the build's memory holds one
class at a time, so ten classes need about what one class needs.

Memory, not time, is asserted: the peak resident set of the build process (one process,
`--jobs 1`), read by the process itself as it exits.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO

PEAK = """
import atexit, json, resource, runpy, sys

atexit.register(lambda: sys.__stderr__.write(
    "\\nPEAK_KIB " + str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) + "\\n"))
sys.argv = ["lessonpack", *json.loads(sys.argv[1])]
runpy.run_module("lessonpack", run_name="__main__", alter_sys=True)
"""


def peak_mib(tmp_path, classes: int) -> float:
    roster = tmp_path / f"{classes}-classes.csv"
    roster.write_text("name,class\n" + "".join(f"Student {n},{10 + n % classes}X\n" for n in range(30 * classes)),
                      encoding="utf-8")
    out = tmp_path / f"out-{classes}"
    args = ["build", str(REPO / "lessons" / "01-soviet-1905.yaml"), "--roster", str(roster), "--out", str(out),
            "--jobs", "1", "--quiet"]
    result = subprocess.run([sys.executable, "-c", PEAK, json.dumps(args)], cwd=REPO, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert len(list(out.rglob("*_worksheet.pdf"))) == 30 * classes  # every copy was written
    assert len(list(out.rglob("*.zip"))) == classes
    [line] = [line for line in result.stderr.splitlines() if line.startswith("PEAK_KIB ")]
    return int(line.split()[1]) / 1024


@pytest.mark.slow
def test_ten_classes_need_about_the_memory_of_one(tmp_path):
    one, ten = peak_mib(tmp_path, 1), peak_mib(tmp_path, 10)
    # Held in memory, 270 more worksheets (about 110 KB each) and nine more zips would add 55 MB or more.
    assert ten - one < 20, f"one class: {one:.0f} MiB, ten classes: {ten:.0f} MiB"
