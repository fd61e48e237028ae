"""How long lessonpack takes, next to the routes a teacher would otherwise take.

    .venv/bin/python benchmarks/run.py [--repeat N] [--lesson FILE] [--no-readme] [--only F]

(`make benchmark` runs it.) Every row is the median of N timed runs (default 5)
after one untimed warm-up run; ratios are computed from medians of this same
run. Peak memory is the largest resident set of a command and its child
processes (from wait4). It prints a Markdown table and, unless --no-readme,
rewrites the marked results section of benchmarks/README.md with the table and
the machine it ran on.

This is a benchmark, not a test: nothing here fails on time. A row whose tool
is missing (pandoc, LibreOffice, a WeasyPrint venv named by $WEASYPRINT_PYTHON)
is skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
README = HERE / "README.md"
BEGIN, END = "<!-- results:begin (written by benchmarks/run.py) -->", "<!-- results:end -->"
DEFAULT_LESSON = REPO / "lessons" / "01-soviet-1905.yaml"

sys.path.insert(0, str(HERE))

from report import _version, fmt_seconds, load_average, machine, table, write_readme  # noqa: E402


# ------------------------------------------------------------------ measuring


@dataclass
class Row:
    key: str
    label: str
    times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    ratio_to: tuple[str, ...] = ()
    """The rows this one is divided by (its floors, its peers), each ratio from this same run."""
    note: str = ""
    skipped: str = ""  # why the row was not measured

    @property
    def median(self) -> float:
        return statistics.median(self.times)


class Failed(RuntimeError):
    pass


GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run_once(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """Run a command to the end; its wall time, peak RSS in KiB and CPU time (user + system), the
    command and its children together (CPU time grows far less than wall time on a busy machine).

    The peak comes from GNU time (`%M`) when /usr/bin/time exists. wait4's own figure
    from here would be wrong: a child spawned by this (large) Python process counts
    this process's memory as its own until it execs.
    """
    with tempfile.TemporaryDirectory() as tmp:
        log, peak = Path(tmp) / "log", Path(tmp) / "peak"
        prefix = [GNU_TIME, "-f", "%M", "-o", str(peak)] if GNU_TIME else []
        with log.open("wb") as out:
            started = time.perf_counter()
            proc = subprocess.Popen([*prefix, *argv], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=out)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            tail = log.read_text("utf-8", "replace")[-2000:]
            raise Failed(f"{' '.join(map(str, argv))} exited with {proc.returncode}:\n{tail}")
        rss = int(peak.read_text().split()[-1]) if GNU_TIME else usage.ru_maxrss  # KiB on Linux
    return elapsed, rss, usage.ru_utime + usage.ru_stime


def measure_command(row: Row, repeat: int, make: Callable[[], tuple],
                    after: Callable[[], None] | None = None) -> Row:
    """Time a command (made afresh for every run by make(), e.g. with a new output folder):
    make() gives (argv, cwd) or (argv, cwd, extra environment variables)."""
    for i in range(repeat + 1):
        argv, cwd, *extra = make()
        env = {**os.environ, **extra[0]} if extra else None
        seconds, rss, cpu = run_once(argv, cwd, env)
        if after:
            after()
        if i:  # the first run warms the file cache and is not counted
            row.times.append(seconds)
            row.rss_kib.append(rss)
            row.cpu.append(cpu)
    return row


def measure_call(row: Row, repeat: int, fn: Callable[[], object]) -> Row:
    """Time a function in this process, after one warm-up call."""
    fn()
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        row.times.append(time.perf_counter() - started)
    return row


def lessonpack_cmd() -> list[str]:
    """The `lessonpack` console script of the Python running this, else `python -m lessonpack`."""
    script = Path(sys.executable).parent / "lessonpack"
    return [str(script)] if script.exists() else [sys.executable, "-m", "lessonpack"]


class Scratch:
    """Fresh temporary folders, all removed at the end."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="lessonpack-bench-"))
        self.count = 0

    def new(self, name: str = "out") -> Path:
        self.count += 1
        path = self.root / f"{name}-{self.count}"
        path.mkdir()
        return path

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(path).pages)


