"""Shared helpers: sample courses under tests/roots/, the shipped course built once, text readers.

Sample courses are data: each folder in tests/roots/ is a small course (lessons/course.yaml,
lessons/essays/*.md, lessons/*.yaml, sometimes templates/) showing one feature or one
mistake. Tests copy a root into tmp_path before building it, so nothing is written
into the repository.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import traceback
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from lessonpack import document as d

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
ROOTS = TESTS / "roots"
FIXTURES = TESTS / "fixtures"
SHIPPED_LESSON = "01-soviet-1905"


# ----------------------------------------------------------------- sample courses


def root_path(name: str) -> Path:
    path = ROOTS / name
    assert (path / "lessons" / "course.yaml").is_file(), f"tests/roots/{name} is not a course"
    return path


def copy_root(name: str, tmp_path: Path) -> Path:
    """A private copy of tests/roots/<name>, so a build can write its out/ folder."""
    target = tmp_path / name
    shutil.copytree(root_path(name), target)
    return target


def line_of(file: Path, needle: str) -> int:
    """The 1-based number of the one line of file that contains needle."""
    lines = file.read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} should be on exactly one line of {file}, found {found}"
    return found[0]


def column_of(file: Path, needle: str, word: str) -> int:
    """The 1-based column where word starts on the line containing needle."""
    line = file.read_text(encoding="utf-8").splitlines()[line_of(file, needle) - 1]
    return line.index(word) + 1


def problems(exc) -> list:
    """Every single error in a LessonpackError (an ErrorGroup holds several)."""
    return list(getattr(exc, "errors", None) or [exc])


# ----------------------------------------------------------------- reading text back


def squash(text: str) -> str:
    """Text with every run of white space made one space: line breaks stop mattering."""
    return " ".join(text.split())


PAGE_FOOTER = re.compile(r"^\s*(?:.+ · )?Page \d+ of \d+\s*$")
"""A footer line: "Page 3 of 10", with the document's kind before it where the header has no room
for it ("Teacher notes · Page 3 of 10")."""


def without_furniture(pages: list[str], edge: int = 4) -> str:
    """Page texts joined without the running header and footer, so text that flows over a
    page break reads on. Furniture is "Page x of y", and any line that every page of a longer
    document has among its first or last few lines."""
    split = [[line for line in page.splitlines() if line.strip()] for page in pages]
    common: set[str] = set()
    if len(split) > 1:  # compared with spacing squashed: -layout spaces each page differently
        edges = [{squash(line) for line in lines[:edge] + lines[-edge:]} for lines in split]
        # A "[3 marks]" label can stand near the edge of every page; it is content, not furniture.
        common = {line for line in set.intersection(*edges)
                  if len(line) >= 8 and not re.fullmatch(r"\[\d+ ?marks?\]", line)}
    return "\n".join(line for lines in split for line in lines
                     if squash(line) not in common and not PAGE_FOOTER.match(line))


CONTINUED_TITLE = re.compile(r"(?m)^.*\(continued\)[ \t]*$")


def read_on(text: str) -> str:
    """Text without the titles repeated over the rest of a box or answer space on a new page
    ("Fact check (continued)", "Question 3 (continued)"), so a box a page break splits reads on."""
    return CONTINUED_TITLE.sub(" ", text)


def pdf_text(path: Path) -> str:
    """The body text of a PDF as pypdf extracts it, page by page, headers and footers left out."""
    from pypdf import PdfReader

    return without_furniture([page.extract_text() or "" for page in PdfReader(str(path)).pages])


def docx_paragraphs(path: Path) -> list:
    """Every paragraph of a DOCX body, including those inside table cells, in order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    out = []

    def walk(parent):
        for child in parent.iter_inner_content():
            if isinstance(child, Paragraph):
                out.append(child)
            elif isinstance(child, Table):
                for row in child.rows:
                    for cell in row.cells:
                        walk(cell)

    walk(document)
    return out


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx_paragraphs(path))


def marks_label(marks: int) -> str:
    return f"[{marks} mark{'s' if marks != 1 else ''}]"


# ----------------------------------------------------------------- the shipped course

KINDS = ("worksheet", "extract", "teacher-notes")
LESSON_FILES = sorted(p for p in (REPO / "lessons").glob("*.yaml") if p.name != "course.yaml")


def lesson_id(file: Path) -> str:
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return str(data.get("id") or file.stem)


