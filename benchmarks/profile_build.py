"""Where a fresh one-lesson build spends its time, stage by stage (a benchmark helper).

    .venv/bin/python benchmarks/profile_build.py [LESSON.yaml] [--repeat N]

Each run is a fresh interpreter doing what `lessonpack build LESSON --out TMP` does, in
the same order, with a clock read between the stages; the table gives each stage's
median CPU and wall time over N runs (default 5). The font cache is filled by an untimed
first run, as on any machine after its first build. For a call-by-call view:
`python -m cProfile -s cumulative -m lessonpack build LESSON --out TMP --jobs 1`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

STAGES = [
    ("start", "interpreter start-up (to the first line of this script)"),
    ("imports", "lessonpack's command and build modules: click, pydantic, Jinja2, PyYAML, markdown-it"),
    ("writers", "the PDF and DOCX writers: reportlab, python-docx, lxml"),
    ("load", "the lesson, course and essay read and checked"),
    ("documents", "each document's template expanded and parsed into the model, glyphs checked"),
    ("fonts", "the eight DejaVu faces parsed by reportlab (fonts.register)"),
    ("pdf", "the PDFs laid out and written to bytes"),
    ("docx", "the DOCX files made, their embedded faces from the font cache"),
    ("write", "the files written atomically, the manifest saved"),
]


def one_run(lesson: Path, out: Path) -> dict[str, tuple[float, float]]:
    """The stages of one build, timed in this (fresh) process."""
    marks = [("start", time.process_time(), time.perf_counter())]

    def mark(name: str) -> None:
        marks.append((name, time.process_time(), time.perf_counter()))

    import lessonpack.cli  # noqa: F401  first, as the command: it installs the kept dataclass code
    import lessonpack.build_request  # noqa: F401  what `lessonpack build` imports
    from lessonpack import glyphs
    from lessonpack.build import jobs_for, plan
    from lessonpack.made_from import lesson_inputs, template_files
    from lessonpack.course import load_course
    from lessonpack.targets import find_root
    from lessonpack.files import write_atomic
    from lessonpack.manifest import Manifest, bytes_hash
    from lessonpack.pipeline import course_theme, make_document, template_set
    mark("imports")
    from lessonpack.writers import write
    import lessonpack.writers.docx  # noqa: F401
    import lessonpack.writers.pdf  # noqa: F401
    mark("writers")
    course = load_course(find_root(lesson), [lesson.resolve()])
    theme = course_theme(course, "standard")
    jobs = jobs_for(plan(course, out, ("pdf", "docx")))
    mark("load")
    templates = template_set(course.templates_dir)
    documents = []
    for job in jobs:
        document = make_document(course, job.lesson, job.kind, templates, theme=theme)
        glyphs.check(document, theme)
        documents.append(document)
    mark("documents")
    from lessonpack.fonts import FAMILIES, register
    for family in FAMILIES:
        register(family)
    mark("fonts")
    made = {}
    for job, document in zip(jobs, documents):
        made.update({path: write(document, theme, fmt) for fmt, path in job.outputs if fmt == "pdf"})
    mark("pdf")
    for job, document in zip(jobs, documents):
        made.update({path: write(document, theme, fmt, reference_docx=course.reference_docx)
                     for fmt, path in job.outputs if fmt == "docx"})
    mark("docx")
    manifest = Manifest.load(out, sources=(course.root,))
    for job in jobs:
        inputs = [*lesson_inputs(course, job.lesson), *template_files(templates, job.kind)]
        for _, path in job.outputs:
            write_atomic(path, made[path], within=out)
            manifest.record(path, job.settings, inputs, bytes_hash(made[path]))
    manifest.save()
    mark("write")
    return {name: (cpu - marks[i][1], wall - marks[i][2]) for i, (name, cpu, wall) in enumerate(marks[1:])}


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        stages = one_run(Path(argv[1]), Path(argv[2]))
        # Start-up's CPU: what this process had used before its first stage (its wall time is
        # worked out by the parent, as the whole run's less the stages').
        stages = {"start": (time.process_time() - sum(c for c, _ in stages.values()), 0.0), **stages}
        print(json.dumps({"stages": stages}))
        return 0
    repeat = 5
    if "--repeat" in argv:
        repeat = int(argv[argv.index("--repeat") + 1])
        del argv[argv.index("--repeat"):argv.index("--repeat") + 2]
    lesson = Path(argv[0]) if argv else REPO / "lessons" / "01-soviet-1905.yaml"
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("LESSONPACK_CACHE_DIR", str(Path(tmp) / "cache"))
        for i in range(repeat + 1):
            out = Path(tmp) / f"out-{i}"
            begun = time.perf_counter()
            result = subprocess.run([sys.executable, __file__, "--child", str(lesson), str(out)],
                                    capture_output=True, text=True, check=True)
            total = time.perf_counter() - begun
            if i:  # the first run fills the font cache and is not counted
                stages = json.loads(result.stdout)["stages"]
                runs.append((stages, total))
    print("| stage | what | CPU | wall | share of wall |\n| --- | --- | ---: | ---: | ---: |")
    total_wall = statistics.median(total for _, total in runs)
    for name, what in STAGES:
        cpu = statistics.median(stages[name][0] for stages, _ in runs)
        wall = statistics.median(stages[name][1] for stages, _ in runs)
        if name == "start":
            wall = total_wall - statistics.median(sum(s[1] for k, s in stages.items() if k != "start")
                                                  for stages, _ in runs)
        print(f"| {name} | {what} | {cpu * 1000:.0f} ms | {wall * 1000:.0f} ms | {100 * wall / total_wall:.0f} % |")
    print(f"| total | the whole process, as the parent saw it | | {total_wall * 1000:.0f} ms | 100 % |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
