"""A statistics chart as a student reads it on every paper (issue 19): each label printed, none
smaller than the paper's body size on an enlarged paper, none overlapping another; the DOCX's
chart picture as large as the PDF's and painted on the paper's colour.

Lesson 03's Source C (party membership, ten years as a bar chart) is the shipped case; the
pictures course's line chart is given forty years for the crowded case. The PDFs are read back
with pypdf (the runs inside the chart's area), the DOCX with python-docx and Pillow.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from conftest import REPO, copy_root, pdf_runs, printed_theme, run_cli
from lessonpack.fonts import string_width
from lessonpack.theme import theme_for
from lessonpack.writers.chart import ROW_TIGHTEST

LESSON_03 = "03-stalin-bureaucracy"
YEARS_03 = [str(y) for y in range(1917, 1927)]
EMU_PER_POINT = 12700
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def build(course_or_lesson: Path, out: Path, profile: str) -> Path:
    result = run_cli("build", str(course_or_lesson), "--out", str(out), "--profile", profile, "--quiet",
                     "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return out


def suffix(profile: str) -> str:
    return "" if profile == "standard" else f"_{profile}"


def chart_runs(pdf: Path, profile: str, units: str, source_line: str):
    """The text printed inside a chart: the runs from its units line down to (not including) the
    source line under it. A large-print chart on its side may be split between its rows (its
    source's head kept with its top): then the runs of each piece, from its units line down."""
    runs = pdf_runs(pdf)
    top = next(r for r in runs if r.text == units)
    foot = next(r for r in runs if r.page >= top.page and r.text.startswith(source_line) and
                (r.page > top.page or r.y < top.y))
    theme = printed_theme(pdf, theme_for("A4" if profile != "large-print-36" else "A3", profile))
    inside = []
    for page in range(top.page, foot.page + 1):
        head = top if page == top.page else next(r for r in runs if r.page == page and r.text == units)
        low = foot.y if page == foot.page else theme.margin_bottom
        inside += [r for r in runs if r.page == page and low < r.y <= head.y]
    assert inside, "no chart found"
    return inside, theme


def overlapping(runs) -> list[tuple[str, str]]:
    """Pairs of runs on one page whose boxes (measured width, descender to ascender) share any area."""
    boxes = [(r.x, r.x + string_width(r.text, "DejaVu Sans", r.size), r.y - 0.24 * r.size, r.y + 0.76 * r.size,
              r.text, r.page) for r in runs]
    return [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[5] == b[5] and a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]]


@pytest.mark.parametrize("profile", ["standard", "large-print-18", "large-print-24", "large-print-36"])
def test_the_chart_labels_every_year_at_its_size_without_overlap(tmp_path, profile):
    """Lesson 03's ten years at 18 pt and over do not fit side by side under their bars: before,
    the enlarged chart dropped all but every second or third year. Now its bars lie on their side,
    a year read across at the start of each; on the standard paper they still stand on one line."""
    out = build(REPO / "lessons" / f"{LESSON_03}.yaml", tmp_path / "out", profile)
    pdf = out / LESSON_03 / f"{LESSON_03}_source-extracts{suffix(profile)}.pdf"
    runs, theme = chart_runs(pdf, profile, "thousand members", "Source of the figures")
    years = [r for r in runs if r.text in YEARS_03]
    assert [r.text for r in years] == YEARS_03
    if profile == "standard":
        assert len({round(r.y) for r in years}) == 1  # along one line under the bars
    else:
        assert min(r.size for r in runs) >= theme.body_size
    assert overlapping(runs) == []
    assert all(r.x >= theme.margin_left - 0.5 and r.x + string_width(r.text, "DejaVu Sans", r.size)
               <= theme.page_width - theme.margin_right + 0.5 for r in runs)


def docx_charts(path: Path) -> list[tuple[str, float, float, Image.Image]]:
    """Every inline picture of the DOCX body, as Word reads it: alt text, width and height in points, image."""
    document = Document(str(path))
    out = []
    for inline in document.element.body.iter(f"{WP}inline"):
        extent = inline.find(f"{WP}extent")
        blip = next(inline.iter(f"{A}blip")).get(f"{R}embed")
        out.append((inline.find(f"{WP}docPr").get("descr") or "", int(extent.get("cx")) / EMU_PER_POINT,
                    int(extent.get("cy")) / EMU_PER_POINT, Image.open(BytesIO(document.part.related_parts[blip].blob))))
    return out


def docx_chart(path: Path, alt_starts: str) -> tuple[float, float, Image.Image]:
    """The DOCX picture whose alt text starts so: its size in points and its image."""
    return next((w, h, png) for alt, w, h, png in docx_charts(path) if alt.startswith(alt_starts))