LESSON_IDS = [lesson_id(f) for f in LESSON_FILES]


def lesson_yaml(shipped, lid: str) -> dict:
    """A shipped lesson as plain data, read with PyYAML (not with lessonpack).

    `shipped` is accepted so call sites read alike; lessons are read from the repository."""
    file = next(f for f in LESSON_FILES if lesson_id(f) == lid)
    return yaml.safe_load(file.read_text(encoding="utf-8"))


def lesson_documents(lesson: dict) -> list[str]:
    return list(lesson.get("documents", KINDS))


def shipped_document_count() -> int:
    """How many documents (each a PDF and a DOCX) the shipped course makes."""
    return sum(len(lesson_documents(yaml.safe_load(f.read_text(encoding="utf-8")))) for f in LESSON_FILES)


def essay_for(shipped, lesson: dict, source: dict | None = None):
    from lessonpack.essay import load_essay

    name = (source or {}).get("essay") or lesson.get("essay") or shipped.course_yaml()["essay"]
    return load_essay(shipped.root / "lessons" / "essays" / f"{name}.md")


def extract_texts(essay, source: dict) -> list[str]:
    """The essay text a source's extract is made of, looked up in the essay file (none for a
    picture or statistics source)."""
    texts = []
    for passage in source.get("extract", []):
        if "section" in passage:
            section = essay.section(passage["section"])
            texts += [essay.paragraph(n).text for n in range(section.first, section.last + 1)]
        elif "paragraphs" in passage:
            first, _, last = str(passage["paragraphs"]).replace("–", "-").partition("-")
            texts += [essay.paragraph(n).text for n in range(int(first), int(last or first) + 1)]
        else:
            texts.append(passage["quote"])
    return texts


def tokens(text: str) -> list[str]:
    """Words of text without bare numbers and ¶ marks (the extract's margins)."""
    return [t for t in text.split() if not re.fullmatch(r"¶?\d+", t)]


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """Whether needle occurs in haystack as consecutive items."""
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


@dataclass(frozen=True)
class ShippedBuild:
    """The repository's own course, built once into a temporary out folder."""

    root: Path
    out: Path
    stdout: str

    def course_yaml(self) -> dict:
        return yaml.safe_load((self.root / "lessons" / "course.yaml").read_text(encoding="utf-8"))

    def file(self, lesson_id: str, kind: str, fmt: str) -> Path:
        names = {
            "worksheet": f"{lesson_id}/{lesson_id}_student-worksheet",
            "extract": f"{lesson_id}/{lesson_id}_source-extracts",
            "teacher-notes": f"{lesson_id}/teacher/{lesson_id}_teacher-notes",
        }
        return self.out / f"{names[kind]}.{fmt}"

    def files(self, fmt: str) -> list[Path]:
        return sorted(self.out.rglob(f"*.{fmt}"))


