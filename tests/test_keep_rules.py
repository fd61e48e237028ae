"""How the PDF breaks pages (issue 16, points 1 and 2), read back from the printed pages.

Each small document puts its block under a different number of filler lines, so the page foot
meets it at every height; what a student sees on each page is checked: the title repeated over
a box's continuation, "Question N (continued)" over continued answer lines, a question's stem
with answer lines under it, no heading at a page foot, and pages filled.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO, is_furniture, pdf_runs
from pagecheck import (answer_space, box_pieces, heading_and_one_line_at_foot, heading_at_foot, page_too_blank,
                       question_without_answer_space, read_paper, short_box_fragment, source_heading_without_box)

from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.wording import continued_label, question_label, source_continued
from lessonpack.writers.pdf import write_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="the page checks measure words with poppler's pdftotext")

T = theme_for()
INFO = d.DocumentInfo("The soviet", "Student worksheet", "History")


def text(words: str) -> tuple[d.Inline, ...]:
    return (d.Text(words),)


def filler(count: int) -> tuple[d.Block, ...]:
    return tuple(d.Paragraph(text(f"Filler line {n} about the workers' deputies.")) for n in range(count))


def source(lines: int, glossary: bool = True) -> d.SourceBox:
    return d.SourceBox("B", "Trotsky's following", "rfzo47, blog post, undated.", "The essay on the soviet.",
                       tuple(d.ExtractLine(f"Extract line {n} of the soviet's story", n) for n in range(1, lines + 1)),
                       glossary=(("soviet", "a council of workers"),) if glossary else ())


def question(number: str, lines: int, stem: str = "Explain why the soviet mattered to the workers.",
             *more: d.Block) -> d.Question:
    return d.Question(number, (d.Paragraph(text(stem)), *more), 4, d.AnswerSpace("lines", lines))


def build(tmp_path, blocks: tuple[d.Block, ...], name: str, theme=T):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(write_pdf(d.Document(INFO, blocks), theme))
    return path


def body(path, theme=T):
    return [r for r in pdf_runs(path) if not is_furniture(r, theme)]


def first_on(path, page: int, theme=T):
    """The topmost body run of a page (from 0)."""
    return max((r for r in body(path, theme) if r.page == page), key=lambda r: r.y)


# ----------------------------------------------------------------- source boxes

@pytest.mark.parametrize("profile", ["standard", "dyslexia"])
def test_a_split_source_box_keeps_three_lines_each_side_and_repeats_its_title(tmp_path, profile):
    theme = theme_for("A4", profile)
    splits = 0
    for count in range(0, 46, 3):
        path = build(tmp_path, (*filler(count), source(30)), f"{profile}-{count}", theme)
        paper = read_paper(path, theme)
        assert short_box_fragment(paper) == [] and source_heading_without_box(paper) == [], count
        pieces = box_pieces(paper)
        assert sum(len(p.lines) for p in pieces) == 30
        for piece in pieces[1:]:
            splits += 1
            assert first_on(path, piece.page, theme).text == source_continued("B"), count
        # The glossary is printed with the box's last lines.
        (glossary,) = [r for r in body(path, theme) if "council of workers" in r.text]
        assert glossary.page == pieces[-1].page
    assert splits >= 3  # the fillers did make the box split


def test_a_source_s_title_caption_and_headnote_stay_with_three_lines_of_its_box(tmp_path):
    for count in range(30, 48):
        path = build(tmp_path, (*filler(count), source(12, glossary=False)), f"head-{count}")
        runs = body(path)
        (title,) = [r for r in runs if r.text.startswith("Source B:")]
        lines = [r for r in runs if r.text.startswith("Extract line")]
        assert sum(r.page == title.page for r in lines) >= 3, count


# ----------------------------------------------------------------- questions and their answer space

def test_continued_answer_lines_always_say_question_n_continued(tmp_path):
    label = continued_label(question_label("3"))
    continued = 0
    for count in range(20, 48):
        path = build(tmp_path, (*filler(count), question("3", 12)), f"q-{count}")
        paper = read_paper(path, T)
        assert question_without_answer_space(paper) == [], count
        (number,) = [r for r in body(path) if r.text == "3"]
        rules = [s for s in answer_space(paper)]
        on_stem_page = [s for s in rules if s.page == number.page and s.y0 < number.y]
        assert len(on_stem_page) >= 2, count  # the stem never ends a page without two answer lines
        for page in sorted({s.page for s in rules} - {number.page}):
            continued += 1
            assert first_on(path, page).text == label, count
    assert continued >= 5


def test_answer_lines_never_go_overleaf_one_alone(tmp_path):
    """A question whose answer lines run over sends at least two under "Question N (continued)"."""
    singles, splits = [], 0
    for count in range(20, 48):
        path = build(tmp_path, (*filler(count), question("3", 12), *filler(20)), f"one-{count}")
        paper = read_paper(path, T)
        (number,) = [r for r in body(path) if r.text == "3"]
        rules = answer_space(paper)
        for page in sorted({s.page for s in rules} - {number.page}):
            splits += 1
            if len([s for s in rules if s.page == page]) < 2:
                singles.append(count)
    assert splits >= 5 and singles == []


def test_answer_space_grows_to_the_page_foot_when_the_next_question_goes_overleaf(tmp_path):
    long_stem = " ".join(["The deputies met each evening and argued about the strike."] * 12)
    grown = 0
    for count in range(10, 30, 2):
        blocks = (*filler(count), question("1", 3), question("2", 4, long_stem))
        path = build(tmp_path, blocks, f"fill-{count}")
        paper = read_paper(path, T)
        assert page_too_blank(paper) == [], count
        (two,) = [r for r in body(path) if r.text == "2"]
        if two.page > 0:
            first_page_rules = [s for s in answer_space(paper) if s.page == 0]
            assert len(first_page_rules) > 3, count  # more room than question 1 asked for
            grown += 1
    assert grown >= 2


def test_a_question_in_parts_grows_its_last_part_s_answer_space_when_the_next_question_goes_overleaf(tmp_path):
    long_stem = " ".join(["The deputies met each evening and argued about the strike."] * 12)
    grown = 0
    for count in range(10, 30, 2):
        parts = (d.Question("(a)", (d.Paragraph(text("Name the soviet's chairman.")),), 1, d.AnswerSpace("lines", 2),
                            part=True),
                 d.Question("(b)", (d.Paragraph(text("Say why he mattered.")),), 2, d.AnswerSpace("lines", 3),
                            part=True))
        in_parts = d.Question("1", (d.Paragraph(text("Source B.")), *parts), None, d.AnswerSpace("none", 0))
        path = build(tmp_path, (*filler(count), in_parts, question("2", 4, long_stem)), f"parts-{count}")
        paper = read_paper(path, T)
        assert page_too_blank(paper) == [], count
        (two,) = [r for r in body(path) if r.text == "2"]
        # (a) and (b) asked for 5 lines; under (b) they grow to the page foot.
        grown += two.page > 0 and len([s for s in answer_space(paper) if s.page == 0]) > 5
    assert grown >= 3


def test_a_matching_question_at_24_pt_has_a_letter_to_write_on_its_number_s_page(tmp_path):
    """Printed as one box per item (the grid is too wide for 24 pt), each box keeps its first space
    to write in with its first rows, and the instructions under the number are measured at the
    width they are printed at."""
    theme = theme_for("A4", "large-print-24")
    terms = ("Left Opposition", "United Opposition", "Socialism in One Country", "NEP")
    meanings = ("A. Lenin's policy from 1921 allowing small private trade",
                "B. Trotsky's group from 1923, calling for more democracy inside the party",
                "C. Stalin's slogan of 1924", "D. The alliance of Trotsky, Zinoviev and Kamenev")
    grid = d.Table((text(""), text("Item"), text("Your letter"), text("Match")),
                   tuple((text(str(n)), text(term), (), text(meaning))
                         for n, (term, meaning) in enumerate(zip(terms, meanings), 1)), answer_column=2)
    matching = d.Question("3", (d.Paragraph(text("Match each term to its meaning.")),
                                d.Paragraph(text("Match each item with one of the lettered answers: write that "
                                                 "answer's letter under “Your letter”.")), grid),
                          5, d.AnswerSpace("none", 0))
    for count in range(0, 14):
        path = build(tmp_path, (*filler(count), matching), f"matching-{count}", theme)
        assert question_without_answer_space(read_paper(path, theme)) == [], count


def test_a_timeline_split_across_pages_leaves_two_entries_each_side_and_fills_the_page(tmp_path):
    events = tuple(d.TimelineEvent(f"{1900 + n}", 1900 + n, f"The soviet's event number {n}: the deputies met, argued and voted on the strike "
                                  "and on the newspaper of the soviet") for n in range(8))
    two_first = 0
    for count in range(24, 40):
        blocks = (*filler(count), d.Heading(2, text("Timeline")), d.Timeline("", events))
        path = build(tmp_path, blocks, f"timeline-{count}")
        assert page_too_blank(read_paper(path, T)) == [], count
        dates = [r for r in body(path) if r.text in {e.date for e in events}]
        per_page = [len([r for r in dates if r.page == page]) for page in sorted({r.page for r in dates})]
        assert len(dates) == 8 and all(n >= 2 for n in per_page), (count, per_page)
        two_first += per_page[0] == 2
    assert two_first >= 1


def test_questions_and_the_total_never_stand_alone_at_a_page_foot(tmp_path):
    for count in range(30, 50):
        blocks = (*filler(count), d.Heading(2, text("Questions")), d.Paragraph(text("Total: 43 marks.")),
                  question("1", 6, " ".join(["Why did the soviet matter to the workers of the city?"] * 5)))
        paper = read_paper(build(tmp_path, blocks, f"total-{count}"), T)
        assert heading_at_foot(paper) == [] and heading_and_one_line_at_foot(paper) == [], count


def test_a_short_extension_task_is_not_broken_across_pages(tmp_path):
    extension = d.Paragraph((d.Strong(text("Extension:")), d.Text(
        " Which other source from 1905 would you most like to compare with the essay, and why? Think about "
        "who wrote it, when, and for whom; what they could have seen for themselves; what they left out, and "
        "why a historian might trust it more or less than the essay.")))
    # A question longer than a page, so it must break somewhere.
    for count in range(34, 50):  # notes enough to make the question longer than a page
        notes = tuple(d.Paragraph(text(f"Note {n} about the soviet…")) for n in range(count))
        blocks = (d.Paragraph(text("The soviet.")), question("5", 6, "Explain why the soviet mattered.", *notes,
                                                             extension))
        path = build(tmp_path, blocks, f"ext-{count}")
        pages = {r.page for r in body(path) if r.text.startswith("Extension") or "essay." in r.text}
        assert len(pages) == 1, count


def test_a_short_fact_check_box_is_never_split(tmp_path):
    check = d.Box("warning", "Fact check", tuple(d.Paragraph(text(f"Check line {n}: the soviet met in 1905."))
                                                 for n in range(5)))
    for count in range(24, 40):
        path = build(tmp_path, (*filler(count), check), f"box-{count}")
        pages = {r.page for r in body(path) if r.text == "Fact check" or r.text.startswith("Check line")}
        assert len(pages) == 1, count


@pytest.mark.parametrize("block", [
    # A choice and an ordering split only where taller than a page (`test_an_ordering_that_fits_a_page_never_splits`).
    d.Choices(tuple(text(f"Option {n}: the soviet met in the Technological Institute, then in the Free Economic "
                         "Society's hall, and its deputies were elected by the workers of each factory.")
                    for n in range(1, 27))),
    d.Choices(tuple(text(f"Option {n}: the soviet met in the Technological Institute.") for n in range(1, 49)),
              style="number"),
    d.TrueFalse(tuple(text(f"Option {n}: the soviet met in the Technological Institute.") for n in range(1, 13))),
], ids=["multiple-choice", "ordering", "true-false"])
def test_a_tick_list_broken_across_pages_says_question_n_continued_with_two_items_each_side(tmp_path, block):
    """The dyslexia paper's lesson 02 question 5 once put its last two items alone at the top of
    a page, with nothing to say whose they were."""
    label = continued_label(question_label("5"))
    splits = 0
    for count in range(28, 48):
        stem = "Put these in order, or tick the right ones."
        blocks = (*filler(count), d.Question("5", (d.Paragraph(text(stem)), block), 3, d.AnswerSpace("none")))
        path = build(tmp_path, blocks, f"tick-{count}")
        options = [r for r in body(path) if r.text.startswith("Option")]
        pages = sorted({r.page for r in options})
        for page in pages[1:]:
            splits += 1
            assert first_on(path, page).text == label, count
        for page in pages if len(pages) > 1 else []:
            assert sum(r.page == page for r in options) >= 2, count
    assert splits >= 2  # the fillers did make the list split


@pytest.mark.parametrize("style", ["number", "tick"], ids=["ordering", "multiple-choice"])
@pytest.mark.parametrize("profile", ["standard", "large-print-18", "large-print-24"])
def test_an_ordering_that_fits_a_page_never_splits(tmp_path, profile, style):
    """Lesson 02's worksheet at 18 pt split its six events 3/3 under "Question 5 (continued)": a
    student orders events by reading them all at once. Where the stem and list fit a page they move
    together, whatever stands above them. So do a choice's options (the dyslexia paper's lesson 02
    question 8 printed A and B at a page foot, C and D overleaf)."""
    theme = theme_for("A4", profile)
    events = d.Choices(tuple(text(f"Event {n}: the soviet's leaders are arrested")
                             for n in range(1, 7)), style=style)
    stem = "Put these events in the order they happened, 1 (earliest) to 6 (latest)."
    moved = 0
    for count in range(0, 40, 2):
        blocks = (*filler(count), d.Question("5", (d.Paragraph(text(stem)), events), 3, d.AnswerSpace("none")))
        path = build(tmp_path, blocks, f"order-{count}", theme)
        runs = body(path, theme)
        (number,) = [r for r in runs if r.text == "5" and r.bold]
        pages = {r.page for r in runs if r.text.startswith("Event")}
        assert pages == {number.page}, (count, pages, number.page)
        moved += any(r.page == number.page - 1 for r in runs if r.text.startswith("Filler"))
    assert moved  # some fillers did leave too little room under them for the whole question


@pytest.mark.parametrize("style", ["number", "tick"], ids=["ordering", "multiple-choice"])
def test_a_stem_under_a_heading_it_does_not_fit_a_page_with_keeps_two_of_its_items(tmp_path, style):
    """Lesson 02's homework at 24 pt ended a page with "Questions", "Total: 11 marks." and Question 1's
    stem, its six events all overleaf (the page 58 % blank): a stem never ends a page without two of
    its items. Where the heading, stem and list do not fit one page, items come up with the stem and
    the rest go overleaf under "Question 1 (continued)", at least two each side."""
    theme = theme_for("A4", "large-print-24")
    events = d.Choices(tuple(text(f"Event {n}: the soviet's leaders, Trotsky among them, are arrested")
                             for n in range(1, 9)), style=style)
    stem = "Put these events in the order they happened, 1 (earliest) to 6 (latest)."
    label = continued_label(question_label("1"))
    split = 0
    for count in range(0, 16, 2):
        blocks = (*filler(count), d.Heading(2, text("Questions")), d.Paragraph(text("Total: 11 marks.")),
                  d.Question("1", (d.Paragraph(text(stem)), d.Paragraph(text("Write 1 to 6 in the boxes."))
                                   if style == "number" else d.Paragraph(text("Tick one box."))), 3,
                             d.AnswerSpace("none")))
        blocks = (*blocks[:-1], d.Question("1", (*blocks[-1].blocks, events), 3, d.AnswerSpace("none")))
        path = build(tmp_path, blocks, f"stem-{style}-{count}", theme)
        runs = body(path, theme)
        (number,) = [r for r in runs if r.text == "1" and r.bold]
        on = [r for r in runs if r.text.startswith("Event")]
        assert sum(r.page == number.page for r in on) >= 2, count
        for page in sorted({r.page for r in on} - {number.page}):
            split += 1
            assert sum(r.page == page for r in on) >= 2, count
            assert first_on(path, page, theme).text == label, count
        assert question_without_answer_space(read_paper(path, theme)) == [], count
    assert split  # the list did run on overleaf


@pytest.mark.parametrize("profile", ["standard", "dyslexia"])
def test_a_short_answer_space_or_list_never_splits_and_a_longer_one_leaves_three_lines_a_side(tmp_path, profile):
    """The standard paper's lesson 03 Question 1 split its four lines two and two over a page; the
    dyslexia papers split four true/false statements two and two, and lesson 02's Question 6 left
    two lines under its stem and six overleaf. An answer space of up to four lines, or a list of up
    to four items, stays whole; a longer space leaves at least three lines on each side."""
    from pagecheck_answers import answer_lines_split_short, tick_list_split

    theme = theme_for("A4", profile)
    statements = d.TrueFalse(tuple(text(f"Statement {n}: the soviet met in the Technological Institute.")
                                   for n in range(1, 5)))
    found, pages = [], set()
    for count in range(20, 46):
        for name, block in (("four", question("1", 4)), ("eight", question("1", 8)),
                            ("list", d.Question("1", (d.Paragraph(text("Tick true or false.")), statements), 4,
                                                d.AnswerSpace("none")))):
            path = build(tmp_path, (*filler(count), block), f"{name}-{count}", theme)
            paper = read_paper(path, theme)
            found += [(name, count, f) for f in answer_lines_split_short(paper) + tick_list_split(paper)]
            pages.add(paper.pages)
    assert found == []
    assert len(pages) > 1  # some fillers did leave too little room for the question


def test_a_word_bank_is_printed_with_the_end_of_its_gap_text(tmp_path):
    """The large-print-24 paper's lesson 03 question 4, at the top of a page, once printed its gap
    text there and its word bank alone at the top of the next."""
    bank = d.WordBank(("1917", "1922", "1924", "General Secretary", "Lenin Enrolment", "Zinoviev", "Trotsky",
                       "Commissar for War", "Great Terror", "1929"))
    theme = theme_for("A4", "large-print-24")
    stem = "Fill each gap with a word or words from the word bank."
    for sentences in range(2, 12):  # the gap text's end meets the page foot at every height
        gaps = d.Paragraph(text(" ".join(f"In ______ the soviet met for the {n + 1}th time." for n in range(sentences))
                                + " Its last ______ met in Moscow."))
        blocks = (d.Question("4", (d.Paragraph(text(stem)), gaps, bank), 5, d.AnswerSpace("none")),)
        path = build(tmp_path, blocks, f"bank-{sentences}", theme)
        runs = body(path, theme)
        (word_bank,) = [r for r in runs if r.text.startswith("Word bank")]
        above = [r for r in runs if r.page == word_bank.page and r.y > word_bank.y]
        assert any("Moscow." in r.text for r in above), sentences  # the gap text's last line


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_a_gap_fill_that_fits_a_page_is_printed_whole_with_its_word_bank(tmp_path, profile):
    """The large-print-24 paper's lesson 03 question 4 printed its first gaps at a page foot and the
    word bank a student fills them from overleaf. Where the question fits a page it moves whole."""
    theme = theme_for("A4", profile)
    bank = d.WordBank(("1917", "1922", "1924", "General Secretary", "Lenin Enrolment", "Zinoviev"))
    gaps = d.Paragraph(text(" ".join(f"In ______ the soviet met for the {n + 1}th time." for n in range(5))))
    stem = "Fill each gap with a word or words from the word bank."
    moved = 0
    for count in range(0, 40, 2):
        blocks = (*filler(count), d.Question("4", (d.Paragraph(text(stem)), gaps, bank), 5, d.AnswerSpace("none")))
        path = build(tmp_path, blocks, f"gaps-{count}", theme)
        runs = body(path, theme)
        (number,) = [r for r in runs if r.text == "4" and r.bold]
        pages = {r.page for r in runs if "soviet met for" in r.text or r.text.startswith("Word bank")}
        assert pages == {number.page}, (count, pages, number.page)
        moved += any(r.page == number.page - 1 for r in runs if r.text.startswith("Filler"))
    assert moved  # some fillers did leave too little room under them for the whole question


# ----------------------------------------------------------------- the shipped course

@pytest.mark.slow
def test_lesson_04_s_timeline_starts_under_its_heading_instead_of_leaving_a_page_blank(tmp_path):
    from lessonpack.course import load_course
    from lessonpack.pipeline import course_theme, make_document, template_set

    course = load_course(REPO)
    lesson = next(le for le in course.lessons if le.id == "04-social-forces")
    document = make_document(course, lesson, "worksheet", template_set(course.templates_dir))
    for profile in ("standard", "dyslexia"):
        theme = course_theme(course, profile)
        path = tmp_path / f"{profile}.pdf"
        path.write_bytes(write_pdf(document, theme))
        paper = read_paper(path, theme)
        assert page_too_blank(paper) == [] and heading_at_foot(paper) == []
        (heading,) = [r for r in body(path, theme) if r.text == "Timeline"]
        events = [r for r in body(path, theme) if r.page == heading.page and r.y < heading.y]
        assert len(events) >= 3


# ----------------------------------------------------------------- blocks longer than a page


@pytest.mark.parametrize("block", [
    d.Choices((text("the"), text("the time " + "x" * 732))),
    d.TrueFalse((text("the time " + "x" * 732), text("The soviet met in 1905."))),
], ids=["multiple-choice", "true-false"])
@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_an_option_longer_than_a_page_prints_whole_across_pages(tmp_path, block, profile):
    """A 732-letter word in an option once sent the layout on for ever at 24 pt: reportlab's
    splitting inside a table row moved the same piece to page after page. The option is now
    cut into rows of a third of a page, and every letter is printed."""
    theme = theme_for("A4", profile)
    path = tmp_path / "long.pdf"
    path.write_bytes(write_pdf(d.Document(INFO, (*filler(3), block)), theme))
    printed = "".join(run.text for run in pdf_runs(path) if not is_furniture(run, theme))
    assert printed.count("x") == 732


def test_a_layout_that_makes_only_empty_pages_stops_with_a_message():
    """Whatever block can be placed on no page, the build stops and says so instead of hanging."""
    from reportlab.platypus import Flowable, FrameBreak

    from lessonpack.errors import LessonpackError
    from lessonpack.writers.pdf.pages import assemble

    class Restless(Flowable):
        def wrap(self, avail_width, avail_height):
            return avail_width, avail_height + 1  # never fits

        def split(self, avail_width, avail_height):
            return [FrameBreak(), Restless()]  # always moves on

    with pytest.raises(LessonpackError, match="too large to fit on one page"):
        assemble(INFO, [[Restless()]], T)


def _indicative(points: int) -> tuple[d.Block, ...]:
    """A mark scheme's "Indicative content:" line and its list, longer than a third of a page."""
    return (d.Paragraph((d.Emph(text("Indicative content:")),)),
            d.ListBlock(False, tuple((d.Paragraph(text(f"Point {n}: the soviet was elected by workplaces, and "
                                                       "its delegates could be recalled at any time.")),)
                                     for n in range(1, points + 1))))


@pytest.mark.parametrize("heading", [(), (d.Heading(3, text("Question 8 (8 marks)")),)], ids=["alone", "in-section"])
def test_indicative_content_is_never_left_at_a_page_foot_without_its_first_point(tmp_path, heading):
    for count in range(28, 42):
        path = build(tmp_path, (*heading, *filler(count), *_indicative(12)), f"indicative-{count}")
        runs = body(path)
        label = next(r for r in runs if r.text.startswith("Indicative content"))
        first = next(r for r in runs if r.text.startswith("Point 1:"))
        assert label.page == first.page, count


def test_the_docx_keeps_indicative_content_with_its_list():
    from io import BytesIO

    import docx

    from lessonpack.writers.docx import write_docx

    document = docx.Document(BytesIO(write_docx(d.Document(INFO, (*filler(3), *_indicative(12))), T)))
    label = next(p for p in document.paragraphs if p.text == "Indicative content:")
    assert label.paragraph_format.keep_with_next
