"""The benchmark's one table: rows, their ratios to floors and peers, the issue's targets, the machine.

Only benchmarks/run.py uses this. A target is a record, never a failure: a row that
misses its target says "missed" in the table and the script still exits 0.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

ORDER = ["B0", "B1", "B2", "B3", "B3u", "B3c", "R1", "A1", "A2", "A2c", "A3", "A4", "C1", "C2", "D1", "D2", "D3", "E1",
         "R2", "F1", "F2", "G1", "G2", "G3"]

TARGETS: dict[str, tuple[str, Callable[[dict], bool]]] = {
    "A2": ("≤ 0.5 s and ≤ 0.35× D3", lambda r: r["A2"] <= 0.5 and ("D3" not in r or r["A2"] <= 0.35 * r["D3"])),
    "A3": ("≤ 1.2 s", lambda r: r["A3"] <= 1.2),
    "A4": ("≤ 0.2 s", lambda r: r["A4"] <= 0.2),
    "B3": ("≤ 0.3 s", lambda r: r["B3"] <= 0.3),
    "F1": ("≤ 0.8 s", lambda r: r["F1"] <= 0.8),
}
"""Issue 21's targets (a quiet 2-core machine, medians): the wording shown and the check."""


def fmt_seconds(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def table(rows: dict) -> str:
    medians = {key: row.median for key, row in rows.items() if row.times and not row.skipped}
    lines = ["| # | What | Median | Min–max | CPU | Peak RSS | Ratio | Target | Notes |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |"]
    for key in ORDER:
        row = rows.get(key)
        if row is None:
            continue
        if key not in medians:
            lines.append(f"| {key} | {row.label} | — | — | — | — | — | — | skipped: {row.skipped or 'not measured'} |")
            continue
        rss = f"{max(row.rss_kib) / 1024:.0f} MiB" if row.rss_kib else "—"
        ratio = ", ".join(f"{row.median / medians[base]:.2f}× {base}" for base in row.ratio_to if base in medians)
        target = ""
        if key in TARGETS:
            words, met = TARGETS[key]
            target = f"{words}: {'met' if met(medians) else 'missed'}"
        spread = f"{fmt_seconds(min(row.times))}–{fmt_seconds(max(row.times))}"
        cpu = fmt_seconds(statistics.median(row.cpu)) if row.cpu else "—"
        lines.append(f"| {key} | {row.label} | {fmt_seconds(row.median)} | {spread} | {cpu} | {rss} | {ratio} "
                     f"| {target} | {row.note} |")
    return "\n".join(lines)


def _version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=120).stdout
    except OSError:
        return ""
    return out.strip().splitlines()[0] if out.strip() else ""


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine(repo: Path, repeat: int, load_before: str) -> str:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    try:
        mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1]) / 1024 / 1024
        memory = f"{mem:.0f} GiB RAM"
    except (OSError, TypeError):
        memory = "RAM unknown"
    versions = []
    for dist in ("lessonpack", "reportlab", "rl_accel", "python-docx", "Jinja2", "PyYAML", "pydantic",
                 "markdown-it-py", "click", "fonttools"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    commit = _version(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"])
    dirty = _version(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"])
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([
        f"- Date: {when}; commit {commit or '?'}{' (with uncommitted changes)' if dirty else ''}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores ({usable} usable by this process); {memory}",
        f"- OS: {platform.system()} {platform.release()}; Python {platform.python_version()}",
        f"- Packages: {', '.join(versions)}",
        f"- Medians of {repeat} runs after one warm-up run each; load average (1, 5, 15 min) "
        f"{load_before} at the start, {load_average()} at the end",
    ])


def write_readme(readme: Path, begin: str, end: str, section: str) -> None:
    text = readme.read_text(encoding="utf-8") if readme.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in text or end not in text:
        text = text.rstrip("\n") + f"\n\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{begin}\n{section}\n{end}{tail}", encoding="utf-8")
