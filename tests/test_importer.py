"""Tests for importing a pasted blog post as an essay file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from lessonpack.errors import LessonpackError
from lessonpack.importer import import_page

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
    assert import_page(read(SEED), source=SEED).essay.startswith(SEED_FRONT)


def test_seed_has_17_paragraphs_verbatim():
    raw = [p.replace("\u00a0", " ") for p in read(SEED).split("\n\n")]
    # raw: category line, title, 17 body paragraphs, byline, description, comment form
    assert raw[2].startswith("We are dominated") and raw[19] == "By rfzo47"
    paragraphs = body_paragraphs(import_page(read(SEED), source=SEED).essay)
    assert len(paragraphs) == 17
    assert paragraphs == raw[2:19]
    assert "( later Leningrad)" in paragraphs[3]
    assert "“ betrayed”" in paragraphs[14]


@pytest.mark.parametrize("furniture", [
    "history Matriarchy socialism", "Leave a Reply", "Connecting to %s", "You are commenting",
    "Google photo", "Twitter picture", "Facebook photo", "Fill in your details", "By rfzo47",
])
def test_seed_furniture_is_gone(furniture):
    assert furniture not in import_page(read(SEED), source=SEED).essay


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
    assert import_page(read(path), source=path).essay == EXPECTED[name]


def test_fixtures_cover_what_they_claim():
    wrapped = (BLOGS / "hard-wrapped-crlf.blog.txt").read_bytes()
    assert wrapped.startswith(b"\xef\xbb\xbf") and b"\r\n" in wrapped and b"\t" in wrapped
    assert "\u00a0" in read(BLOGS / "wordpress.blog.txt")
    assert sorted(p.name for p in BLOGS.glob("*.txt")) == sorted([*EXPECTED, "furniture-only.blog.txt"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_front_matter_is_valid_yaml(name):
    text = import_page(read(BLOGS / name)).essay
    front = yaml.safe_load(text.split("---\n")[1])
    assert list(front)[-2:] == ["form", "note"] and front["form"] == "blog post"


def test_furniture_only_paste_raises_with_location():
    path = BLOGS / "furniture-only.blog.txt"
    with pytest.raises(LessonpackError) as caught:
        import_page(read(path), source=path).essay
    assert caught.value.message.startswith("no essay text found")
    assert caught.value.location.file == path
    assert caught.value.hint


@pytest.mark.parametrize("text", ["", "\ufeff", " \r\n\t\r\n", "Just a Title\n", "By Someone\n"])
def test_empty_paste_raises(text):
    with pytest.raises(LessonpackError, match="no essay text found") as caught:
        import_page(text).essay
    assert caught.value.location is None


def test_paste_without_title_raises_at_first_line():
    text = "\n\nThis paste starts straight in with a sentence of the essay.\n\nAnd goes on.\n"
    with pytest.raises(LessonpackError, match="does not start with a title") as caught:
        import_page(text, source=Path("post.txt")).essay
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
    assert body_paragraphs(import_page(text).essay) == lines


def test_bare_dates_dropped_above_the_title_but_kept_in_the_essay():
    text = "Sunday, 3 March 2019\n\nA Diary\n\nThe first entry.\n\n4 March 2019\n\nThe second entry.\n"
    out = import_page(text).essay
    assert 'title: "A Diary"' in out
    assert body_paragraphs(out) == ["The first entry.", "4 March 2019", "The second entry."]


def test_heading_like_lines_are_escaped_once():
    text = "Title\n\n## Looks like a heading.\n\n\\## Already escaped.\n\n--- A dash line.\n\n###Tight.\n"
    assert body_paragraphs(import_page(text).essay) == [
        "\\## Looks like a heading.", "\\\\## Already escaped.", "--- A dash line.", "###Tight."]


def test_spaces_normalised_but_words_verbatim():
    text = "Title\u00a0One\n\n  A\u202fline  with\t\tgaps ( odd ) “ spacing” .  \nwrapped here.\n"
    out = import_page(text).essay
    assert 'title: "Title One"' in out
    assert body_paragraphs(out) == ["A line with gaps ( odd ) “ spacing” . wrapped here."]


def test_lone_carriage_returns_are_line_ends():
    assert body_paragraphs(import_page("Title\r\rOne.\rTwo.\r").essay) == ["One. Two."]


def test_yaml_escapes_backslash_quote_and_control_characters():
    out = import_page('Back\\slash "quoted"\x07 title\n\nBody.\n').essay
    assert 'title: "Back\\\\slash \\"quoted\\"\\u0007 title"' in out
    assert yaml.safe_load(out.split("---\n")[1])["title"] == 'Back\\slash "quoted"\x07 title'


def test_long_bio_after_byline_stays_in_body():
    bio = " ".join(["word"] * 45) + "."
    out = import_page(f"Title\n\nThe essay.\n\nBy Ann Example\n\n{bio}\n").essay
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
    imported = import_page(read(SEED), source=SEED).essay
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


# --- whole pasted pages -------------------------------------------------------

PASTES = FIXTURES / "pastes"

# For each paste: the front matter the page gives, and the essay's true body,
# paragraph by paragraph, as the page prints it. A subtitle (Medium, Substack) is
# the author's words and stays as the first paragraph.
PAGES = {
    # WordPress: skip link, site name and tagline, menu, search box; "Posted on … by …";
    # a "* * *" rule; share/like/related block, categories, post navigation,
    # comment form, sidebar widgets, footer.
    "wordpress.txt": ({"title": "The Lost Fleet of Whitby", "author": "Jane Smith", "date": "3 May 2021"}, [
        "In 1900 more than a hundred fishing boats worked out of Whitby. By 1960 there were fewer than twenty, "
        "and most of the men who had crewed them were working ashore.",
        "The change did not happen in a single bad winter. It came in small steps: a steam drifter bought by a "
        "Hull company, a mortgage that could not be paid, a son who went to sea on a trawler instead of his "
        "father’s coble.",
        "Home was still the harbour. Even the men who left the boats kept a pot or two in the water, and the old "
        "“ cobles” were hauled up on the beach every night until the 1970s.",
        "Historians have argued about why the fleet shrank so quickly. Some point to the railway, which carried "
        "fish to London faster than any boat could sail there; others to the loss of the herring shoals after 1913.",
    ]),
    # Blogger: blog name and description, a date header above a question title,
    # a "— — —" rule, "Posted by NAME at 10:15", share strip, labels, comments,
    # pager, profile and archive widgets.
    "blogger.txt": ({"title": "Who Built the Tyne Bridge?", "author": "Jane Smith", "date": "3 May 2021"}, [
        "The Tyne Bridge was opened by King George V on 10 October 1928. The newspapers that week named the "
        "engineers and the contractors; they did not name the men who riveted it.",
        "Dorman Long employed about 1,200 men on the bridge at its busiest. Most came from Middlesbrough with the "
        "firm, but some were taken on at the gate in Newcastle.",
        "One of them, a riveter called Nathaniel Collins, fell from the arch in 1928 and was killed. He is the "
        "only worker known to have died building it.",
    ]),
    # Medium: app bar, subtitle, author + Follow, read time, "·", date, "--" clap
    # bars and counts, Listen/Share, topic tags, "Written by", recommendations, footer.
    "medium.txt": ({"title": "The Herring Girls", "author": "Jane Smith", "date": "May 3, 2021"}, [
        "How thousands of women followed the fishing fleet down the east coast every autumn",
        "Every autumn, from the 1890s to the 1930s, thousands of young women left the Scottish fishing towns and "
        "travelled south to Great Yarmouth and Lowestoft.",
        "They worked in crews of three: two gutters and a packer. A good crew could gut and pack more than thirty "
        "thousand herring in a day.",
        "The work was hard and badly paid, and the women knew their worth. In 1936 the herring girls at Yarmouth "
        "went on strike for a penny more on every barrel, and they won.",
    ]),
    # Substack: publication name, Subscribe/Sign in, a "Share this post" widget that
    # repeats the publication and the title, subtitle, author above the date, counts,
    # a subscribe box between paragraphs, likes/restacks, comments, footer.
    "substack.txt": ({"title": "The Whitby Jet Trade", "author": "Jane Smith", "date": "May 03, 2021"}, [
        "How a Victorian fashion made a fishing town rich, and why it ended",
        "When Prince Albert died in 1861, Queen Victoria went into mourning and the fashionable world followed "
        "her. Black jewellery was the only kind a widow could wear, and the best black jewellery was made of "
        "Whitby jet.",
        "By 1870 about 1,500 people in Whitby worked in the trade, most of them in small workshops along Church "
        "Street and Haggersgate.",
        "The trade collapsed almost as quickly as it had grown. Cheaper imitations came in from Spain and France, "
        "and by the 1880s mourning fashions had changed.",
    ]),
    # A school website's newsletter: cookie banner, skip link, school name, menu,
    # search, breadcrumbs, the newsletter's own heading and "Published:" date above
    # the article's title, "By NAME, ROLE", a "___" rule, "Back to news", footer.
    "school-newsletter.txt": ({"title": "The Women Who Built the Tyne Bridge", "author": "Mrs K. Osei",
                               "author_description": "Head of History", "date": "14 March 2022"}, [
        "This term Year 9 have been studying the building of the Tyne Bridge, and they have found a story that "
        "the textbooks leave out.",
        "When the bridge was built, between 1925 and 1928, some of the paint and a good deal of the paperwork "
        "were done by women. Their names are in the firm’s wage books, which are now kept at Tyne and Wear "
        "Archives.",
        "Amira in 9C found a letter from one of the painters, written in 1961, which begins: “ Nobody asked us "
        "about it at the opening, so I am telling you now.”",
        "We will be showing the class’s work at the Open Evening on Thursday 24 March.",
    ]),
    # A plain document (Word, Google Docs): title, author's name, date, a "* * *"
    # rule, and a last sentence that starts "Posted by" (prose, kept).
    "plain-document.txt": ({"title": "The Cholera Year", "author": "Jane Smith", "date": "3 May 2021"}, [
        "In the summer of 1832 cholera reached Sunderland, and from there it travelled along the coast and up "
        "the rivers. Nobody knew how it spread.",
        "Most doctors blamed bad air. The town councils ordered streets to be swept and bonfires of tar to be "
        "lit, which did nothing to stop it.",
        "Twenty years later John Snow mapped the deaths around a single pump in Soho and showed that the water "
        "carried the disease.",
        "Posted by hand to every parish, the Board of Health’s notices were read aloud in churches.",
    ]),
    # A society's site builder page (Wix style): menu and blog categories, the
    # author, date and read time above the title, a "~~~" rule, "Updated:", share
    # icons, comment count, recent posts, copyright.
    "history-society.txt": ({"title": "Mapping the Old Harbour", "author": "Jane Smith", "date": "May 3, 2021"}, [
        "The oldest map of Whitby harbour that survives was drawn in 1740 by a surveyor called Lionel Charlton. "
        "It shows the piers, the shipyards and the houses crowded down to the water.",
        "Comparing it with the Ordnance Survey map of 1852 shows how much the harbour changed in a century.",
        "The society’s map group meets on the first Tuesday of every month. New members are welcome.",
    ]),
    # A local newspaper: cookie banner, masthead, section menu, breadcrumbs,
    # "By NAME" and "Published 3rd May 2021, 10:15 BST", adverts and a "Read more:"
    # link between paragraphs, related topics, "More from this section", copyright.
    "local-newspaper.txt": ({"title": "Lifeboat Crews Remembered in New Exhibition", "author": "Jane Smith",
                             "date": "3rd May 2021"}, [
        "A new exhibition at the Whitby Lifeboat Museum tells the story of the crews who have rowed out from the "
        "town since 1802.",
        "The centrepiece is the rowing lifeboat Robert and Mary Ellis, which was launched in 1909 and served "
        "until 1957.",
        "Visitors can also listen to recordings made in the 1970s by men who served on the boats before the "
        "First World War.",
        "“ We went out because somebody had to,” one of them says.",
    ]),
}


def paste_lines(name: str) -> dict[int, str]:
    """The paste's non-blank lines by line number, spaces normalised as the importer does."""
    lines = read(PASTES / name).split("\n")
    return {n: " ".join(line.split()) for n, line in enumerate(lines, start=1) if line.strip()}


