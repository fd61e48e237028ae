"""The HTML worksheets read back as a browser and a screen reader get them (the standard library's
html.parser): every question and source line verbatim, headings in order, tables with header
scopes, alt text, the page's language, a skip link, no script; lesson text never becomes markup."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, made_once, run_cli, shipped_document_count

from lessonpack import document as d
from lessonpack.course import load_course
from lessonpack.pipeline import course_theme, make_document, template_set
from lessonpack.theme import PROFILES, theme_for
from lessonpack.wording import document_title
from lessonpack.writers import FORMATS, write

INFO = d.DocumentInfo("Stalin", "Student worksheet", "History")
VOID = {"br", "img", "meta", "hr", "link", "input"}
INLINE = {"strong", "em", "a", "span", "b", "i"}
"""Elements inside a line of text; any other starts a new one (a reader pauses there)."""


class Page(HTMLParser):
    """An HTML page as elements (tag, attributes, text inside) and the text a reader hears."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.open: list[dict] = []
        self.heard: list[str] = []
        self.feed(html)
        self.close()
        assert not self.open, f"unclosed elements: {[e['tag'] for e in self.open]}"

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": [], "parents": [e["tag"] for e in self.open],
                   "hidden": any(e["attrs"].get("aria-hidden") == "true" for e in self.open)
                   or dict(attrs).get("aria-hidden") == "true"}
        self.elements.append(element)
        if tag not in INLINE:
            self.heard.append(" ")
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1]["tag"] == tag, f"</{tag}> closes {self.open[-1]['tag'] if self.open else 'nothing'}"
        self.open.pop()

    def handle_data(self, data):
        for element in self.open:
            element["text"].append(data)
        if self.open and self.open[-1]["tag"] in ("style", "script", "title"):
            return
        if not any(e["attrs"].get("aria-hidden") == "true" for e in self.open):
            self.heard.append(data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag
                and all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())]

    @staticmethod
    def text(element: dict) -> str:
        return squash("".join(element["text"]))

    @property
    def spoken(self) -> str:
        return squash("".join(self.heard))


def squash(text: str) -> str:
    return " ".join(text.split())


def html_of(document: d.Document, theme=None) -> Page:
    return Page(write(document, theme or theme_for(), "html").decode("utf-8"))


@pytest.fixture(scope="module")
def course():
    return load_course(REPO)


def shipped_documents(course, profile="standard", tier=""):
    theme = course_theme(course, profile)
    templates = template_set(course.templates_dir)
    for lesson in course.lessons:
        for kind in lesson.lesson.documents:
            yield f"{lesson.id}/{kind}", make_document(course, lesson, kind, templates, tier=tier, theme=theme), theme


def walk(blocks):
    for block in blocks:
        yield block
        if isinstance(block, (d.Question, d.Box)):
            yield from walk(block.blocks)
        elif isinstance(block, d.ListBlock):
            for item in block.items:
                yield from walk(item)
        elif isinstance(block, d.Grid):
            yield from walk(block.cells)


def heading_texts(document: d.Document) -> list[str]:
    """The headings a reader meets, in order: the document's title where the model has no title of
    its own (an exit ticket), then the model's headings, source and timeline titles."""
    out = [] if any(isinstance(b, d.Heading) and b.level == 1 for b in document.blocks) else [
        squash(document_title(document.info.title, document.info.kind))]
    for block in walk(document.blocks):
        if isinstance(block, d.Heading):
            out.append(squash(d.plain_text(block.children)))
        elif isinstance(block, d.SourceItem):
            out.append(squash(f"Source {block.letter}: {block.title}"))
        elif isinstance(block, d.SourceBox):
            out.append(squash(f"Source {block.letter}{' (adapted)' if block.adapted else ''}: {block.title}"))
            if block.glossary:
                out.append("Glossary")
        elif isinstance(block, d.Timeline):
            out.append(squash(block.title))
    return out


def test_html_is_a_format_of_build():
    assert "html" in FORMATS


