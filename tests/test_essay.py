"""Essay files: numbered paragraphs, sections as ranges, quotes found, mistakes located."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, line_of, problems
from lessonpack.errors import LessonpackError
from lessonpack.essay import load_essay

ESSAYS = FIXTURES / "essays"
NUMBERING = ESSAYS / "numbering.md"


@pytest.fixture(scope="module")
def essay():
    return load_essay(NUMBERING)


# ----------------------------------------------------------------- numbering and sections


def test_paragraphs_are_numbered_in_order_and_headings_are_not_counted(essay):
    words = ["one", "two", "three", "four", "five", "six", "seven"]
    assert [p.number for p in essay.paragraphs] == list(range(1, 8))
    # Each paragraph of the fixture says which number it should get.
    for paragraph, word in zip(essay.paragraphs, words):
        assert f"aragraph {word}" in paragraph.text
        assert not paragraph.text.startswith("##")


def test_each_paragraph_remembers_the_file_line_it_is_on(essay):
    for paragraph in essay.paragraphs:
        assert paragraph.line == line_of(NUMBERING, paragraph.text)


def test_adding_a_heading_does_not_renumber_paragraphs(essay, tmp_path):
    text = NUMBERING.read_text(encoding="utf-8")
    with_extra = text.replace("Paragraph three.", "## An added heading {#added}\n\nParagraph three.")
    assert with_extra != text
    changed = tmp_path / "numbering.md"
    changed.write_text(with_extra, encoding="utf-8")
    again = load_essay(changed)
    assert [p.text for p in again.paragraphs] == [p.text for p in essay.paragraphs]
    assert [(s.id, s.first, s.last) for s in again.sections] == [
        ("first", 2, 2), ("added", 3, 3), ("second", 4, 4), ("third", 5, 7)]


def test_sections_resolve_to_paragraph_ranges(essay):
    ranges = {s.id: (s.first, s.last) for s in essay.sections}
    assert ranges == {"first": (2, 3), "second": (4, 4), "third": (5, 7)}
    first = essay.section("first")
    assert first.title == "First section"
    assert first.line == line_of(NUMBERING, "{#first}")
    assert essay.section("nope") is None
    assert essay.section_of(1) is None  # before the first heading
    assert essay.section_of(6).id == "third"


@pytest.mark.parametrize("text, expected", [
    ("4", (4, 4)), ("2-5", (2, 5)), (" 2 - 5 ", (2, 5)), ("2–5", (2, 5)), ("1-7", (1, 7)),
    ("0", None), ("5-2", None), ("6-8", None), ("8", None), ("two", None), ("", None),
])
def test_parse_range_accepts_only_ranges_inside_the_essay(essay, text, expected):
    assert essay.parse_range(text) == expected


# ----------------------------------------------------------------- quotes


def test_find_quote_treats_straight_and_curly_quotes_alike(essay):
    match = essay.find_quote('"curly quotes", it\'s got')
    assert match is not None and match.paragraph == 4
    text = essay.paragraph(4).text
    assert text[match.start:match.end] == "“curly quotes”, it’s got"


def test_find_quote_ignores_differences_in_spacing(essay):
    match = essay.find_quote("odd spacing.")
    assert match is not None and match.paragraph == 4
    assert essay.paragraph(4).text[match.start:match.end] == "odd   spacing ."
    across_lines = essay.find_quote("it’s   got an\napostrophe")
    assert across_lines is not None and across_lines.paragraph == 4


def test_find_quote_finds_the_right_paragraph(essay):
    for paragraph in essay.paragraphs:
        quote = " ".join(paragraph.text.split()[1:3])
        match = essay.find_quote(quote)
        assert match is not None
        assert quote.split()[0] in essay.paragraph(match.paragraph).text


@pytest.mark.parametrize("quote", ["Paragraph eight.", "curly quotes are everywhere", "", "   "])
def test_find_quote_returns_none_for_words_not_in_the_essay(essay, quote):
    assert essay.find_quote(quote) is None


# ----------------------------------------------------------------- mistakes, located


def only_problem(file):
    with pytest.raises(LessonpackError) as info:
        load_essay(file)
    found = problems(info.value)
    assert len(found) == 1, [str(p) for p in found]
    problem = found[0]
    assert problem.location is not None and problem.location.file == file
    assert problem.hint
    return problem


def test_heading_without_an_id_is_reported_at_its_line():
    file = ESSAYS / "heading-without-id.md"
    problem = only_problem(file)
    assert "heading needs an id" in problem.message
    assert problem.location.line == line_of(file, "forgot to give an id")
    assert "{#" in problem.hint


def test_duplicate_section_id_is_reported_at_the_second_heading():
    file = ESSAYS / "duplicate-section.md"
    problem = only_problem(file)
    assert '"part"' in problem.message and "twice" in problem.message
    assert problem.location.line == line_of(file, "## Middle")


def test_missing_front_matter_is_reported_at_line_one():
    file = ESSAYS / "no-front-matter.md"
    problem = only_problem(file)
    assert "front matter" in problem.message
    assert problem.location.line == 1
    assert "title:" in problem.hint


def test_missing_title_is_reported_in_the_front_matter():
    file = ESSAYS / "missing-title.md"
    problem = only_problem(file)
    assert '"title"' in problem.message and "missing" in problem.message
    front_matter_lines = range(2, line_of(file, "form:") + 1)
    assert problem.location.line in front_matter_lines
    assert f"{file.name}:{problem.location.line}" in problem.render()


def test_several_essay_mistakes_are_reported_together(tmp_path):
    file = tmp_path / "two-mistakes.md"
    file.write_text(
        (ESSAYS / "duplicate-section.md").read_text(encoding="utf-8")
        + "\n## No id here\n\nA third paragraph.\n", encoding="utf-8")
    with pytest.raises(LessonpackError) as info:
        load_essay(file)
    found = problems(info.value)
    assert [p.location.line for p in found] == [line_of(file, "## Middle"), line_of(file, "## No id here")]


def test_an_essay_with_no_paragraphs_is_refused(tmp_path):
    file = tmp_path / "empty.md"
    file.write_text('---\ntitle: "Empty"\n---\n\n## Only a heading {#only}\n', encoding="utf-8")
    with pytest.raises(LessonpackError) as info:
        load_essay(file)
    messages = " ".join(p.message for p in problems(info.value))
    assert "no paragraphs" in messages
