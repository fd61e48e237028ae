"""Print profiles: the shipped worksheets and extracts in every profile of theme.PROFILES, read back.

Two shipped lessons (01, and 03 with its organiser table, true/false grid and two
sources) are built once per profile with the real command line. Each paper is read
back from the files: font sizes and positions of every text run (pypdf's text
visitor), the fonts and colours in the content streams, the DOCX styles. Expectations
come from the profile's own numbers in theme.PROFILES and from the standard paper:
a profile changes the look, never the line numbers, questions, marks or references.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import (LESSON_IDS, MARKS_RE, REPO, Run, body_runs, copy_root, docx_paragraphs, is_furniture, lesson_yaml,
                      made_once, overprinted, pdf_runs, question_number_runs, question_numbers, run_cli, squash)

from lessonpack.theme import PROFILES, theme_for

REQUIRE_CLIENTS = os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1"
LESSONS = ("01-soviet-1905", "03-stalin-bureaucracy")
NAMES = sorted(PROFILES)
LARGE = [p for p in NAMES if p.startswith("large-print")]
ENLARGED = [*LARGE, "dyslexia"]
"""The profiles that promise a bigger body size than the standard paper."""
FILE_KINDS = {"worksheet": "student-worksheet", "extract": "source-extracts"}


BOOKLET_WORDS = {"Source", "Sources", "The", "timeline", "key", "words", "is", "are", "in", "your", "source", "booklet"}
"""The words of the large-print worksheet's line that sends the student to the source booklet."""


def sourced(profile: str) -> list[str]:
    """The kinds that print the sources on this paper: on large print only the source booklet."""
    return ["extract"] if theme_for("A4", profile).source_booklet else list(FILE_KINDS)
A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)


# ----------------------------------------------------------------- building every profile once


def suffix(profile: str) -> str:
    return "" if profile == "standard" else f"_{profile}"