@pytest.mark.parametrize("profile", ["standard", "large-print-24", "dyslexia"])
def test_every_question_source_line_and_heading_of_the_course_reads_back_verbatim(course, profile):
    for name, document, theme in shipped_documents(course, profile):
        page = html_of(document, theme)
        spoken = page.spoken
        for block in walk(document.blocks):
            if isinstance(block, d.Paragraph):
                assert squash(d.plain_text(block.children)) in spoken, (name, block)
            elif isinstance(block, d.Question) and block.marks is not None:
                assert f"[{block.marks} mark" in spoken, (name, block.number)
        lines = [e for e in page.find("span") if e["attrs"].get("class") == "source-line"]
        model_lines = [(b.letter, line) for b in walk(document.blocks) if isinstance(b, d.SourceBox) for line in b.lines]
        assert len(lines) == len(model_lines), name
        for element, (letter, line) in zip(lines, model_lines):
            assert element["attrs"]["id"] == f"source-{letter.lower()}-line-{line.number}"
            shown = Page.text(element)
            # the line's text, verbatim, after its margin numbers and its spoken "line N"
            assert shown.endswith(squash(line.text)), (name, line)
        headings = [Page.text(e) for e in page.elements if re.fullmatch(r"h[1-6]", e["tag"])]
        assert headings == heading_texts(document), name


def test_the_page_has_its_language_a_skip_link_no_script_and_scoped_headers(course):
    for name, document, theme in shipped_documents(course):
        page = html_of(document, theme)
        assert page.find("html")[0]["attrs"]["lang"] == document.info.language
        first_link = page.find("a")[0]
        assert first_link["attrs"]["href"] == "#main" and page.find("main", id="main"), name
        assert page.elements.index(first_link) < page.elements.index(page.find("main")[0])
        assert not page.find("script"), name
        assert all(th["attrs"].get("scope") in ("col", "row") for th in page.find("th")), name
        assert len(page.find("h1")) == 1, name
        assert page.find("meta", name="viewport"), name
        ids = {e["attrs"]["id"] for e in page.elements if "id" in e["attrs"]}
        assert all(a["attrs"]["href"][1:] in ids for a in page.find("a") if a["attrs"]["href"].startswith("#")), name


def test_questions_are_an_ordered_list_with_their_own_numbers(course):
    document = next(doc for name, doc, _ in shipped_documents(course) if name.endswith("/worksheet"))
    page = html_of(document)
    numbers = [b.number for b in document.blocks if isinstance(b, d.Question)]
    items = [e for e in page.find("li") if e["parents"][-1:] == ["ol"] and "value" in e["attrs"]]
    assert [e["attrs"]["value"] for e in items] == numbers
    assert all(e["parents"].count("ol") == 1 for e in items)


def test_glossary_is_a_definition_list_and_line_numbers_are_not_read_on_every_line(course):
    document = next(doc for name, doc, _ in shipped_documents(course) if "02-" in name and name.endswith("/worksheet"))
    page = html_of(document)
    box = next(b for b in document.blocks if isinstance(b, d.SourceBox) and b.glossary)
    terms = [Page.text(e) for e in page.find("dt")]
    meanings = [Page.text(e) for e in page.find("dd")]
    assert list(zip(terms, meanings))[:len(box.glossary)] == [(squash(w), squash(m)) for w, m in box.glossary]
    # The margin numbers are shown every fifth line and hidden from screen readers;
    # "lines 5–7" in question 1 makes line 5 of Source A announced, and no other line of it.
    numbers = [e for e in page.find("span") if e["attrs"].get("class") == "line-number"]
    assert numbers and all(e["hidden"] and int(Page.text(e)) % 5 == 0 for e in numbers)
    announced = re.findall(r"line (\d+) ", page.spoken)
    assert "Source A, lines 5–7." in page.spoken
    cite = next(a for a in page.find("a") if Page.text(a) == "lines 5–7")  # a link to the line it cites
    assert cite["attrs"]["href"] == "#source-a-line-5"
    assert "5" in announced and len(announced) < len([b for b in walk(document.blocks)
                                                       if isinstance(b, d.SourceBox) for _ in b.lines]) / 3
    assert not any(e["hidden"] for e in page.find("span") if e["attrs"].get("class") == "visually-hidden")


