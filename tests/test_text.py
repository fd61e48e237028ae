"""clean_text: invisible characters from Word and the web are fixed and reported once per kind."""

import time

import pytest

from lessonpack.text import clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one\x0btwo", "one\ntwo"),  # Word's Shift+Enter
        ("one\u2028two", "one\ntwo"),
        ("one\u2029two", "one\ntwo"),
        ("one\x0ctwo", "one\ntwo"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
    ],
)
def test_line_breaks_become_newlines(raw, expected):
    assert clean_text(raw)[0] == expected


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        ("a\x00b", "removed 1 NUL character (U+0000)"),
        ("a\x07b", "removed 1 control character (U+0007)"),
        ("a\x1fb", "removed 1 control character (U+001F)"),
        ("a\x7fb", "removed 1 delete character (U+007F)"),
        ("a\x85b", "removed 1 control character (U+0085)"),
        ("a\x9fb", "removed 1 control character (U+009F)"),
        ("a\u200bb", "removed 1 zero-width space (U+200B)"),
        ("a\u200cb", "removed 1 zero-width non-joiner (U+200C)"),
        ("a\u200db", "removed 1 zero-width joiner (U+200D)"),
        ("a\ufeffb", "removed 1 zero-width no-break space / byte-order mark (U+FEFF)"),
        ("a\u00adb", "removed 1 soft hyphen (U+00AD)"),
        ("a\ud800b", "removed 1 lone surrogate (U+D800)"),
        ("a\udfffb", "removed 1 lone surrogate (U+DFFF)"),
        ("a\ufffeb", "removed 1 Unicode non-character (U+FFFE)"),  # python-docx cannot write these
        ("a\uffffb", "removed 1 Unicode non-character (U+FFFF)"),
        ("a\ufdd0b", "removed 1 Unicode non-character (U+FDD0)"),
        ("a\ufdefb", "removed 1 Unicode non-character (U+FDEF)"),
        ("a\U0001fffeb", "removed 1 Unicode non-character (U+1FFFE)"),
        ("a\U0010ffffb", "removed 1 Unicode non-character (U+10FFFF)"),
    ],
)
def test_invisible_characters_are_removed_and_reported(raw, note):
    assert clean_text(raw) == ("ab", [note])


def test_each_kind_is_reported_once_with_its_count():
    cleaned, notes = clean_text("x\u200by\u200bz\x0bw\x0b")
    assert cleaned == "xyz\nw\n"
    assert notes == [
        "replaced 2 vertical tab (U+000B, Word's Shift+Enter) with a line break",
        "removed 2 zero-width space (U+200B)",
    ]


@pytest.mark.parametrize(
    "kept",
    [
        "tab\tand\nnewline",
        "non\u00a0breaking and narrow\u202fno-break spaces",
        "“curly” ‘quotes’ – en — em dashes … ellipsis",
        "Привет, café, naïve, Ελληνικά, 日本語",
        "U+FDCF \ufdcf, U+FDF0 \ufdf0, U+FFFD \ufffd, U+1FFFD \U0001fffd: next to non-characters, but characters",
        "",
    ],
)
def test_ordinary_text_is_untouched(kept):
    assert clean_text(kept) == (kept, [])


def test_crlf_alone_is_normalised_silently():
    assert clean_text("a\r\nb") == ("a\nb", [])


def test_fast_on_large_text():
    text = "An ordinary sentence about the Roman republic.\n" * 20_000
    start = time.perf_counter()
    assert clean_text(text) == (text, [])
    assert clean_text(text + "\u200b")[1] == ["removed 1 zero-width space (U+200B)"]
    assert time.perf_counter() - start < 10  # a guard against a blow-up, not a speed target