@dataclass(frozen=True)
class Papers:
    """Lessons 01 and 03 built in every profile, in out/<profile>/."""

    out: Path

    def file(self, profile: str, lid: str, kind: str, fmt: str) -> Path:
        return self.out / profile / lid / f"{lid}_{FILE_KINDS[kind]}{suffix(profile)}.{fmt}"


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> Papers:
    """`lessonpack build LESSONS --profile P` for every profile, the builds running side by side
    (once per test run: the test workers share them)."""
    def build(out: Path) -> dict:
        files = [str(REPO / "lessons" / f"{lid}.yaml") for lid in LESSONS]
        procs = {p: subprocess.Popen([sys.executable, "-m", "lessonpack", "build", *files, "--profile", p,
                                      "--out", str(out / p), "--jobs", "1", "--quiet"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for p in NAMES}
        failed = {}
        for profile, proc in procs.items():
            stdout, stderr = proc.communicate(timeout=600)
            if proc.returncode != 0:
                failed[profile] = stderr
        return failed

    out, failed = made_once(tmp_path_factory, "profiles", build)
    assert failed == {}
    return Papers(out)


# ----------------------------------------------------------------- reading a PDF back


def is_margin_number(run: Run, theme) -> bool:
    """An extract line number in the left margin of a source box, or a ¶ number at its right."""
    if re.fullmatch(r"¶\d+", run.text):
        return True
    return (re.fullmatch(r"\d+", run.text) is not None and not run.bold
            and run.x < theme.margin_left + theme.extract_indent)


def numbered_lines(path: Path, theme) -> list[tuple[int, list[str]]]:
    """(N, words) for each extract line number N printed in the margin of a source box: the
    words of the text printed beside it, in the extract column, on its level."""
    runs = pdf_runs(path)
    column = theme.margin_left + theme.extract_indent
    out = []
    for number in runs:
        if not (re.fullmatch(r"\d+", number.text) and not number.bold
                and abs(number.size - theme.small_size) < 0.05 and number.x < column):
            continue
        beside = [r for r in runs if r.page == number.page and column <= r.x < column + theme.extract_size
                  and abs(r.size - theme.extract_size) < 0.05 and abs(r.y - number.y) < theme.extract_size * 0.6]
        if beside:
            first = min(beside, key=lambda r: abs(r.y - number.y))
            out.append((int(number.text), first.words))
    return out


def extract_text_lines(path: Path, theme) -> list[Run]:
    """The text runs in the extract column of the source boxes, first lines and (in large print)
    indented continuations, in reading order.

    A source box runs from its title ("Source A: …") to its glossary or the next heading
    after its lines; a picture or statistics source has none."""
    column = theme.margin_left + theme.extract_indent
    lid = next((lid for lid in LESSON_IDS if path.name.startswith(lid)), None)  # else a test's own course
    texts = {s["letter"] for s in lesson_yaml(None, lid).get("sources", []) if "extract" in s} if lid else None
    out: list[Run] = []
    inside, lines = False, 0
    for r in body_runs(path, theme):
        if m := re.match(r"Source ([A-Z])( \(adapted\))?: ", r.text):
            inside, lines = texts is None or m[1] in texts, 0  # a chart's or picture's labels are no extract lines
        elif re.fullmatch(r"Source [A-Z] \((?:adapted, )?continued\)", r.text):  # the box's title over its next page
            continue
        elif r.text.startswith("Glossary") or (lines and r.bold and r.size >= min(theme.heading_sizes) - 0.1):
            inside = False
        elif inside and column <= r.x < column + theme.extract_size * 1.5 and not r.bold:
            out.append(r)
            lines += 1
    return out


def reading_text(path: Path, theme) -> str:
    """The body runs joined in drawing order, white space squashed."""
    return squash(" ".join(r.text for r in body_runs(path, theme)))


REF_RE = re.compile(r"Source [A-Z](?:, lines? \d+(?:–\d+)?)?\.")


def references(text: str) -> list[str]:
    """"Source A, lines 10–11." and "Source A." labels that open a question, in order."""
    return REF_RE.findall(text)


def page_colour_ops(path: Path) -> list[list[tuple[bytes, list]]]:
    """The first operators of each page's content stream."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(str(path))
    return [[(op, [float(x) for x in operands if isinstance(x, (int, float))])
             for operands, op in ContentStream(page.get_contents(), reader).operations[:8]]
            for page in reader.pages]


def colours(path: Path) -> set[tuple[str, tuple[float, ...]]]:
    """Every colour a PDF sets for filling (text, backgrounds) or stroking (rules, borders)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(str(path))
    found = set()
    for page in reader.pages:
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op in (b"rg", b"RG", b"g", b"G", b"k", b"K", b"sc", b"SC", b"scn", b"SCN"):
                found.add((op.decode(), tuple(round(float(x), 3) for x in operands)))
    return found


def font_names(path: Path) -> set[str]:
    """The base font names every page uses, subset tags removed."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def hex_rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(round(int(colour[i:i + 2], 16) / 255, 3) for i in (0, 2, 4))  # type: ignore[return-value]


# ----------------------------------------------------------------- the paper


@pytest.mark.parametrize("profile", NAMES)
def test_the_paper_size_is_the_profiles(papers, profile):
    from pypdf import PdfReader

    expected = A3 if profile == "large-print-36" else A4
    for lid in LESSONS:
        for kind in FILE_KINDS:
            for page in PdfReader(str(papers.file(profile, lid, kind, "pdf"))).pages:
                box = page.mediabox
                assert (float(box.width), float(box.height)) == pytest.approx(expected, abs=0.5)


def test_large_print_36_is_the_only_a3_profile():
    assert [p for p in NAMES if theme_for("A4", p).page_size == "A3"] == ["large-print-36"]


# ----------------------------------------------------------------- type sizes


def is_prompt(run: Run, texts: list[str], theme) -> bool:
    """A run of a question's prompt, as the lesson gives it, in the question's stem column."""
    text = squash(run.text)
    return (len(text) >= 12 and not run.bold and run.x >= theme.margin_left + theme.question_number_width - 1
            and any(text in t for t in texts))


@pytest.fixture(scope="module")
def prompts() -> dict[str, list[str]]:
    """Per lesson: the question prompts, squashed."""
    import yaml

    out = {}
    for lid in LESSONS:
        lesson = yaml.safe_load((REPO / "lessons" / f"{lid}.yaml").read_text(encoding="utf-8"))
        out[lid] = [squash(q["prompt"]) for q in lesson["questions"]]
    return out


@pytest.mark.parametrize("profile", ENLARGED)
def test_the_extract_and_the_questions_print_at_the_body_size(papers, prompts, profile):
    theme = theme_for("A4", profile)
    for lid in LESSONS:
        for kind in FILE_KINDS:
            path = papers.file(profile, lid, kind, "pdf")
            read = extract_text_lines(path, theme)
            if kind in sourced(profile):
                assert len(read) > 10, f"{path.name}: found no extract lines to measure"
            if kind == "worksheet":
                prompt_runs = [r for r in body_runs(path, theme) if is_prompt(r, prompts[lid], theme)]
                assert len(prompt_runs) >= len(prompts[lid]), "found too few question prompts to measure"
                read += prompt_runs + question_number_runs(path, theme)
            small = sorted({(round(r.size, 2), r.text[:40]) for r in read if r.size < theme.body_size - 0.1})
            assert small == [], f"{path.name}: under {theme.body_size} pt"


@pytest.mark.parametrize("profile", ENLARGED)
def test_nothing_prints_smaller_than_the_profiles_small_size(papers, profile):
    """Header, footer, line numbers and ¶ numbers use small_size; nothing is smaller."""
    theme = theme_for("A4", profile)
    for lid in LESSONS:
        for kind in FILE_KINDS:
            path = papers.file(profile, lid, kind, "pdf")
            runs = pdf_runs(path)
            furniture = [r for r in runs if is_furniture(r, theme) or is_margin_number(r, theme)]
            assert furniture, "no header, footer or line numbers found"
            assert {r.text for r in furniture if r.size < theme.small_size - 0.1} == set()
            assert {r.text[:40] for r in runs if r.size < theme.small_size - 0.1} == set()


@pytest.mark.parametrize("profile", ENLARGED)
def test_only_page_furniture_and_margin_numbers_print_below_the_body_size(papers, profile):
    """Large print (and the dyslexia paper) promise every word a student reads at the body size."""
    theme = theme_for("A4", profile)
    for lid in LESSONS:
        for kind in FILE_KINDS:
            path = papers.file(profile, lid, kind, "pdf")
            small = sorted({r.text[:40] for r in pdf_runs(path)
                            if r.size < theme.body_size - 0.1
                            and not is_furniture(r, theme) and not is_margin_number(r, theme)})
            assert small == [], f"{path.name}: text under {theme.body_size} pt"


@pytest.mark.parametrize("profile", NAMES)
def test_headings_are_at_least_as_large_as_the_body_text(papers, profile):
    """Source titles ("Source A: …") are level-3 headings; no heading is smaller than the text under it."""
    import docx

    theme = theme_for("A4", profile)
    for lid in LESSONS:
        path = papers.file(profile, lid, sourced(profile)[0], "pdf")
        titles = [r for r in pdf_runs(path) if re.match(r"Source [A-Z]: ", r.text)]
        assert titles
        assert all(r.size >= theme.body_size - 0.1 for r in titles), [(r.text, r.size) for r in titles]
        styles = docx.Document(str(papers.file(profile, lid, "worksheet", "docx"))).styles
        assert styles["Heading 3"].font.size.pt >= styles["Normal"].font.size.pt


# ----------------------------------------------------------------- the same lines, questions and marks


SHARED = [p for p in NAMES if p != "standard" and p not in LARGE]
"""The papers that print the standard paper's extract lines (large print is re-set for its own measure)."""


def without_line_numbers(references: list[str]) -> list[str]:
    """ "Source A, lines 10–11." as "Source A.": large print numbers its own lines."""
    return [re.sub(r", lines? \d+(?:–\d+)?", "", ref) for ref in references]


@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("profile", SHARED)
def test_each_line_number_stands_beside_the_same_words_as_on_the_standard_paper(papers, profile, kind):
    standard, theme = theme_for("A4", "standard"), theme_for("A4", profile)
    for lid in LESSONS:
        expected = numbered_lines(papers.file("standard", lid, kind, "pdf"), standard)
        got = numbered_lines(papers.file(profile, lid, kind, "pdf"), theme)
        assert len(expected) >= 2, "the standard paper shows no line numbers"
        assert [n for n, _ in got] == [n for n, _ in expected]
        for (n, ours), (_, theirs) in zip(got, expected):
            assert ours, f"line {n} has no words beside it"
            assert ours == theirs, f"line {n}"


def extract_lines_of(path: Path, theme, wrapped: bool) -> list[str]:
    """The extract's lines as printed; with wrapped, continuations are joined to their line."""
    column = theme.margin_left + theme.extract_indent
    lines: list[str] = []
    for run in extract_text_lines(path, theme):
        continuation = run.x > column + theme.extract_size * 0.5
        if continuation:
            assert wrapped, f"an extract line wraps on the {path.name} paper: {run.text!r}"
            assert lines, f"a continuation with no numbered line before it: {run.text!r}"
            lines[-1] += " " + run.text
        else:
            lines.append(run.text)
    return [squash(line) for line in lines]


@pytest.mark.parametrize("profile", ["dyslexia", "high-contrast"])
def test_every_extract_line_prints_whole_in_the_standard_width_profiles(papers, profile):
    standard, theme = theme_for("A4", "standard"), theme_for("A4", profile)
    for lid in LESSONS:
        for kind in FILE_KINDS:
            expected = extract_lines_of(papers.file("standard", lid, kind, "pdf"), standard, wrapped=False)
            assert len(expected) > 10
            assert extract_lines_of(papers.file(profile, lid, kind, "pdf"), theme, wrapped=False) == expected


@pytest.mark.parametrize("profile", LARGE)
def test_large_print_prints_each_of_its_extract_lines_whole_with_the_standard_papers_words(papers, profile):
    """Re-set for its own measure: more, shorter lines, none wrapped, the same words in the same order."""
    standard, theme = theme_for("A4", "standard"), theme_for("A4", profile)
    for lid in LESSONS:
        for kind in sourced(profile):
            expected = extract_lines_of(papers.file("standard", lid, kind, "pdf"), standard, wrapped=False)
            got = extract_lines_of(papers.file(profile, lid, kind, "pdf"), theme, wrapped=False)
            assert " ".join(got).split() == " ".join(expected).split()
            assert len(got) > len(expected), "the large-print measure is not being tested"


@pytest.mark.parametrize("profile", [p for p in NAMES if p != "standard"])
def test_question_numbers_marks_and_line_references_are_the_standard_papers(papers, profile):
    standard, theme = theme_for("A4", "standard"), theme_for("A4", profile)
    for lid in LESSONS:
        ours, std = papers.file(profile, lid, "worksheet", "pdf"), papers.file("standard", lid, "worksheet", "pdf")
        assert question_numbers(std, standard) == [str(n) for n in range(1, len(question_numbers(std, standard)) + 1)]
        assert question_numbers(ours, theme) == question_numbers(std, standard)
        text, expected = reading_text(ours, theme), reading_text(std, standard)
        assert MARKS_RE.findall(expected) and references(expected)
        assert MARKS_RE.findall(text) == MARKS_RE.findall(expected)
        if profile in LARGE:  # the same sources, its own line numbers (test_large_print_lines.py)
            assert without_line_numbers(references(text)) == without_line_numbers(references(expected))
        else:
            assert references(text) == references(expected)
        assert re.search(r"Total: \d+ marks", text).group() == re.search(r"Total: \d+ marks", expected).group()


def docx_view(path: Path) -> tuple[list[str], list[str], list[str], list[str]]:
    """A DOCX worksheet's question numbers, marks labels, source references and extract lines. A question
    headed by its label row has the label as its number line ("Question 10", docx/questions.py), a row
    whose merged cell python-docx reads once per column it spans: read once."""
    paragraphs = docx_paragraphs(path)
    found = [m.group(1) for p in paragraphs
             if p.style.name == "Question" and (m := re.fullmatch(r"(?:Question )?(\d+)", p.text))]
    numbers = [n for i, n in enumerate(found) if not i or found[i - 1] != n]
    text = squash(" ".join(p.text for p in paragraphs))
    lines = [p.text for p in paragraphs if p.style.name == "Extract Line"]
    return numbers, MARKS_RE.findall(text), references(text), lines


@pytest.mark.parametrize("profile", [p for p in NAMES if p != "standard"])
def test_the_docx_has_the_standard_papers_questions_marks_references_and_lines(papers, profile):
    for lid in LESSONS:
        ours = docx_view(papers.file(profile, lid, "worksheet", "docx"))
        expected = docx_view(papers.file("standard", lid, "worksheet", "docx"))
        assert all(expected)
        if profile in LARGE:  # its own lines and line numbers: the same words, and the PDF's lines
            (numbers, marks, refs, lines), (numbers_std, marks_std, refs_std, _) = ours, expected
            # every number the standard paper prints, in order; a part's "Question 7" label row may add one
            assert set(numbers_std) <= set(numbers) and numbers == sorted(set(numbers), key=int)
            assert marks == marks_std
            assert without_line_numbers(refs) == without_line_numbers(refs_std)
            assert lines == []  # the sources are in the source booklet
            lines = docx_view(papers.file(profile, lid, "extract", "docx"))[3]
            lines_std = docx_view(papers.file("standard", lid, "extract", "docx"))[3]
            texts = [line.split("\t")[2] for line in lines]  # "\t5\tthe line's text\t¶4"
            assert " ".join(texts).split() == " ".join(line.split("\t")[2] for line in lines_std).split()
            theme = theme_for("A4", profile)
            assert [squash(text) for text in texts] == extract_lines_of(
                papers.file(profile, lid, "extract", "pdf"), theme, wrapped=False)
        else:
            assert ours == expected


# ----------------------------------------------------------------- words whole, nothing overprinted


def printed_words(path: Path, theme) -> set[str]:
    return {w for r in body_runs(path, theme) for w in re.findall(r"[^\W\d_]+", r.text)}


@pytest.mark.parametrize("profile", [p for p in NAMES if p != "standard"])
def test_the_worksheet_prints_no_word_broken_in_two(papers, profile):
    """Every word on the profile's worksheet is a word the standard paper prints: none is cut."""
    standard, theme = theme_for("A4", "standard"), theme_for("A4", profile)
    for lid in LESSONS:
        expected = printed_words(papers.file("standard", lid, "worksheet", "pdf"), standard)
        got = printed_words(papers.file(profile, lid, "worksheet", "pdf"), theme)
        # "Question 4 (continued)" labels answer lines carried over a page break; large print
        # numbers its own lines, so a reference may say "line 12" where the standard one says "lines",
        # and says where its sources are.
        assert sorted(got - expected - {"Question", "continued", "line", "lines", *BOOKLET_WORDS}) == [], lid


@pytest.mark.parametrize("profile", NAMES)
def test_no_text_prints_over_other_text(papers, profile):
    for lid in LESSONS:
        for kind in FILE_KINDS:
            path = papers.file(profile, lid, kind, "pdf")
            assert overprinted(path) == [], path.name


# ----------------------------------------------------------------- dyslexia-friendly and high contrast


def test_the_dyslexia_paper_uses_no_italic_font(papers):
    for lid in LESSONS:
        for kind in FILE_KINDS:
            names = font_names(papers.file("dyslexia", lid, kind, "pdf"))
            assert names and not [n for n in names if "Italic" in n or "Oblique" in n]
            if shutil.which("pdffonts"):
                listing = subprocess.run(["pdffonts", str(papers.file("dyslexia", lid, kind, "pdf"))],
                                         capture_output=True, text=True, timeout=60).stdout
                assert "Italic" not in listing and "Oblique" not in listing


def test_the_standard_paper_does_use_italics(papers):
    """The check above can see italics: the standard paper prints its captions in italic."""
    assert "DejaVuSerif-Italic" in font_names(papers.file("standard", LESSONS[0], "worksheet", "pdf"))


def test_a_paragraph_emphasised_whole_prints_upright_on_the_dyslexia_paper(papers):
    """The Old Style note is emphasised whole: the standard paper sets it in italic, and the dyslexia
    paper, which prints emphasis bold, set the whole paragraph bold (a page review: dyslexia style
    guides use bold for a word or phrase, never a paragraph). Inline emphasis stays bold."""
    import docx

    note = "Dates before February 1918 are Old Style"
    for profile, want in (("standard", "DejaVuSerif-Italic"), ("dyslexia", "DejaVuSans")):
        runs = pdf_runs(papers.file(profile, LESSONS[0], "worksheet", "pdf"))
        assert [r.font for r in runs if r.text.startswith(note)] == [want], profile
    path = papers.file("dyslexia", LESSONS[0], "worksheet", "docx")
    held = [p for p in docx.Document(str(path)).paragraphs if p.text.startswith(note)]
    assert held and not [r.text for p in held for r in p.runs if r.bold or r.style.name == "Emphasis"]


def test_the_dyslexia_paper_is_sans_serif_throughout(papers):
    theme = theme_for("A4", "dyslexia")
    assert theme.body_font == "DejaVu Sans"
    for lid in LESSONS:
        for kind in FILE_KINDS:
            runs = pdf_runs(papers.file("dyslexia", lid, kind, "pdf"))
            assert {r.font for r in runs} <= {"DejaVuSans", "DejaVuSans-Bold"}


def test_every_dyslexia_page_is_cream(papers):
    cream = hex_rgb(theme_for("A4", "dyslexia").page_colour)
    assert cream == pytest.approx((1, 0.973, 0.906), abs=0.002)
    for lid in LESSONS:
        for kind in FILE_KINDS:
            path = papers.file("dyslexia", lid, kind, "pdf")
            for number, ops in enumerate(page_colour_ops(path), start=1):
                # Before anything else: set the cream fill, then fill a rectangle the size of the page.
                fills = [args for op, args in ops if op == b"rg"]
                rects = [args for op, args in ops if op == b"re"]
                assert fills and tuple(fills[0]) == pytest.approx(cream, abs=0.002), f"{path.name} p.{number}"
                assert rects and rects[0] == pytest.approx([0, 0, *A4], abs=0.5), f"{path.name} p.{number}"
                assert any(op in (b"f", b"f*", b"F") for op, _ in ops)


def test_the_standard_paper_is_not_cream(papers):
    cream = hex_rgb(theme_for("A4", "dyslexia").page_colour)
    path = papers.file("standard", LESSONS[0], "worksheet", "pdf")
    assert ("rg", cream) not in colours(path)


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_high_contrast_uses_only_black_and_white(papers, kind):
    for lid in LESSONS:
        used = colours(papers.file("high-contrast", lid, kind, "pdf"))
        assert used, "no colour operators found"
        others = {(op, value) for op, value in used
                  if value not in ((0.0, 0.0, 0.0), (1.0, 1.0, 1.0), (0.0,), (1.0,))}
        assert others == set()


def test_the_standard_paper_has_colours_the_high_contrast_check_would_catch(papers):
    used = colours(papers.file("standard", LESSONS[0], "worksheet", "pdf"))
    assert any(value not in ((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)) for _, value in used)


# ----------------------------------------------------------------- DOCX


def italic_in_chain(style) -> bool | None:
    while style is not None:
        if style.font.italic is not None:
            return style.font.italic
        style = style.base_style
    return None


@pytest.mark.parametrize("profile", NAMES)
def test_the_docx_styles_follow_the_profile(papers, profile):
    import docx
    from docx.enum.text import WD_LINE_SPACING

    theme = theme_for("A4", profile)
    for lid in LESSONS:
        for kind in FILE_KINDS:
            document = docx.Document(str(papers.file(profile, lid, kind, "docx")))
            styles = document.styles
            assert styles["Normal"].font.size.pt == theme.body_size
            assert styles["Normal"].font.name == theme.body_font
            assert styles["Heading 1"].font.size.pt == theme.heading_sizes[0]
            line = styles["Extract Line"].paragraph_format
            assert line.line_spacing_rule == WD_LINE_SPACING.EXACTLY
            assert line.line_spacing.pt == pytest.approx(theme.leading(theme.extract_size), abs=0.05)
            assert styles["Extract Line"].font.size.pt == theme.extract_size
            section = document.sections[0]
            expected = A3 if profile == "large-print-36" else A4
            assert (section.page_width.pt, section.page_height.pt) == pytest.approx(expected, abs=0.5)


def test_dyslexia_docx_emphasis_is_bold_and_nothing_is_italic(papers):
    import docx

    emphasised = []
    for lid in LESSONS:
        for kind in FILE_KINDS:
            path = papers.file("dyslexia", lid, kind, "docx")
            styles = docx.Document(str(path)).styles
            assert styles["Emphasis"].font.bold is True
            assert not italic_in_chain(styles["Emphasis"])
            assert not italic_in_chain(styles["Source Caption"])
            paragraphs = docx_paragraphs(path)
            emphasised += [run for p in paragraphs for run in p.runs if run.style.name == "Emphasis"]
            italic = [run.text for p in paragraphs for run in p.runs
                      if run.font.italic or italic_in_chain(run.style) or italic_in_chain(p.style)]
            assert italic == []
    assert emphasised, "no emphasis in the documents: the check proves nothing"


def test_the_dyslexia_docx_has_a_cream_page(papers):
    import docx
    from docx.oxml.ns import qn

    colour = theme_for("A4", "dyslexia").page_colour.lstrip("#").upper()
    document = docx.Document(str(papers.file("dyslexia", LESSONS[0], "worksheet", "docx")))
    background = document.element.find(qn("w:background"))
    assert background is not None and background.get(qn("w:color")).upper() == colour


def test_the_standard_docx_emphasis_is_italic(papers):
    import docx

    styles = docx.Document(str(papers.file("standard", LESSONS[0], "worksheet", "docx"))).styles
    assert italic_in_chain(styles["Emphasis"]) is True


@pytest.fixture(scope="module")
def libreoffice(papers, tmp_path_factory) -> dict[Path, Path]:
    """The standard and large-print-24 DOCX worksheets, converted to PDF by LibreOffice in one call."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if REQUIRE_CLIENTS:
            pytest.fail("LibreOffice (soffice) not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("LibreOffice (soffice) not installed")
    docx_files = [papers.file(p, lid, "worksheet", "docx") for p in ("standard", "large-print-24") for lid in LESSONS]
    profile_dir = tmp_path_factory.mktemp("lo-profile")  # private: parallel runs do not collide

    def convert(outdir: Path) -> dict:
        result = subprocess.run([soffice, f"-env:UserInstallation={profile_dir.as_uri()}", "--headless",
                                 "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)],
                                capture_output=True, text=True, timeout=600)
        return {"returncode": result.returncode, "stderr": result.stderr}

    outdir, result = made_once(tmp_path_factory, "profiles-libreoffice", convert)
    assert result["returncode"] == 0, result["stderr"]
    return {d: outdir / f"{d.stem}.pdf" for d in docx_files}


def libreoffice_text(pdf: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


def test_libreoffice_converts_the_large_print_24_docx(papers, libreoffice):
    from pypdf import PdfReader

    for lid in LESSONS:
        pdf = libreoffice[papers.file("large-print-24", lid, "worksheet", "docx")]
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-")
        text = squash(libreoffice_text(pdf))
        assert "Questions" in text and MARKS_RE.search(text)
        assert float(PdfReader(str(pdf)).pages[0].mediabox.width) == pytest.approx(A4[0], abs=1)


def test_libreoffice_prints_no_word_of_the_large_print_24_docx_broken_in_two(papers, libreoffice):
    def words(profile: str, lid: str) -> set[str]:
        pdf = libreoffice[papers.file(profile, lid, "worksheet", "docx")]
        return set(re.findall(r"[^\W\d_]+", libreoffice_text(pdf)))

    for lid in LESSONS:
        expected, got = words("standard", lid), words("large-print-24", lid)
        # Its own line references, and "Question" over a grid that may run onto a new page (its header
        # row, repeated there, names the question: a standard paper's grids fit their page).
        assert sorted(got - expected - {"line", "lines", "Question", *BOOKLET_WORDS}) == [], lid


# ----------------------------------------------------------------- choosing a profile


def test_an_unknown_profile_exits_1_and_lists_the_profiles(tmp_path):
    result = run_cli("build", str(REPO / "lessons" / f"{LESSONS[0]}.yaml"), "--profile", "nope",
                     "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert 'unknown print profile "nope"' in result.stderr
    for name in NAMES:
        assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))


def test_a_school_adds_its_own_profile_in_course_yaml(tmp_path):
    """prof-custom's course.yaml: `school-large`, the large-print-18 paper with 20 pt body text."""
    import docx

    root = copy_root("prof-custom", tmp_path)
    result = run_cli("build", str(root), "--profile", "school-large", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    path = root / "out" / "01-first-soviet" / "01-first-soviet_student-worksheet_school-large.pdf"
    theme = theme_for("A4", "large-print-18")  # its base: margins, columns and the extract size
    prompt = ["Who was the soviet made up of, according to Source A?",
              "Explain what 'recallable and replaceable at any time' meant for workers."]
    sizes = {round(r.size, 1) for r in body_runs(path, theme) if is_prompt(r, prompt, theme)}
    assert sizes == {20.0}
    booklet = path.with_name(path.name.replace("student-worksheet", "source-extracts"))
    assert {round(r.size, 1) for r in extract_text_lines(booklet, theme)} == {18.0}
    styles = docx.Document(str(path.with_suffix(".docx"))).styles
    assert styles["Normal"].font.size.pt == 20
    assert styles["Normal"].font.name == "DejaVu Sans"
    # The built-in profiles stay available next to the school's own, and are listed with it.
    listing = run_cli("build", str(root), "--profile", "nope")
    assert listing.returncode == 1
    assert "school-large" in listing.stderr and "large-print-18" in listing.stderr


def test_a_school_profile_must_start_from_a_profile_that_exists(tmp_path):
    root = copy_root("prof-custom", tmp_path)
    course = root / "lessons" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace("base: large-print-18", "base: large-print-99"),
                      encoding="utf-8")
    result = run_cli("build", str(root), "--profile", "school-large")
    assert result.returncode == 1
    assert "course.yaml" in result.stderr and "large-print-99" in result.stderr
    assert "large-print-18" in result.stderr  # the hint lists what it could start from
    assert not (root / "out").exists() or not any((root / "out").rglob("*.pdf"))


def test_a_school_profile_may_keep_the_marks_beside_the_question():
    from lessonpack.course_model import Profile

    assert all(theme_for("A4", name).marks_below for name in PROFILES)  # read after the question
    school = {"beside": Profile(base="large-print-24", marks_below=False).changes(),
              "standard-beside": Profile(base="standard", marks_below=False).changes()}
    assert not theme_for("A4", "beside", school).marks_below
    assert not theme_for("A4", "standard-beside", school).marks_below
