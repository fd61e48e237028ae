"""Shared helpers: sample courses under tests/roots/, the shipped course built once, text readers.

Sample courses are data: each folder in tests/roots/ is a small course (lessons/course.yaml,
lessons/essays/*.md, lessons/*.yaml, sometimes templates/) showing one feature or one
mistake. Tests copy a root into tmp_path before building it, so nothing is written
into the repository.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

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


PAGE_FOOTER = re.compile(r"^\s*Page \d+ of \d+\s*$")


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


def essay_for(shipped, lesson: dict, source: dict | None = None):
    from lessonpack.essay import load_essay

    name = (source or {}).get("essay") or lesson.get("essay") or shipped.course_yaml()["essay"]
    return load_essay(shipped.root / "lessons" / "essays" / f"{name}.md")


def extract_texts(essay, source: dict) -> list[str]:
    """The essay text a source's extract is made of, looked up in the essay file."""
    texts = []
    for passage in source["extract"]:
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


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m lessonpack ARGS` as a user would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "lessonpack", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="session")
def shipped(tmp_path_factory) -> ShippedBuild:
    """Build the repository's lessons/ once per session with the real command line."""
    out = tmp_path_factory.mktemp("shipped-out")
    result = run_cli("build", str(REPO), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return ShippedBuild(REPO, out, result.stdout)


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