# ------------------------------------------------------------------ the rows


def ours(rows: dict[str, Row], repeat: int, lesson: Path, scratch: Scratch) -> None:
    from lessonpack.build import plan, render_all
    from lessonpack.course import load_course
    from lessonpack.targets import find_root

    lp = lessonpack_cmd()
    course = load_course(find_root(lesson), [lesson.resolve()])
    jobs = plan(course, scratch.new("inproc"), ("pdf", "docx"))
    docs = len({j.kind for j in jobs})
    files = len(render_all(course, jobs))
    rel = lesson.resolve().relative_to(REPO) if lesson.resolve().is_relative_to(REPO) else lesson

    rows["A1"] = measure_call(Row("A1", f"One lesson's pack ({docs} documents × 2 formats = {files} files), "
                                        "warm, in one process: `render_all`"),
                              repeat, lambda: render_all(course, jobs))
    rows["A1"].note = "course loaded once; templates compiled and fonts read by the warm-up run"
    rows["A2"] = measure_command(
        Row("A2", f"The same pack, fresh process: `lessonpack build {rel} --out TMP`", ratio_to=("A1", "R1", "D3")),
        repeat, lambda: ([*lp, "build", str(rel), "--out", str(scratch.new())], REPO))
    rows["A2"].note = "the DOCX faces' subsets read from the font cache the warm-up run filled"
    rows["A2c"] = measure_command(
        Row("A2c", "The same pack, fresh process, on a machine's first run (an empty font cache each run)",
            ratio_to=("A2",)),
        repeat, lambda: ([*lp, "build", str(rel), "--out", str(scratch.new())], REPO,
                         {"LESSONPACK_CACHE_DIR": str(scratch.new("empty-cache"))}))
    rows["A2c"].note = "fontTools imported and every embedded face subset again"

    whole = load_course(find_root(lesson))
    n_lessons = len(whole.lessons)
    n_files = len(plan(whole, scratch.root, ("pdf", "docx")))
    rows["A3"] = measure_command(
        Row("A3", f"Whole course ({n_lessons} lessons, {n_files} files), one command: `lessonpack build --out TMP`",
            ratio_to=("A2",)),
        repeat, lambda: ([*lp, "build", "--out", str(scratch.new())], whole.root))
    rows["A3"].note = f"{rows['A3'].median / n_lessons:.2f} s a lesson"

    same = scratch.new("noop")
    run_once([*lp, "build", "--out", str(same)], whole.root)  # the build to repeat
    rows["A4"] = measure_command(
        Row("A4", "No-op rebuild: the same whole-course build again into the same folder", ratio_to=("A3",)),
        repeat, lambda: ([*lp, "build", "--out", str(same)], whole.root))
    rows["A4"].note = "nothing changed in between"

    rows["B0"] = measure_command(Row("B0", '`python -c pass` (a bare interpreter)'),
                                 repeat, lambda: ([sys.executable, "-c", "pass"], REPO))
    rows["B1"] = measure_command(Row("B1", "`lessonpack --help` (start-up)", ratio_to=("B0", "B2")),
                                 repeat, lambda: ([*lp, "--help"], REPO))
    rows["B2"] = measure_command(
        Row("B2", '`python -c "import reportlab.platypus, docx, jinja2, yaml"` (the heavy imports alone)',
            ratio_to=("B0",)),
        repeat, lambda: ([sys.executable, "-c", "import reportlab.platypus, docx, jinja2, yaml"], REPO))
    copy = scratch.new("validate-course")
    for folder in ("lessons", "templates"):
        shutil.copytree(whole.root / folder, copy / folder)
    edited = sorted((copy / "lessons").glob("[0-9]*.yaml"))[0]

    def edit_one_lesson() -> tuple:
        """A teacher's edit: one lesson's enquiry question a word longer each run."""
        text = edited.read_text(encoding="utf-8")
        edited.write_text(re.sub(r'^enquiry: "(.*)"$', r'enquiry: "\1 again"', text, count=1, flags=re.M),
                          encoding="utf-8")
        return [*lp, "validate"], copy

    rows["B3"] = measure_command(
        Row("B3", f"`lessonpack validate` (whole course, {n_lessons} lessons) after an edit to one lesson",
            ratio_to=("B2",)), repeat, edit_one_lesson)
    rows["B3"].note = "the other lessons' documents rendered cleanly before: not rendered again"
    rows["B3u"] = measure_command(
        Row("B3u", "`lessonpack validate` again, nothing changed", ratio_to=("B3",)),
        repeat, lambda: ([*lp, "validate"], copy))
    rows["B3u"].note = "answered from the files' hashes (validate_cache.py)"

    def first_check() -> tuple:
        fresh = scratch.new("validate-first")
        for folder in ("lessons", "templates"):
            shutil.copytree(copy / folder, fresh / folder)
        return [*lp, "validate"], fresh

    rows["B3c"] = measure_command(
        Row("B3c", "`lessonpack validate` of a course never checked before", ratio_to=("B3",)),
        repeat, first_check)
    rows["B3c"].note = "every lesson rendered (templates compiled earlier: the template cache)"