@pytest.mark.parametrize("profile", ["large-print-24", "dyslexia"])
def test_the_docx_chart_is_the_pdf_s_chart_full_width_on_the_paper_s_colour(tmp_path, profile):
    """Before, the enlarged chart was no taller than the standard one's shape (a row of type per
    year did not fit) and was painted on white on a cream page. Its alt text is still made from the figures."""
    out = build(REPO / "lessons" / f"{LESSON_03}.yaml", tmp_path / "out", profile)
    theme = theme_for("A4", profile)
    width, height, png = docx_chart(out / LESSON_03 / f"{LESSON_03}_source-extracts{suffix(profile)}.docx",
                                    "Bar chart")
    assert width == pytest.approx(theme.text_width, abs=1)
    if profile == "large-print-24":
        # a row of body-size type for each year, as tight as the PDF sets it under its run-on head
        assert height >= len(YEARS_03) * ROW_TIGHTEST * theme.body_size
    paper = theme.page_colour or "#FFFFFF"
    assert png.convert("RGB").getpixel((1, 1)) == tuple(int(paper[i:i + 2], 16) for i in (1, 3, 5))
    pdf = out / LESSON_03 / f"{LESSON_03}_source-extracts{suffix(profile)}.pdf"
    runs, _ = chart_runs(pdf, profile, "thousand members", "Source of the figures")
    for page in {r.page for r in runs}:  # all the PDF's labels fit (of each piece of a chart split between pages)
        on = [r.y for r in runs if r.page == page]
        # At 24 pt the chart runs on from its head in both formats, drawn tight to fit the room under
        # it; the DOCX's room is the less by the source's whole title, printed again over it (the PDF
        # prints "Source C (continued)"), so its rows may be tighter, as deep as the first assert allows.
        assert height >= max(on) - min(on) + theme.body_size * (profile != "large-print-24")
    alt = next(alt for alt, *_ in docx_charts(out / LESSON_03 / f"{LESSON_03}_source-extracts{suffix(profile)}.docx")
               if alt.startswith("Bar chart"))
    assert "1917: 24" in alt and "1926: 1,080" in alt and "thousand members" in alt  # the figures, not the drawing


def test_a_crowded_line_chart_labels_a_regular_subset_without_overlap(tmp_path):
    """Forty years on a line chart at 24 pt cannot all be labelled: a round subset is (1900, 1910 …); a lesson gives at most 40 rows."""
    course = copy_root("pictures", tmp_path)
    lesson = course / "lessons" / "01-sources.yaml"
    rows = ", ".join(f'["{year}", {100 + (year % 7) * 40}]' for year in range(1891, 1931))
    text = lesson.read_text(encoding="utf-8")
    text = re.sub(r'rows: \[\["1905", 2863\].*\]\]', f"rows: [{rows}]", text)
    assert "1930" in text
    lesson.write_text(text, encoding="utf-8")
    out = build(course, tmp_path / "out", "large-print-24")
    pdf = out / "01-sources" / "01-sources_source-extracts_large-print-24.pdf"  # large print: the source booklet
    runs, theme = chart_runs(pdf, "large-print-24", "thousands of strikers", "Source of the figures")
    years = sorted(int(r.text) for r in runs if re.fullmatch(r"1[89]\d\d", r.text))
    assert len(years) >= 3
    steps = {b - a for a, b in zip(years, years[1:])}
    assert len(steps) == 1 and steps.pop() in (2, 5, 10, 20)
    assert min(r.size for r in runs) >= theme.body_size
    assert overlapping(runs) == []


def test_an_upright_chart_drawn_flatter_gives_up_height_but_never_below_its_flattest():
    """To fit the room left on a page a chart's plot is drawn flatter, by at most 1 - FLATTEST of its
    usual height; its labels keep their size."""
    from lessonpack import document as d
    from lessonpack.writers.chart import FLATTEST, flattening, layout

    theme = theme_for("A4", "standard")
    block = d.Statistics(("Year", "Members"), tuple((str(1917 + i), (100.0 * (i + 1),)) for i in range(10)),
                         "thousand members", "Rigby (1968)", "bar", "Members by year")
    usual = layout(block, theme.text_width, theme)
    assert layout(block, theme.text_width, theme, flatter=20).height == pytest.approx(usual.height - 20)
    most = flattening(block, theme.text_width, theme)
    assert 0 < most < usual.height * (1 - FLATTEST)
    assert layout(block, theme.text_width, theme, flatter=10 * most).height == pytest.approx(usual.height - most)
    sizes = {s.size for s in layout(block, theme.text_width, theme, flatter=most).shapes if hasattr(s, "size")}
    assert sizes == {s.size for s in usual.shapes if hasattr(s, "size")}


@pytest.mark.parametrize("headnote", ["", "A long note on where the figures come from. " * 12])
def test_a_chart_whose_source_line_makes_it_taller_than_a_page_still_prints(headnote):
    """A chart drawn to most of the page and a long "Source of the figures" line under it are
    together taller than a page at 36 pt: the line goes on under the chart, overleaf if it must,
    never "too large to fit on one page"."""
    from pypdf import PdfReader

    from lessonpack import document as d
    from lessonpack.writers.pdf import write_pdf

    theme = theme_for("A3", "large-print-36")
    block = d.Statistics(("Year", "Members"), tuple((str(1917 + i), (100.0 * (i + 1),)) for i in range(10)),
                         "thousand members", "Rigby, Communist Party Membership in the USSR. " * 8, "bar",
                         "Members by year")
    source = d.SourceItem("C", "Party membership", "Figures of 1968", headnote, block)
    info = d.DocumentInfo("Course", "Lesson", "Source extracts")
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(write_pdf(d.Document(info, (source,)), theme))).pages)
    assert "Source C" in text and text.count("Rigby") == 8