def test_lesson_text_never_becomes_markup():
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"quoted\""
    document = d.Document(INFO, (
        d.Heading(1, (d.Text(hostile),)),
        d.Paragraph((d.Link((d.Text("click"),), "javascript:alert(3)"), d.Text(" "),
                     d.Link((d.Text("essay"),), "https://example.org/?a=1&b=\"2\""))),
        d.Table(((d.Text(hostile),),), (((d.Text(hostile),),),)),
        d.WordBank((hostile,)),
        d.SourceBox("A", hostile, hostile, hostile, (d.ExtractLine(hostile, 1, 1),), glossary=((hostile, hostile),)),
    ))
    html = write(document, theme_for(), "html").decode("utf-8")
    page = Page(html)
    assert not page.find("script") and not page.find("img")
    assert [e["attrs"]["href"] for e in page.find("a")] == ["#main", "https://example.org/?a=1&b=\"2\""]
    assert squash(hostile) in page.spoken
    assert "javascript:" not in html


def test_a_figure_is_inlined_with_its_alt_text_and_caption():
    png = (REPO / "tests").rglob("*.png")
    data = next(iter(sorted(png))).read_bytes()
    document = d.Document(INFO, (d.Figure("map.png", "Map of Petrograd in 1917", "Petrograd, 1917", data),))
    page = html_of(document)
    image = page.find("img")[0]
    assert image["attrs"]["alt"] == "Map of Petrograd in 1917"
    assert image["attrs"]["src"].startswith("data:image/png;base64,")
    assert Page.text(page.find("figcaption")[0]) == "Petrograd, 1917"


def test_answer_space_and_marks_are_said_in_words():
    document = d.Document(INFO, (d.Question("1", (d.Paragraph((d.Text("Why?"),)),), 4, d.AnswerSpace("lines", 6)),))
    assert "Why? [4 marks] Space to write your answer: 6 lines" in html_of(document).spoken


def test_the_style_sheet_follows_the_reader_and_each_profile():
    def css(profile):
        return Page.text(html_of(d.Document(INFO, (d.Paragraph((d.Text("x"),)),)), theme_for(profile=profile))
                         .find("style")[0])

    standard = css("standard")
    for rule in ("prefers-color-scheme: dark", "prefers-reduced-motion: reduce", "@media print", "@page",
                 "max-width: 30em"):
        assert rule in standard
    assert re.search(r"body \{[^}]*font-size: 1rem", standard)
    assert not re.search(r"font-size: \d+(\.\d+)?px", standard)  # the reader's text size rules
    assert re.search(r"body \{[^}]*font-size: 2\.18\d*rem", css("large-print-24"))
    dyslexia = css("dyslexia")
    assert "#FFF8E7" in dyslexia and "em { font-weight: bold; }" in dyslexia and "DejaVu Sans" in dyslexia
    contrast = css("high-contrast")
    assert ".box-tip" not in contrast and "border-color: var(--text)" in contrast


def test_the_whole_course_builds_to_html_in_every_profile_and_tier(tmp_path_factory):
    def build(folder: Path) -> dict:
        codes = {}
        for profile in PROFILES:
            for tier in ("", "support", "extension"):
                if tier and profile not in ("standard", "large-print-24"):
                    continue
                out = folder / f"{profile}-{tier or 'full'}"
                args = ["build", str(REPO), "--out", str(out), "--format", "html", "--profile", profile, "--quiet"]
                result = run_cli(*args, *(["--tier", tier] if tier else []))
                codes[out.name] = [result.returncode, result.stderr, sorted(p.name for p in out.rglob("*.html"))]
        return codes

    folder, made = made_once(tmp_path_factory, "course-html", build)
    for name, (code, stderr, files) in made.items():
        assert code == 0, (name, stderr)
        assert len(files) == shipped_document_count() and all(f.endswith(".html") for f in files), name
        for file in (folder / name).rglob("*.html"):
            Page(file.read_text(encoding="utf-8"))  # well nested


