"""Source extracts broken into numbered lines: fitted to the measure, ¶ marks, "[…]" gaps, quote spans."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, pdf_text, root_path, squash
from lessonpack.context import build_context
from lessonpack.course import load_course
from lessonpack.essay import fold, load_essay
from lessonpack.extract import GAP, quote_lines, source_box
from lessonpack.linebreak import canonical_measures, wrap
from lessonpack.fonts import string_width

# Every paper a source is printed on: lines must fit each of them, so line numbers agree.
MEASURES = canonical_measures()
SHIPPED_ESSAY = REPO / "lessons" / "essays" / "personality-in-history.md"


def fits(text: str) -> bool:
    """Whether text fits every measure, measured with the PDF fonts' glyph widths."""
    return all(string_width(text, m.font, m.size) <= m.width for m in MEASURES)


@pytest.fixture(scope="module")
def gaps():
    """The extract-gaps course and its source boxes by letter."""
    course = load_course(root_path("extract-gaps"))
    lesson = course.lessons[0]
    return course, lesson, {s.source.letter: source_box(s) for s in lesson.sources}


@pytest.fixture(scope="module")
def essay():
    return load_essay(root_path("extract-gaps") / "lessons" / "essays" / "soviets.md")


def all_paragraphs():
    """Every paragraph of the shipped essay and of the test essay: real text to break."""
    texts = [p.text for p in load_essay(SHIPPED_ESSAY).paragraphs]
    texts += [p.text for p in load_essay(root_path("extract-gaps") / "lessons" / "essays" / "soviets.md").paragraphs]
    return texts


# ----------------------------------------------------------------- breaking lines


def test_line_breaking_is_deterministic(gaps):
    for text in all_paragraphs():
        assert wrap(text) == wrap(text)
    again = load_course(root_path("extract-gaps")).lessons[0]
    assert {s.source.letter: source_box(s) for s in again.sources} == gaps[2]


def test_there_is_a_measure_to_fit():
    assert MEASURES
    for m in MEASURES:
        assert 200 < m.width < 600 and 6 <= m.size <= 20  # points on A4 paper


def test_no_line_is_wider_than_the_measure_and_no_word_is_lost():
    for text in all_paragraphs():
        lines = wrap(text)
        assert lines, text
        for line in lines:
            assert fits(line), line
        assert " ".join(lines).split() == text.split()


def test_lines_are_filled_greedily():
    """Each line is as full as it can be: the next word would not have fitted on it."""
    for text in all_paragraphs():
        lines = wrap(text)
        for line, following in zip(lines, lines[1:]):
            assert not fits(f"{line} {following.split()[0]}"), (line, following)


def test_a_word_wider_than_the_measure_is_split_into_fitting_pieces():
    url = "https://example.org/" + "very-long-path-segment/" * 12
    lines = wrap(f"See {url} for more.")
    assert len(lines) >= 3
    assert all(fits(line) for line in lines)
    assert "".join(lines).replace(" ", "") == f"See{url}formore."


# ----------------------------------------------------------------- numbering and marks


def test_line_numbers_count_from_one_in_each_source(gaps):
    _, _, boxes = gaps
    assert set(boxes) == {"A", "B", "C"}
    for box in boxes.values():
        assert [line.number for line in box.lines] == list(range(1, len(box.lines) + 1))


def test_each_paragraph_is_marked_on_its_first_line(gaps, essay):
    _, _, boxes = gaps
    box = boxes["C"]  # paragraphs 3-4 and 5: whole paragraphs, nothing skipped
    marked = [line for line in box.lines if line.paragraph is not None]
    assert [line.paragraph for line in marked] == [3, 4, 5]
    # The lines from one ¶ mark to the next hold exactly that paragraph.
    starts = [box.lines.index(line) for line in marked] + [len(box.lines)]
    for line, start, end in zip(marked, starts, starts[1:]):
        text = " ".join(l.text for l in box.lines[start:end])
        assert text.split() == essay.paragraph(line.paragraph).text.split()
    assert not any(line.gap for line in box.lines)


def test_a_gap_line_marks_skipped_text_between_two_sections(gaps, essay):
    _, lesson, boxes = gaps
    box = boxes["A"]  # sections soviet-1905, then struggle
    first, second = essay.section("soviet-1905"), essay.section("struggle")
    assert first.last + 1 < second.first  # the test needs text between them
    gaps_at = [i for i, line in enumerate(box.lines) if line.gap]
    assert len(gaps_at) == 1
    gap = box.lines[gaps_at[0]]
    assert gap.text == GAP == "[…]" and gap.paragraph is None
    before = [l.paragraph for l in box.lines[:gaps_at[0]] if l.paragraph]
    after = [l.paragraph for l in box.lines[gaps_at[0] + 1:] if l.paragraph]
    assert before == list(range(first.first, first.last + 1))
    assert after == list(range(second.first, second.last + 1))