def peer_routes(rows: dict[str, Row], repeat: int, lesson: Path, scratch: Scratch) -> None:
    from lessonpack.fonts import FONT_DIR
    from one_worksheet import worksheet
    from peers import to_html, to_markdown

    helper = [sys.executable, str(HERE / "one_worksheet.py"), str(lesson.resolve())]
    rows["C1"] = measure_command(
        Row("C1", "lessonpack, this worksheet only → PDF + DOCX, fresh process (`benchmarks/one_worksheet.py`)"),
        repeat, lambda: ([*helper, str(scratch.new()), "pdf,docx"], REPO))
    probe = scratch.new("probe")
    run_once([*helper, str(probe), "pdf"], REPO)
    pages = pdf_pages(probe / "worksheet.pdf")
    rows["C2"] = measure_command(
        Row("C2", "lessonpack, this worksheet only → PDF, fresh process"),
        repeat, lambda: ([*helper, str(scratch.new()), "pdf"], REPO))
    if pages:
        rows["C2"].note = f"{pages} pages"

    _, doc = worksheet(lesson.resolve())
    work = scratch.new("peer")
    (work / "worksheet.md").write_text(to_markdown(doc, work), encoding="utf-8")
    (work / "worksheet.html").write_text(to_html(doc, work, FONT_DIR), encoding="utf-8")

    # Markdown → pandoc → DOCX → LibreOffice → PDF
    pandoc, soffice = shutil.which("pandoc"), shutil.which("soffice") or shutil.which("libreoffice")
    if not pandoc:
        for key in ("D1", "D2", "D3"):
            rows[key] = Row(key, "Markdown → pandoc → DOCX → LibreOffice → PDF", skipped="pandoc not found")
    else:
        md_to_docx = [pandoc, "-f", "markdown", "-t", "docx", "--resource-path", str(work),
                      "-o", str(work / "worksheet.docx"), str(work / "worksheet.md")]
        rows["D1"] = measure_command(Row("D1", "Markdown → DOCX: `pandoc worksheet.md -o worksheet.docx`"),
                                     repeat, lambda: (md_to_docx, work))
        rows["D1"].note = _version([pandoc, "--version"])
        if not soffice:
            for key in ("D2", "D3"):
                rows[key] = Row(key, "DOCX → PDF with LibreOffice", skipped="soffice not found")
        else:
            profile = scratch.new("lo-profile")  # a private profile: no clash with a running office
            docx_to_pdf = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", "pdf", "--outdir", str(work), str(work / "worksheet.docx")]
            rows["D2"] = measure_command(
                Row("D2", "DOCX → PDF: `soffice --headless --convert-to pdf worksheet.docx`"),
                repeat, lambda: (docx_to_pdf, work))
            pages = pdf_pages(work / "worksheet.pdf")
            rows["D2"].note = _version([soffice, "--version"]) + (f"; {pages} pages" if pages else "")
            rows["D3"] = Row("D3", "Markdown → pandoc → DOCX → LibreOffice → PDF (both steps, each run)",
                             ratio_to=("C1",))
            for _ in range(repeat):
                t1, m1, c1 = run_once(md_to_docx, work)
                t2, m2, c2 = run_once(docx_to_pdf, work)
                rows["D3"].times.append(t1 + t2)
                rows["D3"].rss_kib.append(max(m1, m2))
                rows["D3"].cpu.append(c1 + c2)
            rows["D3"].note = "makes a DOCX and a PDF, like C1; the first LibreOffice start (profile creation) not counted"

    # Jinja2 → HTML → WeasyPrint
    weasy = os.environ.get("WEASYPRINT_PYTHON")
    label = "Jinja2 → HTML → WeasyPrint → PDF, fresh process"
    if not weasy:
        rows["E1"] = Row("E1", label, skipped="set WEASYPRINT_PYTHON to a Python with WeasyPrint (see README)")
    elif not Path(weasy).exists():
        rows["E1"] = Row("E1", label, skipped=f"WEASYPRINT_PYTHON={weasy} does not exist")
    else:
        code = "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"
        html_to_pdf = [weasy, "-c", code, str(work / "worksheet.html"), str(work / "weasy.pdf")]
        rows["E1"] = measure_command(Row("E1", label, ratio_to=("C2",)), repeat, lambda: (html_to_pdf, work))
        pages = pdf_pages(work / "weasy.pdf")
        version = _version([weasy, "-c", "import weasyprint; print('WeasyPrint', weasyprint.__version__)"])
        rows["E1"].note = f"{version}; HTML made once beforehand (not timed)" + (f"; {pages} pages" if pages else "")


