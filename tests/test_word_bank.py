"""A gap fill's word bank reads as a list of whole entries: no printed line of it starts or ends
with the "·" between two entries (at 24 pt lesson 03's bank printed "1917 · 1922 ·" with the dot
at the line's end), and an entry of two words stays on one line."""

from __future__ import annotations

import pytest
from pagecheck import pdf_words

from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.writers.pdf import write_pdf

BANK = ("1917", "1922", "1924", "1929", "Great Terror", "Left Opposition", "Lenin Enrolment", "Trotsky",
        "United Opposition", "Zinoviev")
"""Lesson 03's word bank."""


def bank_lines(path, last: str) -> list[str]:
    """The printed lines of the word bank, from its label to its last entry, each as its words."""
    words = pdf_words(path)
    lines: dict[tuple[int, float], list] = {}
    for w in words:
        lines.setdefault((w.page, round(w.y0)), []).append(w)
    ordered = [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0))
               for _, ws in sorted(lines.items(), key=lambda kv: (kv[0][0], -kv[0][1]))]
    start = next(i for i, line in enumerate(ordered) if line.startswith("Word bank:"))
    end = next(i for i in range(start, len(ordered)) if last in ordered[i])
    return ordered[start:end + 1]


@pytest.mark.parametrize("profile", ["standard", "dyslexia", "large-print-18", "large-print-24", "large-print-36"])
@pytest.mark.parametrize("indent", [0, 1, 2, 3])
def test_no_line_of_a_word_bank_starts_or_ends_with_a_separator(tmp_path, profile, indent):
    theme = theme_for("A4", profile)
    # Entries shifted along, so that lines fill to different points.
    bank = d.WordBank(BANK[indent:] + BANK[:indent])
    question = d.Question("4", (d.Paragraph((d.Text("Fill each gap with a word from the word bank."),)), bank), 5,
                          d.AnswerSpace("none"))
    path = tmp_path / "bank.pdf"
    path.write_bytes(write_pdf(d.Document(d.DocumentInfo("Stalin", "Student worksheet", "History"), (question,)),
                               theme))
    lines = bank_lines(path, bank.words[-1])
    for line in lines:
        assert not line.endswith("·") and not line.replace("Word bank:", "").strip().startswith("·"), lines
    text = " · ".join(lines)
    for entry in BANK:
        assert entry in text, (entry, lines)  # whole, on one line


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_every_gap_s_number_is_printed_on_the_line_of_its_blank_and_each_blank_fits_the_longest_entry(
        tmp_path_factory, profile):
    """A page review found "After Lenin died in January (3)" ending a line, its blank starting the next;
    and blanks of ten underscores (19 mm on the standard paper) for entries such as "United Opposition".
    A blank is as long on paper at every print size (handwriting does not grow with the print): at
    24 pt longer blanks took lesson 03's gap fill over a page, its word bank overleaf."""
    import re
    import subprocess

    from conftest import course_in_profile
    from pagecheck import pdf_words

    lid = "03-stalin-bureaucracy"
    suffix = "" if profile == "standard" else f"_{profile}"
    path = course_in_profile(tmp_path_factory, profile) / lid / f"{lid}_student-worksheet{suffix}.pdf"
    lines = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert len([line for line in lines if re.search(r"\(\d\)\s*_", line)]) >= 3
    assert [line for line in lines if re.search(r"\(\d\)\s*$", line)] == []
    blanks = [w.x1 - w.x0 for w in pdf_words(path) if re.fullmatch(r"'?_{5,}[.,']*", w.text)]
    assert len(blanks) == 5 and min(blanks) >= 34 * 72 / 25.4  # "United Opposition" in a student's hand
