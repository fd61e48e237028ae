"""The markup templates emit, parsed into the document model.

Each tests/fixtures/markup/NAME.md sits beside NAME.json: the blocks it must parse to,
written as plain data ({"type": class name, field: value, ...}). Fields left at their
default are left out of the JSON, and empty text runs (which print nothing) are ignored.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from lessonpack.document import ExtractLine, Paragraph, SourceBox, Text, plain_text
from lessonpack.directives import MarkupError, escape
from lessonpack.markup import Parser

CASES = FIXTURES / "markup"
SOURCES = {
    "A": SourceBox(
        letter="A", title="A test source", caption="Someone, “Essay”, blog post, 2020.", headnote="",
        lines=(ExtractLine("The first line of the source", 1, 3), ExtractLine("and its second line.", 2)),
    ),
}


def data(node):
    """A model node as plain data, in the form the JSON fixtures are written in."""
    if dataclasses.is_dataclass(node):
        out = {"type": type(node).__name__}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if f.default is not dataclasses.MISSING and value == f.default:
                continue
            out[f.name] = data(value)
        return out
    if isinstance(node, (tuple, list)):
        return [data(item) for item in node if not (isinstance(item, Text) and item.text == "")]
    return node


def parse(text: str):
    return Parser(SOURCES, {}).parse(text)


def test_every_fixture_has_its_expected_model():
    inputs = sorted(p.stem for p in CASES.glob("*.md"))
    expected = sorted(p.stem for p in CASES.glob("*.json"))
    assert inputs == expected
    for name in ("headings", "paragraphs", "inline", "lists", "table", "question", "box", "source",
                 "pagebreak", "nested", "parts", "matching"):
        assert name in inputs


@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.md")))
def test_markup_parses_to_the_expected_model(name):
    text = (CASES / f"{name}.md").read_text(encoding="utf-8")
    expected = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    assert data(parse(text)) == expected


def test_the_source_directive_prints_the_lessons_own_source_box():
    blocks = parse("::: source A\n:::\n")
    assert blocks == (SOURCES["A"],)


# ----------------------------------------------------------------- directive mistakes


@pytest.mark.parametrize("text, fragment, line", [
    ("Intro.\n\n::: sidebar\n\nText.\n\n:::\n", 'unknown directive "sidebar"', 3),
    ("::: question 1 marks=four\n\nWhy?\n\n:::\n", "marks must be a whole number", 1),
    ("::: question 1 space=cloud\n\nWhy?\n\n:::\n", "space must be lines, box or none", 1),
    ("\n::: box fancy\n\nText.\n\n:::\n", 'unknown role "fancy"', 2),
    ("::: source Z\n:::\n", 'no source "Z"', 1),
    ("::: source A adapted\n:::\n", 'no adapted source "A"', 1),
    ("::: source\n:::\n", "needs a letter", 1),
    ('::: box tip title="unclosed\n\nText.\n\n:::\n', "cannot read the options", 1),
    ("::: question 1 lines=1000000\n\nWhy?\n\n:::\n", "lines must be at most 200, not 1000000", 1),
    ("::: question 1 lines=²\n\nWhy?\n\n:::\n", "lines must be a whole number", 1),  # a digit to isdigit()
    ("Intro.\n\n::: organiser lines=5000\n| a | b |\n| - | - |\n| c | d |\n:::\n", "lines must be at most 200", 3),
    ("::: grid columns=2 fill=pages\n\nText.\n\n:::\n", 'fill must be "page", not "pages"', 1),
])
def test_bad_directives_are_errors_with_the_markup_line(text, fragment, line):
    with pytest.raises(MarkupError) as info:
        parse(text)
    assert fragment in info.value.message
    assert info.value.line == line


def test_unknown_directive_hint_lists_the_known_ones():
    with pytest.raises(MarkupError) as info:
        parse("::: sidebar\n:::\n")
    for known in ("box", "question", "source", "pagebreak"):
        assert known in info.value.hint


def test_directive_options_may_be_quoted_with_escapes():
    (box,) = parse('::: box note title="Say \\"soviet\\" = council"\n\nText.\n\n:::\n')
    assert box.title == 'Say "soviet" = council'


# ----------------------------------------------------------------- escape()

TRICKY = [
    "Tom & Jerry", "S&P 500", "0.1 < x < 0.9", "<b>unclosed", "*", "_", "#", "[x](y)", "{{ 7*7 }}",
    "1. not a list", "- not a bullet", "::: box", "::: question 1 marks=4", "**not bold**", "_not italic_",
    "`not code`", "> not a quote", "    not code either", "# not a heading", "| a | b |", "---", "===",
    "+ plus", "1) one", "&amp; &copy;", "back\\slash", "line\\", "~~strike~~", "<https://example.org>",
    "![alt](img.png)", "Trotsky’s “soviet”", "50% of 1905's workers", "a * b * c", "__init__",
]


def one_paragraph_text(text: str) -> str:
    blocks = Parser({}, {}).parse(escape(text))
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph), blocks
    return plain_text(blocks[0].children)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2030), max_size=60))
def test_escape_puts_a_backslash_before_each_ascii_punctuation_mark_of_each_stripped_line(text):
    """What every printed value becomes in the markup, spelt out character by character."""
    punctuation = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
    expected = "\n".join("".join("\\" + c if c in punctuation else c for c in line.strip())
                         for line in text.split("\n"))
    assert escape(text) == expected


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_prints_exactly_as_written(text):
    assert one_paragraph_text(text.strip()) == text.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1, max_size=40,
).map(str.strip).filter(bool))
def test_escape_round_trips_any_single_line(text):
    assert one_paragraph_text(text) == text


# ----------------------------------------------------------------- hostile sizes (#14)

@pytest.mark.parametrize("unit", ["*_*_[[[", "[", "![", ":::\n", "::: box\n", "_a_ ", "[a](", "`", "<"])
def test_100_kb_of_adversarial_markup_is_parsed_in_linear_time(unit):
    """Emphasis, brackets and directive fences with nothing to close them: a template could print them."""
    import time

    started = time.monotonic()
    Parser().parse(unit * (100_000 // len(unit)))
    assert time.monotonic() - started < 60  # a hang guard, not a speed target (about 6 s on a busy VM)


def test_a_document_over_the_markup_limit_is_refused_before_parsing():
    from lessonpack.markup import MAX_CHARACTERS

    with pytest.raises(MarkupError, match=r"more than the 500,000 one document may have"):
        Parser().parse("*_[" * (MAX_CHARACTERS // 3 + 1))


def test_a_table_wider_than_a_page_is_refused_at_its_line():
    import time

    text = "Some text.\n\n|" + "a|" * 3000 + "\n|" + "-|" * 3000 + "\n|" + "b|" * 3000 + "\n"
    started = time.monotonic()
    with pytest.raises(MarkupError, match="a table has 3000 columns, more than the 20 a page can hold") as raised:
        Parser().parse(text)
    assert raised.value.line == 3 and time.monotonic() - started < 60
    assert len(Parser().parse("|" + "a|" * 20 + "\n|" + "-|" * 20 + "\n")[0].header) == 20


def test_more_choices_than_letters_are_refused_at_the_directive_line():
    items = "".join(f"- option {i}\n" for i in range(27))
    with pytest.raises(MarkupError, match="has 27 items, more than the 26 letters A to Z") as raised:
        Parser().parse("Pick one.\n\n::: choices\n" + items + ":::\n")
    assert raised.value.line == 3
    assert len(Parser().parse("::: choices\n" + items[items.index("- option 1\n"):] + ":::\n")[0].options) == 26