@dataclass(frozen=True)
class CliResult:
    """What a user sees of one command: its exit status and its two output streams."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            process: bool = False) -> CliResult | subprocess.CompletedProcess:
    """Run `lessonpack ARGS` as a user would, capturing its exit status, stdout and stderr.

    In this process by default (click's CliRunner: a fresh interpreter per command would cost
    most of the suite's time). `process=True` runs `python -m lessonpack` instead, for what
    only a real process shows: a hang bounded by a timeout, signals, start-up imports, worker
    processes, environment read at import."""
    if process:
        return subprocess.run([sys.executable, "-m", "lessonpack", *args], cwd=cwd, capture_output=True,
                              text=True, timeout=300, env={**os.environ, **env} if env else None)
    return _run_in_process(args, cwd, env or {})


def _run_in_process(args: tuple[str, ...], cwd: Path | None, env: dict) -> CliResult:
    """One command through click's CliRunner, with the state a command leaves behind put back:
    working folder, environment, SIGTERM handler, the record of files written, and every cache
    lessonpack keeps between calls (templates, styles and essays are remembered per process; a
    test may have edited them)."""
    from click.testing import CliRunner

    from lessonpack.cli import main
    from lessonpack.files import writes

    _clear_lessonpack_caches()
    sigterm = signal.getsignal(signal.SIGTERM)
    with contextlib.chdir(cwd or os.getcwd()):
        try:
            result = CliRunner().invoke(main, list(args), env=env, prog_name="lessonpack")
        finally:
            signal.signal(signal.SIGTERM, sigterm)
            writes.reset()
            _clear_lessonpack_caches()
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # What the interpreter would print for an uncaught exception: tests look for "Traceback".
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return CliResult(result.exit_code, result.stdout, stderr)


def _clear_lessonpack_caches() -> None:
    """Empty every functools cache defined in a lessonpack module, wherever the code moves."""
    for name, module in list(sys.modules.items()):
        if name == "lessonpack" or name.startswith("lessonpack."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                    value.cache_clear()


SLOW_FIXTURES = {"shipped", "papers", "libreoffice", "soffice"}
"""Fixtures that build a whole course, every print profile, or convert files with LibreOffice."""


def pytest_collection_modifyitems(items) -> None:
    """Mark `slow` every test that needs one of SLOW_FIXTURES, so `pytest -m "not slow"` gives a
    quick run while editing; `make test` and CI run them all."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def made_once(tmp_path_factory, name: str, make) -> tuple[Path, dict]:
    """A folder that `make(folder)` fills once per test run, and the JSON-able record it returns.

    A session fixture runs once in each pytest-xdist worker; for a whole course build or a
    LibreOffice conversion that doubles the slowest work of the suite. The first worker to ask
    makes the folder in the run's shared temporary folder while holding a lock; the others wait,
    then read it. Callers treat the folder as read-only. Without xdist (or without fcntl) it is
    simply made here."""
    worker_base = tmp_path_factory.getbasetemp()
    try:
        import fcntl
    except ImportError:  # not POSIX: each worker makes its own
        fcntl = None
    if fcntl is None or "PYTEST_XDIST_WORKER" not in os.environ:
        folder = tmp_path_factory.mktemp(name)
        return folder, make(folder)
    shared = worker_base.parent
    folder, record = shared / name, shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not record.exists():
                shutil.rmtree(folder, ignore_errors=True)  # a worker that failed may have left half
                folder.mkdir()
                made = make(folder)
                record.write_text(json.dumps(made), encoding="utf-8")
            return folder, json.loads(record.read_text(encoding="utf-8"))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def shipped(tmp_path_factory) -> ShippedBuild:
    """Build the repository's lessons/ once per test run with the real command line, in a process
    of its own as a teacher runs it (with its pool of worker processes)."""
    def build(out: Path) -> dict:
        result = run_cli("build", str(REPO), "--out", str(out), process=True)
        return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}

    out, result = made_once(tmp_path_factory, "shipped-out", build)
    assert result["returncode"] == 0, result["stderr"]
    assert "Traceback" not in result["stderr"]
    return ShippedBuild(REPO, out, result["stdout"])


def course_in_profile(tmp_path_factory, profile: str) -> Path:
    """The output folder of the shipped course built in one print profile (PDF and DOCX), made
    once per test run and shared by every test and worker that asks for that profile: read-only."""
    def build(folder: Path) -> dict:
        result = run_cli("build", str(REPO), "--out", str(folder / "out"), "--profile", profile, "--quiet")
        return {"returncode": result.returncode, "stderr": result.stderr}

    folder, made = made_once(tmp_path_factory, f"course-{profile}", build)
    assert made["returncode"] == 0, made["stderr"]
    return folder / "out"


MARKS_RE = re.compile(r"\[(\d+)\s+marks?\]")


def teacher_only_texts(lesson: dict) -> list[str]:
    """Every text a lesson (as YAML data) gives for the teacher's eyes only: model answers
    (of questions and parts), mark schemes, background, misconceptions, fact checks and
    differentiation notes, unsquashed; callers pick a minimum length to search for."""
    out = []
    for q in lesson.get("questions", []):
        out.append(q.get("model_answer", ""))
        out += [part.get("model_answer", "") for part in q.get("parts", [])]
        scheme = q.get("mark_scheme") or {}
        out += scheme.get("points", []) + scheme.get("indicative", [])
        out += [level["descriptor"] for level in scheme.get("levels", [])]
    notes = lesson.get("teacher_notes") or {}
    out.append(notes.get("background", ""))
    out += notes.get("misconceptions", [])
    out += [check["note"] for check in notes.get("fact_checks", [])]
    diff = notes.get("differentiation") or {}
    out += diff.get("support", []) + diff.get("extension", [])
    return [text for text in out if text]


# ----------------------------------------------------------------- reading a PDF's layout back


