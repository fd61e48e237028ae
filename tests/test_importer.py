"""Tests for importing a pasted blog post as an essay file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from lessonpack.errors import LessonpackError
from lessonpack.importer import import_blog_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "personality-in-history.blog.txt"
BLOGS = FIXTURES / "blogs"
ESSAY = ROOT / "lessons" / "essays" / "personality-in-history.md"

NOTE = 'note: "Imported from a blog post; site furniture removed, paragraphs verbatim."\n'

SEED_FRONT = (
    "---\n"
    'title: "Personality in History – Stalin vs Trotsky"\n'
    'author: "rfzo47"\n'
    'author_description: "Retired History teacher, Union activist, Union officer, Labour."\n'
    'form: "blog post"\n'
    + NOTE +
    "---\n\n"
)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def body_paragraphs(essay_text: str) -> list[str]:
    """The body of an essay file split into its paragraph (and heading) lines."""
    _, body = essay_text.split("\n---\n\n", 1)
    assert body.endswith("\n") and not body.endswith("\n\n")
    return body[:-1].split("\n\n")


# --- the seed post -----------------------------------------------------------

def test_seed_front_matter_is_exact():
    assert import_blog_text(read(SEED), source=SEED).startswith(SEED_FRONT)


def test_seed_has_17_paragraphs_verbatim():
    raw = [p.replace("\u00a0", " ") for p in read(SEED).split("\n\n")]
    # raw: category line, title, 17 body paragraphs, byline, description, comment form
    assert raw[2].startswith("We are dominated") and raw[19] == "By rfzo47"
    paragraphs = body_paragraphs(import_blog_text(read(SEED), source=SEED))
    assert len(paragraphs) == 17
    assert paragraphs == raw[2:19]
    assert "( later Leningrad)" in paragraphs[3]
    assert "“ betrayed”" in paragraphs[14]


@pytest.mark.parametrize("furniture", [
    "history Matriarchy socialism", "Leave a Reply", "Connecting to %s", "You are commenting",
    "Google photo", "Twitter picture", "Facebook photo", "Fill in your details", "By rfzo47",
])
def test_seed_furniture_is_gone(furniture):
    assert furniture not in import_blog_text(read(SEED), source=SEED)


# --- made-up blog pastes -----------------------------------------------------

EXPECTED = {
    # WordPress: category line, post meta, share/like/related block, post footer,
    # byline + description, comment form. A "## " line is escaped; "By the time…" is prose.
    "wordpress.blog.txt": (
        "---\n"
        'title: "The Allotment as an Archive"\n'
        'author: "Mara Quill"\n'
        'author_description: "Keeps a plot, a notebook and a very old spade."\n'
        'date: "March 3, 2019"\n'
        'form: "blog post"\n'
        + NOTE +
        "---\n\n"
        "Every plot on our site keeps a record of the people who worked it before us. The rhubarb "
        "by the gate was planted, we think, in the winter of 1963.\n\n"
        "Old seed packets turn up in the shed like letters — “ Sown 12 April”, one says, "
        "in pencil ( not ink).\n\n"
        "\\## Not a heading: this is how the author chose to begin the paragraph.\n\n"
        "By the time the council surveyed the site, nobody remembered who had dug the pond.\n"
    ),
    # Blogger: date header (the date), "Posted by … at …" (the author), share strip,
    # labels, comments, pager. Quotes in the title are escaped; a "---" rule is dropped.
    "blogger.blog.txt": (
        "---\n"
        'title: "The \\"Quiet\\" Canal: Towpaths and the Working Day"\n'
        'author: "Ellis Varga"\n'
        'date: "14 September 2019"\n'
        'form: "blog post"\n'
        + NOTE +
        "---\n\n"
        "Before the railway, the canal set the pace of the town. Boats moved at the speed of a "
        "walking horse, and so did the news.\n\n"
        "Lock-keepers’ cottages were built to a pattern; the ones on our stretch still have the "
        "little bay window facing up the cut.\n\n"
        "A second thought: the towpath was a workplace long before it was a place for a Sunday stroll.\n"
    ),
    # Plain text with a BOM, CRLF line ends, hard-wrapped lines, a byline under the
    # title, tabs and double spaces, and wrapped lines that happen to read "email"
    # and "Related" (kept: they carry on a sentence).
    "hard-wrapped-crlf.blog.txt": (
        "---\n"
        'title: "A Short History of the Village Pump"\n'
        'author: "Tamsin Okoro"\n'
        'form: "blog post"\n'
        + NOTE +
        "---\n\n"
        "For three hundred years the pump on the green was where the village heard its news. "
        "Water was the excuse; talk was the reason.\n\n"
        "When mains water arrived in 1952 the parish council voted to keep the pump “as a monument”, "
        "though nobody could say to what. Letters about it came by post, by hand and, after 1998, "
        "by email as well.\n\n"
        "The clerk filed every one of them under Related Correspondence, a drawer that nobody has "
        "opened since.\n"
    ),
    # WordPress without a "By NAME" byline: "Posted by NAME" gives the author; header
    # meta, categories, a reader's comment and the full comment form.
    "no-byline.blog.txt": (
        "---\n"
        'title: "Why Bus Timetables Are Social History"\n'
        'author: "harbourlines"\n'
        'form: "blog post"\n'
        + NOTE +
        "---\n\n"
        "A printed timetable tells you who a town expected to be travelling, and when. The first "
        "bus of the day at 5.40 a.m. was for the mill shift; the last one was timed for the pubs.\n\n"
        "When the Sunday service was cut in 1987, the timetable simply stopped printing a column. "
        "Nobody wrote a leaflet about it.\n"
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_blog_paste_imports_exactly(name):
    path = BLOGS / name
    assert import_blog_text(read(path), source=path) == EXPECTED[name]


def test_fixtures_cover_what_they_claim():
    wrapped = (BLOGS / "hard-wrapped-crlf.blog.txt").read_bytes()
    assert wrapped.startswith(b"\xef\xbb\xbf") and b"\r\n" in wrapped and b"\t" in wrapped
    assert "\u00a0" in read(BLOGS / "wordpress.blog.txt")
    assert sorted(p.name for p in BLOGS.glob("*.txt")) == sorted([*EXPECTED, "furniture-only.blog.txt"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_front_matter_is_valid_yaml(name):
    text = import_blog_text(read(BLOGS / name))
    front = yaml.safe_load(text.split("---\n")[1])
    assert list(front)[-2:] == ["form", "note"] and front["form"] == "blog post"


def test_furniture_only_paste_raises_with_location():
    path = BLOGS / "furniture-only.blog.txt"
    with pytest.raises(LessonpackError) as caught:
        import_blog_text(read(path), source=path)
    assert caught.value.message.startswith("no essay text found")
    assert caught.value.location.file == path
    assert caught.value.hint


@pytest.mark.parametrize("text", ["", "\ufeff", " \r\n\t\r\n", "Just a Title\n", "By Someone\n"])
def test_empty_paste_raises(text):
    with pytest.raises(LessonpackError, match="no essay text found") as caught:
        import_blog_text(text)
    assert caught.value.location is None


def test_paste_without_title_raises_at_first_line():
    text = "\n\nThis paste starts straight in with a sentence of the essay.\n\nAnd goes on.\n"
    with pytest.raises(LessonpackError, match="does not start with a title") as caught:
        import_blog_text(text, source=Path("post.txt"))
    assert caught.value.location.line == 3


# --- small rules -------------------------------------------------------------

def test_sentences_that_look_like_furniture_are_kept():
    lines = [
        "Posted in haste, the letter reached London a week late.",
        "Leave a comment below if you remember the pump.",
        "Share this: the pump belongs to everyone.",
        "Related families shared the same well.",
        "By 1920 most of the village had a tap.",
        "Comment is free, but facts are sacred.",
    ]
    text = "A Title\n\n" + "\n\n".join(lines) + "\n"
    assert body_paragraphs(import_blog_text(text)) == lines


def test_bare_dates_dropped_above_the_title_but_kept_in_the_essay():
    text = "Sunday, 3 March 2019\n\nA Diary\n\nThe first entry.\n\n4 March 2019\n\nThe second entry.\n"
    out = import_blog_text(text)
    assert 'title: "A Diary"' in out
    assert body_paragraphs(out) == ["The first entry.", "4 March 2019", "The second entry."]


def test_heading_like_lines_are_escaped_once():
    text = "Title\n\n## Looks like a heading.\n\n\\## Already escaped.\n\n--- A dash line.\n\n###Tight.\n"
    assert body_paragraphs(import_blog_text(text)) == [
        "\\## Looks like a heading.", "\\\\## Already escaped.", "--- A dash line.", "###Tight."]


def test_spaces_normalised_but_words_verbatim():
    text = "Title\u00a0One\n\n  A\u202fline  with\t\tgaps ( odd ) “ spacing” .  \nwrapped here.\n"
    out = import_blog_text(text)
    assert 'title: "Title One"' in out
    assert body_paragraphs(out) == ["A line with gaps ( odd ) “ spacing” . wrapped here."]


def test_lone_carriage_returns_are_line_ends():
    assert body_paragraphs(import_blog_text("Title\r\rOne.\rTwo.\r")) == ["One. Two."]


def test_yaml_escapes_backslash_quote_and_control_characters():
    out = import_blog_text('Back\\slash "quoted"\x07 title\n\nBody.\n')
    assert 'title: "Back\\\\slash \\"quoted\\"\\u0007 title"' in out
    assert yaml.safe_load(out.split("---\n")[1])["title"] == 'Back\\slash "quoted"\x07 title'


def test_long_bio_after_byline_stays_in_body():
    bio = " ".join(["word"] * 45) + "."
    out = import_blog_text(f"Title\n\nThe essay.\n\nBy Ann Example\n\n{bio}\n")
    assert 'author: "Ann Example"' in out and "author_description" not in out
    assert body_paragraphs(out) == ["The essay.", bio]


# --- the shipped essay -------------------------------------------------------

SECTIONS = [
    (1, "## Introduction: personalities and social forces {#introduction}"),
    (4, "## 1905: the first soviet {#soviet-1905}"),
    (8, "## Trotsky and the workers of St Petersburg {#trotsky-1905}"),
    (11, "## 1917: Petrograd and the Mezrayhontsy {#petrograd-1917}"),
    (13, "## Stalin and the bureaucracy {#stalin-bureaucracy}"),
    (14, "## The struggle of social forces {#struggle}"),
    (16, "## Conclusion {#conclusion}"),
]


def test_shipped_essay_is_the_imported_seed_plus_headings():
    shipped = read(ESSAY)
    imported = import_blog_text(read(SEED), source=SEED)
    unheaded = re.sub(r"^## [^\n]*\n\n", "", shipped, flags=re.MULTILINE)
    assert unheaded == imported


def test_shipped_essay_headings_sit_before_their_paragraphs():
    blocks = body_paragraphs(read(ESSAY))
    found, number = [], 0
    for block in blocks:
        if block.startswith("## "):
            found.append((number + 1, block))
        else:
            number += 1
    assert number == 17
    assert found == SECTIONS


def test_shipped_essay_loads_with_its_sections():
    pytest.importorskip("lessonpack.yamlload")
    from lessonpack.essay import load_essay

    essay = load_essay(ESSAY)
    assert len(essay.paragraphs) == 17
    assert essay.meta.title == "Personality in History – Stalin vs Trotsky"
    assert essay.meta.author == "rfzo47" and essay.meta.form == "blog post"
    assert [(s.first, s.id) for s in essay.sections] == [
        (first, re.search(r"\{#(.+)\}", heading)[1]) for first, heading in SECTIONS]
    assert essay.sections[-1].last == 17


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_imported_paste_reads_back_verbatim(name, tmp_path):
    """The essay parser gets back the paste's paragraphs, escapes undone, none read as headings."""
    pytest.importorskip("lessonpack.yamlload")
    from lessonpack.essay import load_essay

    essay_file = tmp_path / "imported.md"
    essay_file.write_text(EXPECTED[name], encoding="utf-8")
    essay = load_essay(essay_file)
    expected = [p.removeprefix("\\") for p in body_paragraphs(EXPECTED[name])]
    assert [p.text for p in essay.paragraphs] == expected
    assert essay.sections == ()
