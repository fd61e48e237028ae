"""CPU time (user + system, children included) of one command from two source trees, alternating.

On a shared, loaded machine wall time says little; CPU time of fresh processes still
compares two versions of lessonpack fairly when they run in turn:

    python benchmarks/cpu_ab.py --before /path/to/old/src --after src --repeat 7 -- build LESSON --out {new}

Each run is a fresh `python -m lessonpack ARGS` with PYTHONPATH set to the tree; `{new}` in the
arguments is replaced by a new empty folder each run (for `build --out {new}`), and `{course}` by a new
copy of the current folder's course (its lessons/ and templates/), for `validate {course}`: a course
never checked before, as row B3c. Both trees' modules are compiled to bytecode first, as pip
compiles an installed lessonpack (with PYTHONDONTWRITEBYTECODE set, a tree never run before would
otherwise be compiled again in every timed process: about a quarter of a second of CPU, and only
in the tree that had no bytecode yet); then one untimed warm-up run of each tree (caches filled).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile


def cpu_of(src: str, args: list[str], scratch: str, run: int) -> float:
    """Seconds of CPU the command and its children used."""
    folder = os.path.join(scratch, f"run-{run}")
    course = os.path.join(scratch, f"course-{run}")
    if any("{course}" in a for a in args):
        for part in ("lessons", "templates"):
            if os.path.isdir(part):
                shutil.copytree(part, os.path.join(course, part))
    argv = [a.replace("{new}", folder).replace("{course}", course) for a in args]
    env = {**os.environ, "PYTHONPATH": src}
    process = subprocess.Popen([sys.executable, "-m", "lessonpack", *argv], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: PYTHONPATH={src} lessonpack {' '.join(argv)}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("args", nargs="+")
    options = parser.parse_args()
    times: dict[str, list[float]] = {"before": [], "after": []}
    for tree in (options.before, options.after):
        compileall.compile_dir(os.path.join(tree, "lessonpack"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="cpu-ab-") as scratch:
        run = 0
        for timed in (False, *([True] * options.repeat)):
            for label in ("before", "after"):
                run += 1
                seconds = cpu_of(getattr(options, label), options.args, scratch, run)
                if timed:
                    times[label].append(seconds)
    load = os.getloadavg()
    for label, found in times.items():
        print(f"{label}: median {statistics.median(found) * 1000:.0f} ms CPU "
              f"(min {min(found) * 1000:.0f}, max {max(found) * 1000:.0f}; {len(found)} runs)")
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
