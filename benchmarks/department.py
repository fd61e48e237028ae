"""Department scale (rows G1–G4): many lessons, a class of 30 each, in one build.

    .venv/bin/python benchmarks/run.py --department 10 20 40

A course of N lessons is made by copying the shipped course's five lessons under new
file names (lesson k of the copy is the shipped lesson k mod 5). Each size is built once
(these runs take minutes, not milliseconds): every document of the course, then the class
sets of every lesson for a 30-student roster, then the document build and the class sets again
after one lesson's file changed. Per-document cost and peak memory per size show whether the time
is linear in the work and the memory flat.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from run import CLASS_NAMES, REPO, Row, Scratch, fmt_seconds, lessonpack_cmd, run_once


def make_course(lessons: int, scratch: Scratch) -> Path:
    root = scratch.new(f"department-{lessons}")
    shipped = REPO / "lessons"
    (root / "lessons").mkdir()
    shutil.copy(shipped / "course.yaml", root / "lessons" / "course.yaml")
    shutil.copytree(shipped / "essays", root / "lessons" / "essays")
    if (REPO / "templates").is_dir() and (shipped.parent / "templates").resolve() != (REPO / "templates").resolve():
        shutil.copytree(REPO / "templates", root / "templates")
    originals = sorted(p for p in shipped.glob("*.yaml") if p.name != "course.yaml")
    for k in range(lessons):
        source = originals[k % len(originals)]
        shutil.copy(source, root / "lessons" / f"{k:03d}-{source.name}")
    return root


def department(rows: dict[str, Row], sizes: list[int], scratch: Scratch) -> str:
    """Build each size once; the rows of the largest go in the table; returns the scaling table."""
    lp = lessonpack_cmd()
    roster = scratch.new("department-roster") / "10B.csv"
    roster.write_text("name,class\n" + "".join(f'"{name}",10B\n' for name in CLASS_NAMES), encoding="utf-8")
    lines = ["| lessons | documents (files) | build | per document | peak RSS | class-set copies | class sets | "
             "per copy | peak RSS | one lesson changed: documents | class sets |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for lessons in sorted(sizes or [20]):
        root = make_course(lessons, scratch)
        out = scratch.new("department-out")
        files = lessons * 3 * 2
        build_s, build_kib, build_cpu = run_once([*lp, "build", "--out", str(out), "--quiet"], root)
        copies = lessons * len(CLASS_NAMES)
        sets_out = scratch.new()
        sets = [*lp, "build", "--roster", str(roster), "--out", str(sets_out), "--quiet"]
        sets_s, sets_kib, sets_cpu = run_once(sets, root)
        edited = sorted((root / "lessons").glob("0*.yaml"))[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        edit_s, _, _ = run_once([*lp, "build", "--out", str(out), "--quiet"], root)
        sets_edit_s, _, sets_edit_cpu = run_once(sets, root)
        lines.append(f"| {lessons} | {files // 2} ({files}) | {fmt_seconds(build_s)} | "
                     f"{build_s / (files // 2) * 1000:.0f} ms | {build_kib / 1024:.0f} MiB | {copies} | "
                     f"{fmt_seconds(sets_s)} | {sets_s / copies * 1000:.0f} ms | {sets_kib / 1024:.0f} MiB | "
                     f"{fmt_seconds(edit_s)} | {fmt_seconds(sets_edit_s)} |")
        label = f"Department: {lessons} lessons"
        rows["G1"] = Row("G1", f"{label}, every document (× PDF and DOCX), fresh process", [build_s], [build_kib],
                         [build_cpu])
        rows["G1"].note = f"one run; {build_s / (files // 2) * 1000:.0f} ms a document"
        rows["G2"] = Row("G2", f"{label}, a 30-student class set of each (`--roster`), fresh process",
                         [sets_s], [sets_kib], [sets_cpu])
        rows["G2"].note = f"one run; {copies} copies; {sets_s / copies * 1000:.0f} ms a copy"
        rows["G3"] = Row("G3", f"{label}, the document build again after one lesson's file changed",
                         [edit_s], ratio_to=("G1",))
        rows["G3"].note = "one run; only that lesson's documents are made again"
        rows["G4"] = Row("G4", f"{label}, the class sets again after one lesson's file changed", [sets_edit_s],
                         cpu=[sets_edit_cpu], ratio_to=("G2",))
        rows["G4"].note = "one run; only that lesson's class sets are made again"
    return "\n".join(lines)