def floors(rows: dict[str, Row], repeat: int, lesson: Path, scratch: Scratch) -> None:
    """R1, R2: reportlab and python-docx writing comparable documents directly (`raw_worksheet.py`)."""
    from lessonpack.course import load_course
    from lessonpack.targets import find_root
    from lessonpack.pipeline import make_document, template_set
    from raw_worksheet import flatten

    course = load_course(find_root(lesson), [lesson.resolve()])
    one = course.lessons[0]
    docs = {kind: flatten(make_document(course, one, kind, template_set(course.templates_dir)))
            for kind in one.lesson.documents}
    data = scratch.new("raw") / "documents.json"
    data.write_text(json.dumps(docs), encoding="utf-8")
    helper = [sys.executable, str(HERE / "raw_worksheet.py"), str(data)]
    rows["R1"] = measure_command(
        Row("R1", f"Floor: the lesson's {len(docs)} documents × PDF and DOCX written with reportlab and python-docx "
                  "directly, fresh process (`benchmarks/raw_worksheet.py`)", ratio_to=("B2",)),
        repeat, lambda: ([*helper, str(scratch.new()), "pdf,docx"], REPO))
    probe = scratch.new("raw-probe")
    run_once([*helper, str(probe), "pdf", "30"], REPO)
    pages = pdf_pages(next(probe.glob("*.pdf")))
    rows["R1"].note = "same text, headings, answer lines and tables; no checks, keep rules, headers or embedded fonts"
    rows["R2"] = measure_command(
        Row("R2", "Floor: reportlab writing 30 named copies of the worksheet into one PDF, fresh process"),
        repeat, lambda: ([*helper, str(scratch.new()), "pdf", "30"], REPO))
    rows["R2"].note = f"{pages} pages" if pages else ""


# A class list as a teacher would have it: 30 names, some with accents (all printable in DejaVu).
CLASS_NAMES = (
    "Ada Lovelace", "Ben Okri", "Chloé Martin", "Daniel Schmidt", "Elif Yılmaz", "Femi Adeyemi",
    "Grace Hopper", "Hamza Ali", "Inès Dubois", "Jakub Nowak", "Kofi Mensah", "Lena Müller",
    "Marta Gómez", "Nikhil Patel", "Olga Ivanova", "Paddy O'Brien", "Qi Wang", "Rosa Parks",
    "Siobhán Kelly", "Tomás Ruiz", "Uma Thurman", "Vera Novak", "Wiktor Zieliński", "Xavier Dupont",
    "Yusuf Kaya", "Zoë Ångström", "Ahmed, Zara", "Nguyễn Văn An", "Łukasz Wróbel", "Bjørn Larsen",
)


