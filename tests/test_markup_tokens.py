"""A document's markup parsed once a machine: the tokens kept by the markup's hash
(`markup_tokens.py`) parse to the same model as markdown-it's own, and a torn or foreign entry is
passed over. That a validate of markup parsed before does not import markdown-it at all is in
test_startup.py."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from lessonpack.directives import MarkupError
from lessonpack.markup import Parser
from lessonpack import markup_tokens
from test_markup import SOURCES, data

CASES = sorted((FIXTURES / "markup").glob("*.md"))


@pytest.fixture(autouse=True)
def keep_small_markup(monkeypatch):
    """The fixtures are shorter than a document: kept all the same here."""
    monkeypatch.setattr(markup_tokens, "SMALLEST", 0)


def parsed_twice(text: str):
    """The blocks parsed with nothing kept, then again from what the first parse kept."""
    first = Parser(SOURCES, {}).parse(text)
    second = Parser(SOURCES, {}).parse(text)
    return first, second


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_kept_tokens_parse_to_the_same_model(case, cache_folder):
    first, second = parsed_twice(case.read_text(encoding="utf-8"))
    assert (cache_folder / markup_tokens.NAMESPACE).is_dir()  # the second parse read what the first kept
    assert first == second
    assert data(second) == json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))


def test_a_mistake_is_reported_at_its_line_from_kept_tokens_too(cache_folder):
    text = "Intro.\n\n::: question 1 marks=four\n\nWhy?\n\n:::\n"
    for _ in range(2):
        with pytest.raises(MarkupError) as caught:
            Parser(SOURCES, {}).parse(text)
        assert "marks must be a whole number" in caught.value.message and caught.value.line == 3


def test_a_corrupt_entry_is_passed_over(cache_folder):
    text = (FIXTURES / "markup" / "nested.md").read_text(encoding="utf-8")
    expected = Parser(SOURCES, {}).parse(text)
    for entry in (cache_folder / markup_tokens.NAMESPACE).iterdir():
        entry.write_bytes(entry.read_bytes()[:-7])  # torn: its hash no longer matches
    assert Parser(SOURCES, {}).parse(text) == expected
    markup_tokens.store(markup_tokens.NAMESPACE, markup_tokens._key(text), b"not marshal data")
    assert Parser(SOURCES, {}).parse(text) == expected


def test_markup_shorter_than_a_document_is_not_kept(cache_folder, monkeypatch):
    monkeypatch.setattr(markup_tokens, "SMALLEST", 500)
    Parser(SOURCES, {}).parse("A *short* paragraph.\n")
    assert not (cache_folder / markup_tokens.NAMESPACE).exists()
    Parser(SOURCES, {}).parse("A *longer* paragraph, over and over. " * 20)
    assert len(list((cache_folder / markup_tokens.NAMESPACE).iterdir())) == 1
