"""The teacher notes' Background and Differentiation as a teacher reads them, PDF and DOCX read back.

The Background is the teacher's own text from the lesson YAML: it prints as the paragraphs the YAML
gives it (a blank line between them), word for word, not as one block that ran 3½ pages at 24 pt.
The Differentiation section says what each tier's paper holds, in that paper's numbers, with no
how-to about building ("when the pack is built for a tier") and no list of every question repeated
for each tier. Expectations come from the lesson YAML, never from lessonpack's template context.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, squash

LESSONS = sorted(p.stem for p in (REPO / "lessons").glob("[0-9]*.yaml"))


def lesson(lid: str) -> dict:
    return yaml.safe_load((REPO / "lessons" / f"{lid}.yaml").read_text(encoding="utf-8"))


def notes(out: Path, lid: str, fmt: str) -> Path:
    return out / lid / "teacher" / f"{lid}_teacher-notes.{fmt}"


def in_reading_order(story) -> list:
    """A document's (or a cell's) paragraphs in reading order, those in its tables' cells too: a section
    that may run onto a new page is a table headed by its heading (writers/docx/labelled_sections.py)."""
    out = []
    for item in story.iter_inner_content():
        if isinstance(item, docx.table.Table):
            out += [p for row in item.rows for cell in row.cells for p in in_reading_order(cell)]
        else:
            out.append(item)
    return out


def docx_body(path: Path, heading: str) -> list[str]:
    """The body paragraphs under a level-2 heading of a DOCX, up to the next heading. A paragraph printed
    with no space after it runs on into the next, read as one: a long paragraph's sentences, each a
    row of a labelled section (writers/docx/labelled_sections.py)."""
    out, inside, runs_on = [], False, False
    for p in in_reading_order(docx.Document(str(path))):
        is_heading = p.style.name.startswith("Heading")
        if is_heading:
            if inside:
                break
            inside = p.text.strip() == heading
        elif inside and p.text.strip():
            out[-1:] = [squash(f"{out[-1]} {p.text}")] if runs_on else [*out[-1:], squash(p.text)]
            after = p.paragraph_format.space_after
            runs_on = after is not None and after.pt == 0
    return out


def pdf_text(path: Path) -> str:
    return squash(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def test_the_shipped_backgrounds_come_in_paragraphs():
    """Each shipped background of more than a page's worth is split at its natural breaks."""
    for lid in LESSONS:
        background = lesson(lid)["teacher_notes"]["background"]
        paragraphs = [p for p in background.split("\n\n") if p.strip()]
        assert len(paragraphs) >= 3 or len(background) < 1500, lid
        assert max(len(p) for p in paragraphs) < 2500, lid


@pytest.mark.parametrize("lid", LESSONS)
def test_the_background_prints_as_the_lessons_paragraphs_word_for_word(shipped, lid):
    typed = [squash(p) for p in lesson(lid)["teacher_notes"]["background"].split("\n\n") if p.strip()]
    assert docx_body(notes(shipped.out, lid, "docx"), "Background") == typed
    # In the PDF each paragraph starts a printed line of its own and the words run on unchanged.
    lines = [squash(line) for page in PdfReader(str(notes(shipped.out, lid, "pdf"))).pages
             for line in (page.extract_text() or "").split("\n") if line.strip()]
    for paragraph in typed[1:]:
        first = " ".join(paragraph.split()[:3])
        assert any(line.startswith(first) for line in lines), (lid, first)
    text = " ".join(lines)  # a paragraph may run over a page, under the running header: its ends only
    for paragraph in typed:
        words = paragraph.split()
        assert " ".join(words[:8]) in text and " ".join(words[-8:]) in text, (lid, paragraph[:60])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_notes_say_once_what_every_tier_holds_and_the_differentiation_holds_no_how_to(shipped, fmt):
    for lid in LESSONS:
        count = len(lesson(lid)["questions"])
        path = notes(shipped.out, lid, fmt)
        if fmt == "docx":
            whole = squash(" ".join(p.text for p in in_reading_order(docx.Document(str(path)))))
            section = " ".join(docx_body(path, "Differentiation"))
        else:
            whole = pdf_text(path)
            section = whole[[m.start() for m in re.finditer(r"Differentiation(?! \(continued\))", whole)][-1]:]
        whole = whole.replace("\u00a0", " ")
        # The shipped lessons give every tier every question: said once, on the first page.
        said = f"Tiers: every tier's paper (● support, ■ core, ▲ extension) holds all {count} questions, numbered as here."
        assert said in whole and said not in section, lid
        # No question list repeated for each tier, no how-to about building.
        assert ", ".join(str(n) for n in range(1, count + 1)) not in whole, lid
        for how_to in ("built for a tier", "When the pack is built", "Tier papers are made", "lessonpack"):
            assert how_to not in section, (lid, how_to)
        # What is left under the heading is the teacher's own notes, support first.
        first = lesson(lid)["teacher_notes"]["differentiation"]["support"][0]
        assert squash(section).split("Support: ", 1)[1].startswith(" ".join(first.split()[:4])), lid
