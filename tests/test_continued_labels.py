"""What carries on overleaf says whose it is (issue 16): a timeline's entries under "Timeline
(continued)", a box of key words under "Key words (continued)", a table's rows and a question's
later items (a stacked row, lettered answers, an extension) under "Question N (continued)".

Read from the shipped course as built (the page check `continued_without_label` covers every page
of every paper; these pin where the labels stand, at the top of the page they head)."""

from __future__ import annotations

from conftest import course_in_profile, page_texts


def first_lines(pdf) -> list[str]:
    """Each page's first line under the running header (whose lines name the course and lesson)."""
    out = []
    for text in page_texts(pdf.read_bytes()):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("Personality in History")]
        out.append(body[0] if body else "")
    return out


def test_a_timeline_and_key_words_continued_overleaf_are_headed_so(tmp_path_factory):
    out = course_in_profile(tmp_path_factory, "dyslexia")
    homework = first_lines(out / "02-trotsky-following" / "02-trotsky-following_homework_dyslexia.pdf")
    assert homework[1] == "Key words (continued)"
    assert "Timeline (continued)" in homework


def test_a_question_s_table_continued_overleaf_is_headed_by_its_question(tmp_path_factory):
    out = course_in_profile(tmp_path_factory, "large-print-24")
    pages = page_texts((out / "03-stalin-bureaucracy" / "03-stalin-bureaucracy_student-worksheet_large-print-24.pdf")
                       .read_bytes())
    factor_pages = [text for text in pages if "Stalin's own abilities" in text]
    assert factor_pages and all("Question 6 (continued)" in text.split("Factor")[0] for text in factor_pages)


def test_the_source_booklet_s_key_words_run_on_under_their_title(tmp_path_factory):
    """The extracts end with the key words; each page they run onto says so (they were a heading and
    a list, which ran on with no label and split entries mid-sentence at 24 pt)."""
    for profile in ("standard", "dyslexia", "large-print-24"):
        out = course_in_profile(tmp_path_factory, profile)
        for lid in ("02-trotsky-following", "03-stalin-bureaucracy"):
            suffix = "" if profile == "standard" else f"_{profile}"
            pages = page_texts((out / lid / f"{lid}_source-extracts{suffix}.pdf").read_bytes())
            first = next(i for i, text in enumerate(pages) if "Key words" in text)
            assert all("Key words (continued)" in text for text in pages[first + 1:]), (profile, lid)


def test_a_chart_source_s_head_that_runs_on_is_followed_by_its_continued_title(tmp_path_factory):
    """At 24 pt Source C's head (title, caption, a long headnote) and its chart do not share a page:
    the headnote runs on, and the page with its end and the chart is headed "Source C (continued)"
    (it had no title: a chart with no name under another source's page)."""
    out = course_in_profile(tmp_path_factory, "large-print-24")
    for kind in ("source-extracts", "homework"):
        pdf = out / "03-stalin-bureaucracy" / f"03-stalin-bureaucracy_{kind}_large-print-24.pdf"
        pages, first = page_texts(pdf.read_bytes()), first_lines(pdf)
        chart = next(i for i, text in enumerate(pages) if "thousand members" in text)
        assert "Source C: Party membership" in pages[chart] or first[chart] == "Source C (continued)", kind


def test_every_question_continued_label_stands_at_the_margin(tmp_path_factory):
    """At 24 pt the labels over a matching question's items, an ordering's items and a stacked table's
    boxes stood at the question's indent (42 pt in), the others at the margin: a student looks for the
    label in one place. Read from lessons 02 and 03, whose papers carry both kinds."""
    from pagecheck import pdf_words

    from lessonpack.theme import theme_for

    margin = theme_for("A4", "large-print-24").margin_left
    out = course_in_profile(tmp_path_factory, "large-print-24")
    starts = []
    for lesson in ("02-trotsky-following", "03-stalin-bureaucracy"):
        for path in sorted((out / lesson).glob("*.pdf")):
            words = pdf_words(path)
            starts += [(path.name, w.page, round(w.x0, 1)) for w, _, after in zip(words, words[1:], words[2:])
                       if w.text == "Question" and after.text == "(continued)"]
    assert len(starts) >= 10
    assert [s for s in starts if abs(s[2] - margin) > 1] == []


def test_no_source_box_piece_ends_with_the_first_line_of_a_paragraph_that_runs_on(tmp_path_factory):
    """At 24 pt lesson 02's Source B ended a page with "25 For this reason Lenin ¶12", the rest of the
    paragraph overleaf: a paragraph's first line goes over with it (the box still leaves three lines a side)."""
    import subprocess

    orphans, pieces = [], 0
    for profile in ("large-print-24", "dyslexia"):
        for path in sorted(course_in_profile(tmp_path_factory, profile).rglob("*_source-extracts_*.pdf")):
            text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout
            pages = [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")]
            for number, (page, following) in enumerate(zip(pages, pages[1:]), start=1):
                if any(line.strip().startswith("Source") and "continued)" in line for line in following[:5]):
                    pieces += 1
                    last = [line for line in page if "Page" not in line][-1]
                    if "¶" in last:
                        orphans.append(f"{path.name} p{number}: {last.strip()}")
    assert pieces >= 10
    assert orphans == []