def test_pastes_are_the_ones_the_tests_describe():
    assert sorted(p.name for p in PASTES.glob("*.txt")) == sorted(PAGES)
    for name, (_, body) in PAGES.items():
        lines = set(paste_lines(name).values())
        assert all(paragraph in lines for paragraph in body), name  # the true body is in the paste, verbatim


@pytest.mark.parametrize("name", sorted(PAGES))
def test_paste_keeps_every_paragraph_of_the_essay_and_nothing_else(name):
    front, body = PAGES[name]
    imported = import_page(read(PASTES / name), source=PASTES / name)
    assert body_paragraphs(imported.essay) == body
    assert imported.paragraphs == len(body)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_paste_front_matter_has_the_title_author_and_date(name):
    front, _ = PAGES[name]
    essay = import_page(read(PASTES / name)).essay
    meta = yaml.safe_load(essay.split("---\n")[1])
    assert meta == {**front, "form": "blog post", "note": NOTE.split(": ", 1)[1].strip().strip('"')}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_paste_report_accounts_for_every_line(name):
    """Each line of the paste is the title, in a kept paragraph, or listed as removed with its own text."""
    _, body = PAGES[name]
    lines = paste_lines(name)
    imported = import_page(read(PASTES / name))
    kept = {n for n, line in lines.items() if line in body}
    removed = {r.line: r.text for r in imported.removed}
    assert removed == {n: lines[n] for n in removed}
    assert lines[imported.title_line] == imported.title
    assert set(lines) == kept | set(removed) | {imported.title_line}
    assert not kept & set(removed)


