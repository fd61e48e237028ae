"""Pages filled, not padded (issue 16): what follows a page's content starts on it where its own
keep rule allows, so no page but the last is left a quarter blank or more because a kept piece
was moved whole: a lesson plan's row, a source's long head, a chart turned on its side."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli
from pagecheck import content_foot, read_paper
from pypdf import PdfReader

from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.writers.pdf import write_pdf

BLANK_MAX = 0.30
"""The most of a page's text area the page checks let stay blank (tests/pagecheck.py)."""


def built(tmp_path: Path, lesson: str, profile: str, kind: str) -> Path:
    """One lesson's PDFs built on a paper; the path of the document of `kind`."""
    result = run_cli("build", str(REPO / "lessons" / f"{lesson}.yaml"), "--out", str(tmp_path), "--profile", profile,
                     "--format", "pdf", "--jobs", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    return next(tmp_path.rglob(f"{lesson}_{kind}{'' if profile == 'standard' else '_' + profile}.pdf"))


def page_texts(pdf) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


def page_of(pages: list[str], words: str) -> int:
    """The number (from 1) of the first page that prints these words."""
    return next(n for n, text in enumerate(pages, 1) if words in text)


def blank_shares(path: Path, theme) -> list[float]:
    """Each page's share of the text area left blank under its lowest text, rule or box."""
    paper = read_paper(path, theme)
    return [(content_foot(paper, page) - theme.margin_bottom) / theme.text_height for page in range(paper.pages)]


def test_a_lesson_plan_s_tall_last_row_does_not_hold_back_the_row_before_it(tmp_path):
    """At 18 pt the lesson plan's last two rows were kept together (so that a "Total" is never
    alone overleaf): too tall for what was left of page 3, both went to page 4, and page 3 was
    60 % blank under one row. A last row a quarter of a page tall is not a "Total"."""
    pages = page_texts(built(tmp_path, "03-stalin-bureaucracy", "large-print-18", "teacher-notes"))
    assert page_of(pages, "Questions: Students answer") == page_of(pages, "The General Secretary's toolkit")


def test_a_table_row_too_tall_for_the_room_left_breaks_between_the_lines_of_its_cells(tmp_path):
    """Moved whole, a row left up to its own height blank at the page foot (at 18 pt, rows of a
    third of a page left pages 33-54 % blank); broken between lines, no page but the last is 30 %
    blank, whatever the room left above the table."""
    theme = theme_for("A4", "large-print-18")  # a grid (at 24 pt the columns stack into boxes)
    header = ((d.Text("Phase"),), (d.Text("Minutes"),), (d.Text("Activity"),))
    for repeats in range(2, 6):
        activity = "Students read the source aloud and note who wrote it, when and why, " * repeats
        rows = tuple(((d.Text(f"Row {n}"),), (d.Text(f"{n * 5}"),), (d.Text(f"Step {n}. {activity}"),))
                     for n in range(1, 6))
        for filler in range(0, 12, 2):
            lines = tuple(d.Paragraph((d.Text(f"Line {n}"),)) for n in range(filler))
            path = tmp_path / f"{repeats}-{filler}.pdf"
            path.write_bytes(write_pdf(d.Document(d.DocumentInfo("Stalin", "Teacher notes", "History"),
                                                  (*lines, d.Table(header, rows))), theme))
            shares = blank_shares(path, theme)[:-1]
            assert max(shares, default=0) <= BLANK_MAX, (repeats, filler, [round(s, 2) for s in shares])
            text = " ".join(page_texts(path))
            assert all(f"Step {n}." in text for n in range(1, 6))


def test_a_chart_source_s_long_head_runs_on_between_sentences_to_its_chart_whole_on_one_page(tmp_path):
    """At 24 and 36 pt Source C's head (title, caption, a six-line headnote) and its chart on its side
    cannot share a page. Split between its rows (1917–22 / 1923–26), the chart was read on two pages.
    It fits a page, so it stands whole: the head starts where it stands and runs on between two of its
    headnote's sentences, its last sentence over the chart on the next page under "Source C
    (continued)", with the source of the figures."""
    for kind, profile in (("source-extracts", "large-print-24"), ("homework", "large-print-24"),
                          ("source-extracts", "large-print-36")):
        pages = page_texts(built(tmp_path / f"{kind}-{profile}", "03-stalin-bureaucracy", profile, kind))
        title = page_of(pages, "Source C: Party membership")
        head = pages[title - 1]
        assert "counted from 1920)." in " ".join(head.split()) and "thousand members" not in head, (kind, profile)
        rest = " ".join(pages[title].split())
        assert rest.startswith("Source C (continued) In 1924 the 'Lenin Enrolment'"), (kind, profile, rest[:80])
        chart = rest.split("thousand members")[1].split("Source of the figures")[0]
        assert all(str(year) in chart for year in range(1917, 1927)), (kind, profile, chart)


def test_a_source_s_head_too_long_for_a_page_with_its_lines_starts_where_it_stands(tmp_path):
    """Lesson 01's Source A has a headnote of twelve lines at 24 pt: with three lines of the box it
    is taller than the room under the title of the extracts, so it went to page 2 (page 1 62 %
    blank) and filled it, its box starting on page 3. It starts on page 1 and its box on page 2."""
    pages = page_texts(built(tmp_path, "01-soviet-1905", "large-print-24", "source-extracts"))
    assert page_of(pages, "Source A: The soviet of 1905") == 1
    assert page_of(pages, "In 1905 the first Russian") == 2


def test_an_upright_chart_short_of_the_room_left_is_drawn_flatter_not_moved(tmp_path):
    """On the standard paper lesson 03's Source C (its head and an upright chart, kept whole) was a
    little taller than what Source B left of page 2: it moved to page 3 and left page 2 half blank.
    Its plot is drawn flatter there (its labels keep their size) and the extracts take 3 pages, not 4."""
    from lessonpack.writers.chart import text_size

    theme = theme_for("A4", "standard")
    path = built(tmp_path, "03-stalin-bureaucracy", "standard", "source-extracts")
    pages = page_texts(path)
    assert len(pages) == 3
    title = page_of(pages, "Source C: Party membership")
    assert title == page_of(pages, "is really a secondary issue") and "Source of the figures" in pages[title - 1]
    labels = [r for r in read_paper(path, theme).runs if r.page == title - 1 and r.text in ("1917", "1926", "1,500")]
    assert labels and all(abs(r.size - text_size(theme)) < 0.05 for r in labels)


def test_a_list_item_one_line_too_long_for_the_room_left_starts_there_its_last_two_lines_overleaf(tmp_path):
    """reportlab's list refuses to leave one line of an item alone overleaf, and a split of the item's
    paragraph that did just that was refused: the item and the line leading in to it ("Indicative
    content:") moved whole, and lesson 05's notes at 24 pt left a page 52 % blank. A paragraph breaks
    so that at least two of its lines go overleaf, and the item starts where it stands."""
    theme = theme_for("A4", "large-print-24")
    item = " ".join(f"point{n}" for n in range(30))
    listed = d.ListBlock(False, ((d.Paragraph((d.Text(item),)),), (d.Paragraph((d.Text("Synthesis."),)),)))
    for filler in range(8, 20):
        lines = tuple(d.Paragraph((d.Text(f"Line {n}"),)) for n in range(filler))
        lead = d.Paragraph((d.Text("Indicative content:"),))
        path = tmp_path / f"{filler}.pdf"
        path.write_bytes(write_pdf(d.Document(d.DocumentInfo("Stalin", "Teacher notes", "History"),
                                              (*lines, lead, listed)), theme))
        pages = page_texts(path)
        first = page_of(pages, "Line 0")
        if page_of(pages, "Indicative content") > first:  # moved: only when too little is left for it
            assert blank_shares(path, theme)[first - 1] <= BLANK_MAX, filler
        last = pages[page_of(pages, "point29") - 1]
        if page_of(pages, "point0") != page_of(pages, "point29"):  # broken: two lines or more overleaf
            assert len([w for w in last.split() if w.startswith("point")]) >= 4, filler