def test_a_quote_from_inside_a_paragraph_has_gap_lines_on_both_sides(gaps, essay):
    _, _, boxes = gaps
    box = boxes["B"]
    assert [line.gap for line in box.lines] == [True, False, True]
    assert box.lines[1].text == "the weakened working class"
    assert box.lines[1].paragraph == essay.find_quote("the weakened working class").paragraph


def test_the_extract_pdf_prints_the_gap_line_and_every_fifth_line_number(gaps, tmp_path):
    from lessonpack.build import build

    course, _, boxes = gaps
    written = build(course, tmp_path / "out", ("pdf",))
    assert len(written) == 1
    text = pdf_text(written[0])
    lines = [line.strip() for line in text.splitlines()]
    assert lines.count("[…]") == sum(line.gap for box in boxes.values() for line in box.lines)
    for box in boxes.values():
        for line in box.lines:
            if not line.gap:
                assert squash(line.text) in squash(text)
    for number in range(5, len(boxes["A"].lines) + 1, 5):
        assert str(number) in lines


# ----------------------------------------------------------------- quotes to line numbers


def minimal_span(box, quote):
    """The shortest run of lines whose text holds the quote (quote marks and spaces ignored)."""
    needle = fold(quote)[0]
    found = None
    for i in range(len(box.lines)):
        for j in range(i, len(box.lines)):
            text = "".join(fold(l.text)[0] for l in box.lines[i:j + 1])
            if needle in text:
                if found is None or (j - i) < (found[1] - found[0]):
                    found = (box.lines[i].number, box.lines[j].number)
                break
    return found


@pytest.mark.parametrize("letter, quote", [
    ("A", "In normal elections politicians promise everything"),
    ("A", "representatives of workplaces and workshops rather than geographical districts"),
    ("A", "recallable and replaceable at any time"),
    ("A", '" betrayed" Stalin'),  # straight quotes for the essay's curly ones
    ("A", "became   known as\nthe soviet."),  # spacing differs
    ("C", "In 1905 the first Russian Revolution"),
])
def test_quote_lines_gives_the_lines_the_quote_is_printed_on(gaps, letter, quote):
    _, _, boxes = gaps
    span = quote_lines(boxes[letter], quote)
    assert span is not None
    assert span == minimal_span(boxes[letter], quote)
    first, last = span
    printed = " ".join(l.text for l in boxes[letter].lines[first - 1:last])
    assert fold(quote)[0] in fold(printed)[0]


def test_a_quote_spanning_a_line_break_gets_a_range(gaps):
    _, _, boxes = gaps
    box = boxes["A"]
    # Take the last word of one line and the first word of the next.
    for line, following in zip(box.lines, box.lines[1:]):
        if not line.gap and not following.gap:
            quote = f"{line.text.split()[-1]} {following.text.split()[0]}"
            assert quote_lines(box, quote) == (line.number, following.number)
            break
    else:
        pytest.fail("no two consecutive text lines")


def test_quote_lines_is_none_for_words_not_in_the_source(gaps):
    _, _, boxes = gaps
    assert quote_lines(boxes["B"], "In normal elections") is None
    assert quote_lines(boxes["A"], "") is None


def test_the_worksheet_context_cites_the_quoted_lines(gaps):
    course, lesson, boxes = gaps
    context = build_context(course, lesson, "worksheet").context
    question = context["questions"][0]
    first, last = quote_lines(boxes["A"], lesson.lesson.questions[0].quote)
    expected = f"line {first}" if first == last else f"lines {first}–{last}"
    assert question["line_ref"] == expected


def test_an_adapted_source_says_whose_line_numbers_the_questions_use(shipped):
    """An adapted version is numbered on its own, while a question's "Source A, lines 5–7" counts the
    original's lines: its caption says so, or a student reading the adapted text looks for the wrong words."""
    seen = 0
    for path in sorted(shipped.out.rglob("*_source-extracts.pdf")):
        text = squash(pdf_text(path))
        for letter in re.findall(r"Source ([A-Z]) \(adapted\): ", text):
            seen += 1
            caption = text.split(f"Source {letter} (adapted): ", 1)[1][:400]
            assert (f"Adapted (simplified) from Source {letter}, numbered on its own: a question's line numbers "
                    f"are those of Source {letter}, not these.") in caption, path.name
    assert seen >= 3
