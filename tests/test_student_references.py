"""What a question sends students to is in their pack, and what a glossary glosses is in its text.

A page review found lesson 02's worksheet telling students to "use … the key words" while only the
source booklet printed them (the lesson plan hands that to the support group alone), an adapted source
glossing words only the original uses, and "Source A (adapted) (continued)". Read back from the shipped
course's PDFs as a student gets them.
"""

from __future__ import annotations

import re

from conftest import LESSON_IDS, lesson_yaml, pdf_text, squash


def test_a_worksheet_whose_questions_name_the_key_words_prints_every_one_of_them(shipped):
    checked = 0
    for lid in LESSON_IDS:
        lesson = lesson_yaml(shipped, lid)
        if not any("key word" in str(q.get("prompt", "")).casefold() for q in lesson.get("questions", [])):
            continue
        text = squash(pdf_text(shipped.out / lid / f"{lid}_student-worksheet.pdf"))
        assert "Key words" in text, lid
        assert [w for w in lesson["keywords"] if squash(f"{w}:") not in text] == [], lid
        checked += 1
    assert checked >= 2


def _glossary_words(box_text: str) -> list[str]:
    """The words a box's run-on glossary ("Glossary — word: meaning; word: meaning") explains."""
    if "Glossary — " not in box_text:
        return []
    run_on = box_text.split("Glossary — ", 1)[1]
    return re.findall(r"(?:^|; )([^:;]+?): ", run_on)


def test_an_adapted_source_glosses_only_words_its_own_text_uses(shipped):
    text = squash(pdf_text(shipped.out / "02-trotsky-following" / "02-trotsky-following_source-extracts.pdf"))
    adapted_b = text.split("Source B (adapted): ", 1)[1].split("Key words", 1)[0]
    original_b = text.split("Source B: ", 1)[1].split("Source B (adapted): ", 1)[0]
    assert "amalgamation" in _glossary_words(original_b)
    assert "amalgamation" not in adapted_b and "Mezrayhontsy:" not in adapted_b
    adapted_a = text.split("Source A (adapted): ", 1)[1].split("Source B: ", 1)[0]
    words = _glossary_words(adapted_a)
    assert "bourgeois" in words and "articulate" not in words and "unaligned" not in words
    body = adapted_a.split("Glossary — ", 1)[0].casefold()
    assert all(w.casefold() in body for w in words)


def test_an_adapted_source_continued_overleaf_is_headed_with_one_pair_of_brackets(shipped):
    text = squash(pdf_text(shipped.out / "02-trotsky-following" / "02-trotsky-following_source-extracts.pdf"))
    assert "Source A (adapted, continued)" in text
    assert "(adapted) (continued)" not in text


def test_the_mark_scheme_cites_the_lines_each_question_sends_students_to(shipped):
    """A page review: the teacher notes and mark scheme dropped each question's "Source A, lines 5–7",
    so a teacher marking could not find the passage the student was pointed to."""
    checked = 0
    for lid in ("02-trotsky-following", "03-stalin-bureaucracy"):
        worksheet = squash(pdf_text(shipped.out / lid / f"{lid}_student-worksheet.pdf"))
        leads = re.findall(r"Source [A-Z], lines? \d+(?:–\d+)?\.", worksheet)
        for kind in ("mark-scheme", "teacher-notes"):
            teacher = squash(pdf_text(shipped.out / lid / "teacher" / f"{lid}_{kind}.pdf"))
            assert [lead for lead in leads if lead not in teacher] == [], (lid, kind)
        checked += len(leads)
    assert checked >= 8