@dataclass(frozen=True)
class Run:
    """One piece of text as the PDF draws it: where, how big, in which font."""

    page: int
    x: float
    y: float
    size: float
    font: str
    text: str

    @property
    def bold(self) -> bool:
        return "Bold" in self.font

    @property
    def words(self) -> list[str]:
        return self.text.split()


def _mult(m, n):
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


_RUNS: dict[Path, list[Run]] = {}


def pdf_runs(path: Path) -> list[Run]:
    """Every non-blank text run of a PDF: page, origin, printed size (font size × text and
    user matrices), font name without its subset tag, and text. In drawing order."""
    if path in _RUNS:
        return _RUNS[path]
    from pypdf import PdfReader

    runs: list[Run] = []
    for number, page in enumerate(PdfReader(str(path)).pages):
        def visit(text, cm, tm, font, size, number=number):
            if not text.strip():
                return
            m = _mult(tm, cm)
            name = str((font or {}).get("/BaseFont", "")).split("+")[-1]
            runs.append(Run(number, m[4], m[5], size * math.hypot(m[2], m[3]), name, text.strip()))

        page.extract_text(visitor_text=visit)
    _RUNS[path] = runs
    return runs


def horizontal_rules(reader, page, width: float | None = None) -> list[tuple[float, float, float]]:
    """Every horizontal line stroked on a page (only those `width` wide, if given), as (x0, x1, y)
    in page space."""
    ctm, stack, point, rules, line_width = [1, 0, 0, 1, 0, 0], [], (0.0, 0.0), [], 1.0

    def apply(x, y):
        return ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]

    from pypdf.generic import ContentStream

    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append((ctm, line_width))
        elif op == b"Q":
            ctm, line_width = stack.pop()
        elif op == b"cm":
            ctm = _mult([float(v) for v in operands], ctm)
        elif op == b"w":
            line_width = float(operands[0]) * math.hypot(ctm[0], ctm[1])
        elif op == b"m":
            point = apply(float(operands[0]), float(operands[1]))
        elif op == b"l":
            end = apply(float(operands[0]), float(operands[1]))
            if abs(end[1] - point[1]) < 0.01 and (width is None or abs(line_width - width) < 0.01):
                rules.append((min(point[0], end[0]), max(point[0], end[0]), end[1]))
            point = end
    return rules


HEADER_RULE_WIDTH = 0.5
"""The running header's rule (writers/pdf/furniture.py): thinner than answer lines and box frames."""


def printed_top_margin(path: Path, theme) -> float:
    """The top margin the PDF writer gave this document, read off its header rule.

    A running header that wraps onto more lines gets a deeper margin than the theme's
    (`page_furniture.top_margin`), so the theme's margin would count its lower lines as body
    text. The rule is the page's topmost full-width line at the header rule's width, only
    header lines above it (at the small size), the last `header_rule_drop` above it; the text
    area starts `header_rise` below that line. A page without it leaves the theme's margin."""
    from pypdf import PdfReader

    reader, runs, margin = PdfReader(str(path)), pdf_runs(path), theme.margin_top
    right = theme.page_width - theme.margin_right
    for number, page in enumerate(reader.pages):
        full = [y for x0, x1, y in horizontal_rules(reader, page, HEADER_RULE_WIDTH)
                if abs(x0 - theme.margin_left) < 1 and abs(x1 - right) < 1]
        if not full:
            continue
        rule = max(full)
        last_line = rule + theme.header_rule_drop
        above = [r for r in runs if r.page == number and r.y > rule]
        if (any(abs(r.y - last_line) < 1 for r in above)
                and all(abs(r.size - theme.small_size) < 0.05 for r in above)):
            margin = max(margin, theme.page_height - (last_line - theme.header_rise))
    return margin


def printed_theme(path: Path, theme):
    """`theme` with the top margin this PDF writer's document was printed with."""
    from dataclasses import replace

    return replace(theme, margin_top=printed_top_margin(path, theme))


def is_furniture(run: Run, theme) -> bool:
    """The running header (above the top margin) and the footer ("Page x of y", tier mark).

    Give the document's own theme (`printed_theme`): its header may need more than the theme's margin."""
    return run.y > theme.page_height - theme.margin_top or run.y < theme.margin_bottom


def body_runs(path: Path, theme) -> list[Run]:
    theme = printed_theme(path, theme)
    return [r for r in pdf_runs(path) if not is_furniture(r, theme)]


