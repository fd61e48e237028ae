"""Text reaches the page exactly as written, in PDF and DOCX.

`Tom & Jerry`, `S&P 500`, `0.1 < x < 0.9`, `<b>unclosed`, `*`, `_`, `#`, `[x](y)`
and `{{ 7*7 }}` typed into an essay, a lesson or course.yaml print literally:
never as bold, a link, a heading, reportlab markup or template code. The
course tests/roots/rel-literal puts such text in every field a template prints;
a property test then feeds arbitrary printable Unicode into lesson fields and
reads both files back.
"""

from __future__ import annotations

import dataclasses
import io
import unicodedata

import docx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import root_path
from lessonpack import glyphs
from lessonpack.pipeline import make_document
from lessonpack.course import load_course
from lessonpack.document import Emph, Link, SourceBox, Strong, plain_text
from lessonpack.expand import TemplateSet
from lessonpack.text import clean_text
from lessonpack.theme import theme_for
from lessonpack.writers import write

KINDS = ("worksheet", "extract", "teacher-notes")


@pytest.fixture(scope="module")
def literal():
    course = load_course(root_path("rel-literal"))
    return course, course.lessons[0], TemplateSet(course.templates_dir)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    """Every paragraph, table cell, header and footer of a DOCX."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    texts = ["".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t"))) for p in body.iter(docx.oxml.ns.qn("w:p"))]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(texts)


def no_space(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def built(literal):
    """Each document kind of the literal lesson, as PDF text and DOCX text."""
    course, lesson, templates = literal
    theme = theme_for("A4")
    out = {}
    for kind in KINDS:
        document = make_document(course, lesson, kind, templates)
        out[kind] = (document, pdf_text(write(document, theme, "pdf")), docx_text(write(document, theme, "docx")))
    return out


def texts_of(lesson, course) -> dict[str, list[str]]:
    """What each document kind must show, taken from the lesson and course as typed."""
    le, c = lesson.lesson, course.course
    q = le.questions
    source = le.sources[0]
    return {
        "worksheet": [le.title, le.enquiry, *le.objectives, source.title, source.caption, source.headnote,
                      *source.glossary, *source.glossary.values(), q[0].prompt, *q[0].scaffold, q[0].extension,
                      *q[1].option_texts, q[2].statements[0].text, *q[3].distractors, q[4].pairs[0].left,
                      q[4].pairs[0].right, *q[6].columns, *q[6].rows, c.title],
        "extract": [le.title, le.enquiry, lesson.essay.meta.title, source.adapted.split("\n")[0],
                    *c.glossary.values()],
        "teacher-notes": [le.title, le.audience, le.activities[0].title, le.activities[0].description,
                          le.teacher_notes.background, q[0].prompt, q[0].model_answer, *q[0].mark_scheme.points,
                          q[0].mark_scheme.levels[0].descriptor, *q[0].mark_scheme.indicative,
                          *le.teacher_notes.misconceptions, le.teacher_notes.fact_checks[0].note,
                          *le.teacher_notes.differentiation.support, *le.teacher_notes.differentiation.extension],
    }


@pytest.mark.parametrize("kind", KINDS)
def test_markup_characters_print_literally_in_both_formats(literal, built, kind):
    course, lesson, _ = literal
    _, pdf, docx_ = built[kind]
    for text in texts_of(lesson, course)[kind]:
        assert no_space(text) in no_space(pdf), f"PDF {kind} lost or changed: {text!r}"
        assert squash(text) in squash(docx_), f"DOCX {kind} lost or changed: {text!r}"


@pytest.mark.parametrize("kind", ("worksheet", "extract"))
def test_essay_text_prints_literally_line_by_line(literal, built, kind):
    _, lesson, _ = literal
    document, pdf, docx_ = built[kind]
    box = next(node for node in _walk(document.blocks) if isinstance(node, SourceBox) and not node.adapted)
    # The extract's lines, joined, are the essay's paragraphs exactly (nothing eaten by markup) ...
    printed = squash(" ".join(line.text for line in box.lines if not line.gap))
    assert printed == squash(" ".join(p.text for p in lesson.essay.paragraphs))
    # ... and each line is in both files as it is in the model.
    for line in box.lines:
        assert no_space(line.text) in no_space(pdf), line.text
        assert squash(line.text) in squash(docx_), line.text


@pytest.mark.parametrize("kind", KINDS)
def test_no_formatting_is_made_out_of_lesson_characters(built, kind):
    document = built[kind][0]
    made = [node for node in _walk(document.blocks) if isinstance(node, (Strong, Emph, Link))]
    assert not [n for n in made if isinstance(n, Link)]
    # `*stars*`, `_under_`, `*not bold*` stay text: none of their insides became bold or italic.
    inner = {"stars", "under", "u", "not bold", "x", "y", "b", "i", "this"}
    assert not [plain_text(n.children) for n in made if plain_text(n.children).strip() in inner]


def test_no_template_code_runs_from_lesson_text(built):
    for document, pdf, docx_ in built.values():
        assert "49" not in no_space(pdf).replace("{{7*7}}", "")
        assert "{{ 7*7 }}" in squash(docx_)


def _walk(nodes):
    for node in nodes:
        yield node
        for name in ("children", "blocks", "cells"):
            yield from _walk(getattr(node, name, ()) or ())
        for item in getattr(node, "items", ()) or ():
            yield from _walk(item)


# ----------------------------------------------------------------- any printable text

# Printable text as a teacher could type it: letters, marks, numbers, punctuation, symbols
# and spaces; not what clean_text removes (it never reaches a template).
PRINTABLE = st.characters(whitelist_categories=("L", "M", "N", "P", "S", "Zs"),
                          blacklist_characters="\u00ad\u2028\u2029\ufeff")
FIELD_TEXT = st.text(PRINTABLE, min_size=1, max_size=30).filter(lambda t: t.strip() and clean_text(t)[1] == [])


def with_text(lesson, title: str, prompt: str, option: str):
    le = lesson.lesson
    choice = le.questions[1].model_copy(update={"options": [option, "Another option"], "answer": option})
    first = le.questions[0].model_copy(update={"prompt": prompt})
    changed = le.model_copy(update={"title": title, "questions": [first, choice, *le.questions[2:]]})
    return dataclasses.replace(lesson, lesson=changed)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(title=FIELD_TEXT, prompt=FIELD_TEXT, option=FIELD_TEXT)
def test_any_printable_text_reads_back_the_same_or_is_reported(literal, title, prompt, option):
    course, lesson, templates = literal
    assume(len({squash(title), squash(prompt), squash(option), "Another option"}) == 4)
    document = make_document(course, with_text(lesson, title, prompt, option), "worksheet", templates)
    theme = theme_for("A4")
    docx_ = squash(docx_text(write(document, theme, "docx")))
    for text in (title, prompt, option):
        assert squash(text) in docx_, f"DOCX changed {text!r}"
    problems = glyphs.check(document, theme)
    unprintable = {p.char for p in problems}
    pdf = no_space(pdf_text(write(document, theme, "pdf")))
    for text in (title, prompt, option):
        if set(text) & unprintable:
            continue  # the build reports it instead of printing a box (test_reliability_glyphs.py)
        assert no_space(text) in pdf, f"PDF changed {text!r}"


# ----------------------------------------------------------------- line breaks inside table cells

MULTILINE = "Line one of the description\nline two | with a pipe\n\nA second paragraph."


def plan_table(course, lesson, templates):
    """The rows of the teacher notes' lesson plan when an activity's description has line breaks."""
    from lessonpack.document import Table

    le = lesson.lesson
    activity = le.activities[0].model_copy(update={"description": MULTILINE})
    changed = dataclasses.replace(lesson, lesson=le.model_copy(update={"activities": [activity]}))
    document = make_document(course, changed, "teacher-notes", templates)
    return next(b for b in document.blocks if isinstance(b, Table))


def test_the_oneline_filter_keeps_a_multi_line_value_in_its_table_cell(literal, tmp_path):
    import shutil

    course, lesson, _ = literal
    folder = tmp_path / "templates"
    shutil.copytree(TemplateSet(None).search_path[-1], folder)
    template = folder / "teacher-notes.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{{ a.description }}", "{{ a.description | oneline }}"), encoding="utf-8")
    table = plan_table(course, lesson, TemplateSet(folder))
    assert len(table.rows) == 1
    assert plain_text(table.rows[0][2]).endswith(squash(MULTILINE))


def test_a_multi_line_activity_description_stays_in_its_table_cell(literal):
    course, lesson, templates = literal
    table = plan_table(course, lesson, templates)
    assert len(table.rows) == 1
    assert plain_text(table.rows[0][2]).endswith(squash(MULTILINE))
