"""Large-print furniture (issue 16): what stands around the questions is as usable as they are.

Read back from the shipped course built on the standard paper and in large print at 18, 24 and
36 pt (PDF with pypdf and poppler's pdftotext, DOCX with python-docx), and from a class set
of lesson 02 at 18 pt:

- Name, Class and Date each have a write-on space of at least 40 mm on every paper;
- a filled-in class or name stands whole on its line (not "10 / B");
- nothing on a large-print paper is smaller than its body size: header, footer, line and
  ¶ numbers included.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import docx
import pytest
from pagecheck import read_paper

from conftest import FIXTURES, REPO, course_in_profile, docx_paragraphs, made_once, pdf_runs, run_cli
from lessonpack.fonts import missing_glyphs
from lessonpack.theme import theme_for
from lessonpack.wording import details_field, printed_words

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="write-on lines are measured against words placed by poppler's pdftotext")

MM = 72 / 25.4
WRITE_ON_MIN = 40 * MM
"""Issue 16: room to write a name, a class, a date by hand at any print size."""
LARGE = ("large-print-18", "large-print-24", "large-print-36")
PAPERS = ("standard", *LARGE)
LABELS = tuple(details_field(label) for label in printed_words().details_labels)
""""Name:", "Class:", "Date:" as printed."""
LESSON02 = REPO / "lessons" / "02-trotsky-following.yaml"
ROSTER = FIXTURES / "rosters" / "10B.csv"


def worksheet(out: Path, kind: str) -> Path:
    return next((out / "02-trotsky-following").glob(f"*student-worksheet*.{kind}"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ----------------------------------------------------------------- write-on space, PDF


def write_on_lines(pdf: Path, theme, page: int = 0) -> dict[str, list[float]]:
    """Each details label on a page and the length of the ruled line it is written on: the
    nearest horizontal rule starting right of the label, a little below its baseline."""
    paper = read_paper(pdf, theme)
    rules = [s for s in paper.on(page, paper.strokes) if s.horizontal]
    found: dict[str, list[float]] = {}
    for word in paper.on(page, paper.words):
        if word.text not in LABELS:
            continue
        below = [s for s in rules if min(s.x0, s.x1) >= word.x1 - 1
                 and word.y0 - theme.body_size <= s.y0 <= word.y0 + 1]
        nearest = min(below, key=lambda s: min(s.x0, s.x1), default=None)
        found.setdefault(word.text, []).append(abs(nearest.x1 - nearest.x0) if nearest else 0.0)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("profile", PAPERS)
def test_name_class_and_date_each_have_40_mm_to_write_on_in_the_pdf(tmp_path_factory, profile):
    theme = theme_for("A4", profile)
    pdf = worksheet(course_in_profile(tmp_path_factory, profile), "pdf")
    lines = write_on_lines(pdf, theme)
    assert sorted(lines) == sorted(LABELS), lines
    short = {label: f"{length / MM:.0f} mm" for label, (length, *_) in lines.items() if length < WRITE_ON_MIN - 0.5}
    assert short == {}, f"{pdf.name}: write-on lines shorter than 40 mm"
    right = max(w.x1 for w in read_paper(pdf, theme).words if w.page == 0 and w.text in LABELS)
    assert right <= theme.page_width - theme.margin_right, "a details label beyond the right margin"


# ----------------------------------------------------------------- write-on space, DOCX


def docx_write_on(path: Path) -> dict[str, float]:
    """Each details label and the width of the ruled cell beside it (the write-on line), in points:
    the labels and their values are a borderless table's cells, each value cell ruled at its foot."""
    found: dict[str, float] = {}
    for table in docx.Document(str(path)).tables:
        cells = table.rows[0].cells
        if not cells or not cells[0].text.startswith(LABELS):
            continue
        for label, value in zip(cells[::2], cells[1::2]):
            found[label.text.split(" ", 1)[0]] = value.width.pt
    return found


@pytest.mark.slow
@pytest.mark.parametrize("profile", PAPERS)
def test_name_class_and_date_each_have_40_mm_to_write_on_in_the_docx(tmp_path_factory, profile):
    path = worksheet(course_in_profile(tmp_path_factory, profile), "docx")
    lines = docx_write_on(path)
    assert sorted(lines) == sorted(LABELS), lines
    assert {label: f"{length / MM:.0f} mm" for label, length in lines.items() if length < WRITE_ON_MIN - 0.5} == {}


# ----------------------------------------------------------------- a class set at 18 pt


@pytest.fixture(scope="module")
def class_set_18(tmp_path_factory) -> Path:
    def make(folder: Path) -> dict:
        result = run_cli("build", str(LESSON02), "--roster", str(ROSTER), "--out", str(folder / "out"),
                         "--profile", "large-print-18", "--quiet")
        return {"returncode": result.returncode, "stderr": result.stderr}

    folder, made = made_once(tmp_path_factory, "class-set-10b-large-print-18", make)
    assert made["returncode"] == 0, made["stderr"]
    return next((folder / "out").rglob("class-10B"))