FACES = {"DejaVuSans": ("DejaVu Sans", "regular"), "DejaVuSans-Bold": ("DejaVu Sans", "bold"),
         "DejaVuSans-Oblique": ("DejaVu Sans", "italic"), "DejaVuSans-BoldOblique": ("DejaVu Sans", "bolditalic"),
         "DejaVuSerif": ("DejaVu Serif", "regular"), "DejaVuSerif-Bold": ("DejaVu Serif", "bold"),
         "DejaVuSerif-Italic": ("DejaVu Serif", "italic"), "DejaVuSerif-BoldItalic": ("DejaVu Serif", "bolditalic")}


def run_width(run: Run) -> float:
    from lessonpack.fonts import string_width

    family, face = FACES.get(run.font, ("DejaVu Sans", "regular"))
    return string_width(run.text, family, run.size, face)


def question_number_runs(path: Path, theme) -> list[Run]:
    """The bold numbers standing in the question-number column at the left margin."""
    return [r for r in body_runs(path, theme)
            if r.bold and re.fullmatch(r"\d+", r.text) and abs(r.x - theme.margin_left) < 1]


def question_numbers(path: Path, theme) -> list[str]:
    return [r.text for r in question_number_runs(path, theme)]


def overprinted(path: Path) -> list[tuple[str, str]]:
    """Pairs of runs on one page whose lines are closer than the type allows and whose text overlaps."""
    runs = pdf_runs(path)
    pairs = []
    for i, a in enumerate(runs):
        for b in runs[i + 1:]:
            if a.page != b.page or not 0.5 < abs(a.y - b.y) < 0.7 * min(a.size, b.size):
                continue
            if a.x < b.x + run_width(b) - 1 and b.x < a.x + run_width(a) - 1:
                pairs.append((a.text, b.text))
    return pairs



# ----------------------------------------------------------------- stacked tables (PDF and DOCX)

ORGANISER_HEADER = ("Factor", "What Source A says", "Other evidence", "P or S?")
"""The columns of lesson 03's organiser."""
WORDS = ("Bureaucracy", "Commissariat", "Nomenklatura", "Secretariat")
"""Words too long for the organiser's columns in large print, numbered by row to find each box's cells."""


def boxes_after_lines(filler: int, rows: tuple, row_lines: int = 0) -> d.Document:
    """A stacked organiser under `filler` one-line paragraphs, so its boxes meet the page foot
    at a different place for each filler."""
    lines = tuple(d.Paragraph((d.Text(f"Line {n}"),)) for n in range(filler))
    table = d.Table(tuple((d.Text(h),) for h in ORGANISER_HEADER), rows, row_lines)
    return d.Document(d.DocumentInfo("Stalin", "Student worksheet", "History"), (*lines, table))


def filled_rows(count: int) -> tuple:
    return tuple(tuple((d.Text(f"{word}{i}"),) for word in WORDS) for i in range(1, count + 1))


TALL_ROW = (((d.Text(f"{WORDS[0]}1"),), (d.Text(f"{WORDS[1]}1" + " said so" * 20),),
             (d.Text(f"{WORDS[2]}1" + " and more" * 40),), (d.Text(f"{WORDS[3]}1"),)),)
"""A box taller than a large-print-24 page, by two long cells each shorter than a page."""


def page_of(pages: list[str], text: str) -> int:
    """The first page (from 0) whose text has `text` as words of its own."""
    return next(i for i, page in enumerate(pages) if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", page))


def broken_well(pages: list[str]) -> bool:
    """Whether TALL_ROW's box runs onto a second page with each label on the page of what it
    heads, and its name on the page of the next label and cell."""
    name = page_of(pages, f"{WORDS[0]}1")
    labels = ORGANISER_HEADER[1:]
    return (name == page_of(pages, labels[0]) and
            all(page_of(pages, label) == page_of(pages, f"{word}1") for label, word in zip(labels, WORDS[1:])) and
            page_of(pages, f"{WORDS[3]}1") > name)


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def libreoffice_pdfs(soffice: str, files: list[Path], folder: Path) -> list[Path]:
    """Each DOCX printed to a PDF in `folder` by LibreOffice, in one call (each start costs
    seconds), with a private profile so it never meets an office already running."""
    result = subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return [folder / f"{Path(f).stem}.pdf" for f in files]


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    """A cache folder of the test's own (`LESSONPACK_CACHE_DIR`), empty at the start."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("LESSONPACK_CACHE_DIR", str(folder))
    return folder
