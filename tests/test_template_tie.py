"""No instruction ends on a line holding only a short word ("you will be able / to:" on the large-print
worksheet's first page): the `tie` filter keeps a short last word with the word before it.

The shipped course's large-print (24 pt) worksheets are read back: the PDF's printed lines with
pdftotext, the DOCX's paragraph with python-docx (its no-break space is what Word keeps together).
"""

from __future__ import annotations

import subprocess

import docx

from conftest import REPO, course_in_profile

from lessonpack.template_filters import FILTERS

LESSONS = sorted(p.stem for p in (REPO / "lessons").glob("[0-9]*.yaml"))
LEAD_IN = "By the end of this lesson you will be able to:"


def test_the_filter_ties_only_a_short_last_word():
    tie = FILTERS["tie"]
    assert tie(LEAD_IN) == LEAD_IN[:-4] + "\u00a0to:"
    assert tie("the workers of the Soviet.") == "the workers of the Soviet."  # a long word may still break
    assert tie("Soviet") == "Soviet"


def test_the_worksheet_lead_in_never_leaves_to_alone_on_a_line(tmp_path_factory):
    out = course_in_profile(tmp_path_factory, "large-print-24")
    for lid in LESSONS:
        pdf = out / lid / f"{lid}_student-worksheet_large-print-24.pdf"
        lines = [line.replace("\u00a0", " ").strip() for line in subprocess.run(["pdftotext", "-f", "1", "-l", "2", str(pdf), "-"],
                                                         capture_output=True, text=True, check=True).stdout.split("\n")]
        assert any(line.endswith("able to:") for line in lines), lid
        assert "to:" not in lines, lid
        paragraphs = [p.text for p in docx.Document(str(pdf.with_suffix(".docx"))).paragraphs]
        assert LEAD_IN[:-4] + "\u00a0to:" in paragraphs, lid


def test_a_mark_point_never_leaves_its_mark_alone_on_a_line(tmp_path_factory):
    """ "Supported with words from Source A / (1)": at 24 pt lesson 02's mark scheme left four marks
    alone on a line, lesson 03's two; a point's mark is tied to its last word."""
    out = course_in_profile(tmp_path_factory, "large-print-24")
    for lid in LESSONS:
        pdf = out / lid / "teacher" / f"{lid}_mark-scheme_large-print-24.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        lines = [line.replace("\u00a0", " ").strip() for line in text.split("\n")]
        assert any(line.endswith("(1)") for line in lines), lid
        assert not [line for line in lines if line in {f"({n})" for n in range(1, 10)}], lid