def test_report_names_lines_of_the_pasted_file(tmp_path):
    from click.testing import CliRunner

    from lessonpack.cli import main

    target = tmp_path / "fleet.md"
    result = CliRunner().invoke(main, ["import-essay", str(PASTES / "wordpress.txt"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert read(target) == import_page(read(PASTES / "wordpress.txt")).essay
    report = result.stderr.splitlines()
    assert report[0].endswith("title 'The Lost Fleet of Whitby' from line 12")
    assert report[1].endswith("author 'Jane Smith' from line 13")
    assert report[2].endswith("date '3 May 2021' from line 13")
    assert "4 paragraphs kept; 46 lines removed" in report[3]
    rows = [row.split() for row in report[4:]]
    assert rows[0] == ["1", "site", "header", "Skip", "to", "content"]
    assert ["20", "horizontal", "rule", "*", "*", "*"] in rows
    assert ["13", "front", "matter", "Posted", "on", "3", "May", "2021", "by", "Jane", "Smith"] in rows


@pytest.mark.parametrize(("name", "line"), [("medium.txt", 8), ("substack.txt", 14)])
def test_report_points_at_a_subtitle_kept_under_the_title(name, line):
    imported = import_page(read(PASTES / name))
    subtitle = PAGES[name][1][0]
    assert imported.under_title == ((line, subtitle),)
    assert f"{name}: line {line} kept as a paragraph" in imported.report(name)


def test_report_goes_to_stderr_so_the_printed_essay_stays_clean():
    from click.testing import CliRunner

    from lessonpack.cli import main

    result = CliRunner().invoke(main, ["import-essay", str(PASTES / "blogger.txt")])
    assert result.exit_code == 0, result.output
    assert result.stdout == import_page(read(PASTES / "blogger.txt")).essay
    assert "site header" in result.stderr and "site header" not in result.stdout


@pytest.mark.parametrize("rule", ["---", "— — —", "* * *", "***", "___", "⁂", "~~~", "• • •", "--", "====="])
def test_horizontal_rules_are_dropped_and_end_a_paragraph(rule):
    out = import_page(f"Title\n\nOne line.\n{rule}\nAnother line.\n\n{rule}\n\nLast line.\n")
    assert body_paragraphs(out.essay) == ["One line.", "Another line.", "Last line."]
    assert [(r.line, r.why) for r in out.removed] == [(4, "horizontal rule"), (7, "horizontal rule")]


@pytest.mark.parametrize(("line", "author", "date"), [
    ("Posted on 3 May 2021 by Jane Smith", "Jane Smith", "3 May 2021"),
    ("Posted on March 3, 2019 by plotholder42", "plotholder42", "March 3, 2019"),
    ("Posted by Ellis Varga at 10:02 AM", "Ellis Varga", None),
    ("Posted by Jane Smith on Sunday, 3 March 2019", "Jane Smith", "3 March 2019"),
    ("Published: 14 March 2022", None, "14 March 2022"),
    ("By Jane Smith", "Jane Smith", None),
    ("By Jane Smith, 3 May 2021", "Jane Smith", "3 May 2021"),
])
def test_posted_lines_become_author_and_date(line, author, date):
    essay = import_page(f"The Title\n{line}\n\nThe essay begins here.\n").essay
    meta = yaml.safe_load(essay.split("---\n")[1])
    assert (meta.get("author"), meta.get("date")) == (author, date)
    assert body_paragraphs(essay) == ["The essay begins here."]


@pytest.mark.parametrize("prose", [
    "Posted by hand, the letter reached London a week late.",
    "Home was where the pump stood.",
    "By 3 May 2021 the pump had gone.",
    "Search parties went out every night that week.",
    "We use cookies as an example of a word that changed its meaning.",
    "Subscribe, said the vicar, and the parish subscribed.",
    "Share and share alike was the rule on the allotments.",
    "Published in 1851, the census report named every house.",
])
def test_prose_that_starts_like_furniture_is_kept_anywhere(prose):
    text = f"Skip to content\nSite Name\nMenu\n\nThe Title\n\n{prose}\n\nThe middle.\n\n{prose}\n"
    assert body_paragraphs(import_page(text).essay) == [prose, "The middle.", prose]


def test_a_title_of_capitalised_words_is_not_taken_for_tags():
    text = "Skip to content\nMenu\n\nWhitby Harbour Memories\nHow the port changed\nJane Smith\nFollow\n\nThe essay.\n"
    out = import_page(text)
    assert out.title == "Whitby Harbour Memories"
    assert body_paragraphs(out.essay) == ["How the port changed", "The essay."]


def test_hard_wrapped_prose_that_starts_like_furniture_is_kept():
    text = ("Title\n\nThe essay.\n\nPosted in haste, the letter\nreached London a week late.\n\n"
            "Subscribe to the idea of progress\nand you lose the evidence.\n")
    assert body_paragraphs(import_page(text).essay) == [
        "The essay.", "Posted in haste, the letter reached London a week late.",
        "Subscribe to the idea of progress and you lose the evidence."]


def test_subscribe_box_between_paragraphs_is_removed_but_paragraphs_are_not_joined():
    text = ("Title\n\nFirst paragraph.\n\nThanks for reading Harbour Lines! Subscribe for free to receive new posts "
            "and support my work.\n\nType your email…\nSubscribe\n\nSecond paragraph.\n")
    assert body_paragraphs(import_page(text).essay) == ["First paragraph.", "Second paragraph."]


def test_a_short_sign_off_at_the_end_is_kept_but_a_list_of_tags_is_not():
    signed = import_page("Title\n\nThe essay.\n\nJane\n").essay
    assert body_paragraphs(signed) == ["The essay.", "Jane"]
    tagged = import_page("Title\n\nThe essay.\n\nHistory\nFishing\nWhitby\n").essay
    assert body_paragraphs(tagged) == ["The essay."]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_imported_page_loads_with_its_author_and_date(name, tmp_path):
    """What captions print: the page's author and date, not "Unknown author" and undated."""
    from lessonpack.essay import load_essay

    front, body = PAGES[name]
    essay_file = tmp_path / "imported.md"
    essay_file.write_text(import_page(read(PASTES / name)).essay, encoding="utf-8")
    essay = load_essay(essay_file)
    assert (essay.meta.title, essay.meta.author, essay.meta.date) == (front["title"], front["author"], front["date"])
    assert [p.text for p in essay.paragraphs] == body


@pytest.mark.parametrize("name", sorted(PAGES))
def test_paste_without_blank_lines_keeps_the_same_paragraphs(name):
    """Some pages copy with one line per paragraph and no blank lines at all."""
    front, body = PAGES[name]
    text = "\n".join(line for line in read(PASTES / name).split("\n") if line.strip())
    imported = import_page(text)
    assert imported.title == front["title"]
    assert body_paragraphs(imported.essay) == body
    assert {key: value for key, value, _ in imported.front} == {k: front[k] for k in ("author", "date")}