def details_lines(pdf: Path, theme) -> list[tuple[int, str]]:
    """Every line of text (page, words joined) that starts with a details label, in page order."""
    paper = read_paper(pdf, theme)
    out = []
    for page in range(paper.pages):
        words = paper.on(page, paper.words)
        for label in (w for w in words if w.text in LABELS):
            row = sorted((w for w in words if abs(w.y0 - label.y0) < 2 and w.x0 >= label.x0), key=lambda w: w.x0)
            text = []
            for word in row:
                if word is not label and word.text in LABELS:
                    break  # the next field on the same row
                text.append(word.text)
            out.append((page, " ".join(text)))
    return out


@pytest.mark.slow
def test_a_class_set_copy_at_18_pt_prints_the_class_and_name_whole_on_their_lines(class_set_18):
    import csv

    theme = theme_for("A4", "large-print-18")
    with ROSTER.open(encoding="utf-8-sig", newline="") as f:
        roster = list(csv.DictReader(f))
    group = roster[0]["class"]
    printable = [nfc(row["name"]) for row in roster if not missing_glyphs(row["name"], theme.body_font)]
    pdfs = sorted(class_set_18.glob("*.pdf"))
    print_file = next(p for p in pdfs if "print-all" in p.name)
    for pdf in pdfs:
        lines = [nfc(text) for _, text in details_lines(pdf, theme)]
        classes = [text for text in lines if text.startswith(LABELS[1])]
        copies = 1 if pdf != print_file else len(roster)
        assert classes == [f"{LABELS[1]} {group}"] * copies, (pdf.name, classes)
        names = [text.removeprefix(LABELS[0]).strip() for text in lines if text.startswith(LABELS[0])]
        assert len(names) == copies, (pdf.name, names)
        assert set(printable) <= set(names) if pdf == print_file else names[0] in printable or not any(
            pdf.name.startswith(n.replace(" ", "-")) for n in printable), (pdf.name, names)


# ----------------------------------------------------------------- sizes


@pytest.mark.slow
@pytest.mark.parametrize("profile", LARGE)
def test_nothing_in_a_large_print_pdf_is_smaller_than_its_body_size(tmp_path_factory, profile):
    theme = theme_for("A4", profile)
    small = {}
    for pdf in sorted(course_in_profile(tmp_path_factory, profile).rglob("*.pdf")):
        for run in pdf_runs(pdf):
            if run.size < theme.body_size - 0.05:
                small.setdefault(f"{run.size:.1f} pt", set()).add(run.text[:30])
    assert small == {}


def run_size(run, paragraph) -> float | None:
    """A run's printed size: its own, else its character style's, else its paragraph style's (each with their bases)."""
    if run.font.size is not None:
        return run.font.size.pt
    for style in (run.style, paragraph.style):
        while style is not None:
            if style.font.size is not None:
                return style.font.size.pt
            style = style.base_style
    return None


@pytest.mark.slow
@pytest.mark.parametrize("profile", LARGE)
def test_nothing_in_a_large_print_docx_is_smaller_than_its_body_size(tmp_path_factory, profile):
    theme = theme_for("A4", profile)
    small = {}
    for path in sorted(course_in_profile(tmp_path_factory, profile).rglob("*.docx")):
        section = docx.Document(str(path)).sections[0]
        paragraphs = [*docx_paragraphs(path), *section.header.paragraphs, *section.footer.paragraphs]
        for paragraph in paragraphs:
            for run in paragraph.runs:
                size = run_size(run, paragraph)
                if run.text.strip() and size is not None and size < theme.body_size - 0.05:
                    small.setdefault(f"{size:.1f} pt", set()).add(run.text[:30])
    assert small == {}


# ----------------------------------------------------------------- a print file's running headers


def test_a_print_file_s_text_starts_below_every_copy_s_running_header(tmp_path):
    """A copy whose running header wraps onto one more line than the first copy's (a longer kind
    of document) printed its last header line over the text: the print file was laid out with
    the first copy's top margin."""
    from pagecheck import outside_text_area

    from lessonpack import document as d
    from lessonpack.page_furniture import running_header
    from lessonpack.writers.pdf.copies import write_pdf_copies

    theme = theme_for("A4", "large-print-24")
    blocks = (d.Heading(1, (d.Text("The soviet"),)), d.Paragraph((d.Text("The workers elected deputies."),)))
    # A title too long to hold either kind beside it: a copy's kind is left out of its header, but
    # a version's kind is not (it takes a line of its own).
    title, course = "1923–29: a clash of social forces?", "Personality in History: Stalin vs Trotsky"
    short = d.DocumentInfo(title, "Student worksheet", course, student="Ann", group="10B")
    longer = d.DocumentInfo(title, "Student worksheet · version A", course, student="Bo", group="10B")
    assert len(running_header(longer, theme).lines) > len(running_header(short, theme).lines)
    path = tmp_path / "print-all.pdf"
    path.write_bytes(write_pdf_copies([d.Document(short, blocks), d.Document(longer, blocks)], theme))
    assert outside_text_area(read_paper(path, theme)) == []