def class_set(rows: dict[str, Row], repeat: int, lesson: Path, scratch: Scratch) -> None:
    """F1, F2: one lesson's worksheet for a class of 30 (30 PDFs, the print file, the zip)."""
    from lessonpack.build import default_workers
    from lessonpack.classset import build_class_sets
    from lessonpack.course import load_course
    from lessonpack.targets import find_root

    roster = scratch.new("roster") / "10B.csv"
    roster.write_text("name,class\n" + "".join(f'"{name}",10B\n' for name in CLASS_NAMES), encoding="utf-8")
    lp = lessonpack_cmd()
    rel = lesson.resolve().relative_to(REPO) if lesson.resolve().is_relative_to(REPO) else lesson
    course = load_course(find_root(lesson), [lesson.resolve()])

    probe = build_class_sets(course, roster, scratch.new("class-probe"))[0]
    pages = pdf_pages(probe.copies[0].path)
    files = f"{len(probe.copies)} worksheets + {len(probe.print_files)} print file + {len(probe.zips)} zip"

    fresh = measure_command(
        Row("F1", f"30-student class set, fresh process: `lessonpack build {rel} --roster 10B.csv --out TMP`",
            ratio_to=("F2", "R2")),
        repeat, lambda: ([*lp, "build", str(rel), "--roster", str(roster), "--out", str(scratch.new())], REPO))
    fresh.note = f"{files}" + (f"; {pages} pages a copy" if pages else "")
    rows["F1"] = fresh

    warm_cpu: list[float] = []

    workers = default_workers()

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def warm() -> None:
        started, children = time.process_time(), children_cpu()
        build_class_sets(course, roster, scratch.new("class"), workers=workers)
        warm_cpu.append(time.process_time() - started + children_cpu() - children)

    rows["F2"] = measure_call(
        Row("F2", "The same class set, warm, in one process: `classset.build_class_sets` (writes the files)"),
        repeat, warm)
    rows["F2"].note = (f"CPU {fmt_seconds(statistics.median(warm_cpu[1:]))} (with its {workers} worker processes); "
                       "course and roster loaded once; templates compiled and fonts read by the warm-up run")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per row (default 5)")
    parser.add_argument("--lesson", type=Path, default=DEFAULT_LESSON, help="the lesson to time")
    parser.add_argument("--no-readme", action="store_true", help="print only; leave benchmarks/README.md alone")
    parser.add_argument("--only", choices=["F"], default="",
                        help="F: only the class-set rows (F1, F2); implies --no-readme")
    parser.add_argument("--department", type=int, nargs="*", metavar="LESSONS",
                        help="also the department-scale rows (G): courses of these many lessons, 30 students each")
    args = parser.parse_args(argv)
    if args.only:
        args.no_readme = True

    # An installed lessonpack has its modules compiled (pip does it); a source checkout run with
    # PYTHONDONTWRITEBYTECODE would compile them again in every timed process.
    import compileall
    import lessonpack
    compileall.compile_dir(Path(lessonpack.__file__).parent, quiet=1)
    scratch = Scratch()
    # Every command of this run keeps its font cache in a folder of its own: filled by the warm-up runs,
    # never by an earlier run of the benchmark or of lessonpack.
    os.environ["LESSONPACK_CACHE_DIR"] = str(scratch.new("font-cache"))
    rows: dict[str, Row] = {}
    scaling = ""
    load_before = load_average()
    try:
        if "F" not in args.only:
            ours(rows, args.repeat, args.lesson, scratch)
            floors(rows, args.repeat, args.lesson, scratch)
            peer_routes(rows, args.repeat, args.lesson, scratch)
        class_set(rows, args.repeat, args.lesson, scratch)
        if args.department is not None:
            from department import department
            scaling = department(rows, args.department, scratch)
    finally:
        scratch.cleanup()
    section = machine(REPO, args.repeat, load_before) + "\n\n" + table(rows)
    if scaling:
        section += "\n\nDepartment scale (each size built once):\n\n" + scaling
    print(section)
    if not args.no_readme:
        write_readme(README, BEGIN, END, section)
        print(f"\n(written to {README.relative_to(REPO)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