def test_the_html_writer_imports_no_course_loader_nor_another_writer_library():
    """As the other writers: it turns the document model into bytes and knows nothing of YAML."""
    code = "import json, sys, lessonpack.writers.html\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert "lessonpack.writers.html" in loaded
    assert loaded & {"yaml", "pydantic", "lessonpack.course", "lessonpack.lesson", "reportlab", "docx"} == set()


def test_the_same_document_gives_the_same_bytes(course):
    name, document, theme = next(shipped_documents(course))
    assert write(document, theme, "html") == write(document, theme, "html")


def labelled(page: Page, control: dict) -> str:
    """The name a screen reader gives a form control: its <label for>, or its aria-label."""
    if "aria-label" in control["attrs"]:
        return control["attrs"]["aria-label"]
    labels = [Page.text(e) for e in page.find("label") if e["attrs"].get("for") == control["attrs"].get("id")]
    return labels[0] if labels else ""


def test_fillable_gives_every_answer_a_labelled_control_and_a_save_button(course):
    for name, document, theme in shipped_documents(course):
        if not name.endswith("/worksheet"):
            continue
        page = Page(write(document, theme, "html", fillable=True).decode("utf-8"))
        controls = page.find("textarea") + page.find("input")
        assert controls and all(labelled(page, c) for c in controls), name
        answers = [e["attrs"]["data-answer"] for e in page.elements if "data-answer" in e["attrs"]]
        for block in walk(document.blocks):
            if isinstance(block, d.Question) and block.answer.kind != "none" and block.answer.lines and not block.part:
                assert f"Question {block.number}" in answers, (name, block.number)
        gaps = sum(len(re.findall(r"_{3,}", d.plain_text(b.children))) for q in walk(document.blocks)
                   if isinstance(q, d.Question) for b in walk(q.blocks) if isinstance(b, d.Paragraph))
        assert len([e for e in page.find("input") if e["attrs"].get("class") == "gap"]) == gaps, name
        for group in page.find("fieldset"):  # one answer of several: a radio group named by its question
            assert group["attrs"]["data-answer"].startswith("Question ")
        assert len(page.find("script")) == 1 and page.find("button", id="save-answers"), name
        assert not any(int(e["attrs"].get("tabindex", "0")) > 0 for e in page.elements), name  # reading order
        plain = html_of(document, theme)
        assert not plain.find("script") and not plain.find("textarea") and not plain.find("input"), name


def test_fillable_labels_are_escaped_and_the_script_holds_no_lesson_text():
    hostile = "</script><script>alert(1)</script>"
    document = d.Document(INFO, (d.Question("1", (d.Paragraph((d.Text(hostile),)), d.Choices(((d.Text(hostile),),)),
                                                  d.TrueFalse(((d.Text(hostile),),))), 2, d.AnswerSpace("lines", 3)),))
    html = write(document, theme_for(), "html", fillable=True).decode("utf-8")
    page = Page(html)
    assert len(page.find("script")) == 1 and "alert" not in Page.text(page.find("script")[0])
    assert html.count("<script") == 1


def test_an_exit_ticket_page_shows_one_slip_not_the_copies_cut_from_paper(tmp_path):
    """A grid of identical slips (`fill=page`) is for cutting a printed sheet: a screen shows one."""
    from conftest import copy_root, run_cli

    root = copy_root("all-types", tmp_path)
    result = run_cli("build", str(root / "lessons" / "nine.yaml"), "--out", str(tmp_path / "out"), "--format", "html")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "nine" / "nine_exit-ticket.html").read_text(encoding="utf-8")
    assert page.count("Who sent delegates to the soviet?") == 1
