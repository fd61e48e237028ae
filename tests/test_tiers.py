"""Differentiated papers: `lessonpack build --tier support | core | extension`, read back.

tests/roots/prof-tiers has one lesson with questions for everyone, one for support only
(`tier: support`), one for extension only (`tier: extension`), sentence starters
(`scaffold`), extension tasks and an adapted source. Expectations are worked out here
from the lesson YAML: which questions each tier's paper shows, in what order, with what
marks; never from lessonpack's own tier logic.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import (MARKS_RE, docx_paragraphs, docx_text, is_furniture, made_once, marks_label, pdf_runs,
                      question_numbers, root_path, run_cli, squash)
from lessonpack.theme import theme_for

ROOT = "prof-tiers"
LID = "01-tiers"
TIERS = ("", "support", "core", "extension")
""""" is the full paper, with everything."""
SYMBOLS = {"support": "●", "core": "■", "extension": "▲"}
KIND_FILES = {"worksheet": f"{LID}_student-worksheet", "extract": f"{LID}_source-extracts",
              "teacher-notes": f"teacher/{LID}_teacher-notes"}


def tier_id(tier: str) -> str:
    return tier or "full"


@dataclass(frozen=True)
class Built:
    """Each paper in its own output folder, out/<full|support|core|extension>/."""

    out: Path
    lesson: dict

    def file(self, tier: str, kind: str, fmt: str) -> Path:
        return self.out / tier_id(tier) / LID / f"{KIND_FILES[kind]}{'_' + tier if tier else ''}.{fmt}"

    def questions(self, tier: str) -> list[tuple[int, dict]]:
        """(full-paper number, question) for each question on a tier's paper, in order."""
        return [(n, q) for n, q in enumerate(self.lesson["questions"], start=1)
                if not tier or q.get("tier", "all") in ("all", tier)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The full paper and each tier's paper, built side by side with the command line (once per
    test run: the test workers share them)."""
    root = root_path(ROOT)

    def build(out: Path) -> dict:
        procs = {}
        for tier in TIERS:
            args = [sys.executable, "-m", "lessonpack", "build", str(root), "--out", str(out / tier_id(tier)),
                    "--jobs", "1", "--quiet"] + (["--tier", tier] if tier else [])
            procs[tier] = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        results = {}
        for tier, proc in procs.items():
            stdout, stderr = proc.communicate(timeout=300)
            results[tier] = [proc.returncode, stdout, stderr]
        return results

    out, results = made_once(tmp_path_factory, "tiers", build)
    for tier, (returncode, stdout, stderr) in results.items():
        assert returncode == 0, f"--tier {tier}: {stderr}"
        assert stdout == "", "--quiet printed something"
    lesson = yaml.safe_load((root / "lessons" / f"{LID}.yaml").read_text(encoding="utf-8"))
    return Built(out, lesson)


def test_the_sample_lesson_has_something_for_each_tier(built):
    """The data the tests below rely on, checked so a careless edit does not empty them."""
    tiers = [q.get("tier", "all") for q in built.lesson["questions"]]
    assert {"all", "support", "extension"} <= set(tiers)
    assert any(q.get("scaffold") for q in built.lesson["questions"])
    assert any(q.get("extension") and q.get("tier", "all") == "all" for q in built.lesson["questions"])
    assert built.lesson["sources"][0].get("adapted")


def starters(built: Built) -> list[str]:
    return [s for q in built.lesson["questions"] for s in q.get("scaffold", [])]


def extension_tasks(built: Built) -> list[str]:
    return [q["extension"] for q in built.lesson["questions"] if q.get("extension")]


def adapted_words(built: Built) -> str:
    return squash(built.lesson["sources"][0]["adapted"].split("\n\n")[0])


def read(path: Path) -> str:
    """Every word a PDF or DOCX prints, white space squashed. Nothing is stripped as page
    furniture, so text repeated on every page cannot slip past an "is not printed" check."""
    if path.suffix == ".docx":
        return squash(docx_text(path))
    from pypdf import PdfReader

    return squash(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


# ----------------------------------------------------------------- what each paper shows


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("tier", TIERS, ids=tier_id)
def test_each_paper_shows_its_tiers_questions_and_no_others(built, tier, fmt):
    path = built.file(tier, "worksheet", fmt)
    text = read(path)
    shown = {n for n, _ in built.questions(tier)}
    for n, q in enumerate(built.lesson["questions"], start=1):
        assert (squash(q["prompt"]) in text) == (n in shown), f"question {n} ({q.get('tier', 'all')})"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("tier", TIERS, ids=tier_id)
def test_sentence_starters_only_on_the_support_and_full_papers(built, tier, fmt):
    path = built.file(tier, "worksheet", fmt)
    text = read(path)
    # Starters of every question on this paper that has them.
    expected = [s for _, q in built.questions(tier) for s in q.get("scaffold", [])]
    assert expected
    wanted = tier in ("", "support")
    for starter in expected:
        assert (squash(starter) in text) == wanted, starter
    assert ("Sentence starters" in text) == wanted


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("tier", TIERS, ids=tier_id)
def test_extension_tasks_only_on_the_extension_and_full_papers(built, tier, fmt):
    path = built.file(tier, "worksheet", fmt)
    text = read(path)
    wanted = tier in ("", "extension")
    for _, q in built.questions(tier):
        if q.get("extension"):
            assert (squash(q["extension"]) in text) == wanted, q["extension"]
    for task in extension_tasks(built):  # never one of a question the paper leaves out
        if not wanted:
            assert squash(task) not in text
    assert ("Extension:" in text) == wanted


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("tier", TIERS, ids=tier_id)
def test_the_adapted_source_follows_the_original_on_the_support_paper_only(built, tier, fmt):
    path = built.file(tier, "worksheet", fmt)
    text = read(path)
    original = text.index("Source A: The soviet of 1905")
    if tier == "support":
        adapted = text.index("Source A (adapted): The soviet of 1905")
        assert original < adapted < text.index("Questions")
        assert adapted_words(built) in text
    else:
        assert "Source A (adapted)" not in text
        assert adapted_words(built) not in text


def test_the_extracts_document_always_has_the_adapted_source(built):
    for tier in TIERS:
        assert adapted_words(built) in read(built.file(tier, "extract", "pdf"))


# ----------------------------------------------------------------- numbers, marks and totals


@pytest.mark.parametrize("tier", TIERS, ids=tier_id)
def test_questions_are_numbered_from_1_without_gaps_with_their_own_marks(built, tier):
    expected_marks = [marks_label(q["marks"]) for _, q in built.questions(tier)]
    count = len(expected_marks)
    path = built.file(tier, "worksheet", "pdf")
    assert question_numbers(path, theme_for("A4")) == [str(n) for n in range(1, count + 1)]
    assert MARKS_RE.findall(read(path)) == [m.strip("[]").split()[0] for m in expected_marks]
    paragraphs = docx_paragraphs(built.file(tier, "worksheet", "docx"))
    numbers = [p.text for p in paragraphs if p.style.name == "Question" and re.fullmatch(r"\d+", p.text)]
    assert numbers == [str(n) for n in range(1, count + 1)]
    labels = [p.text for p in paragraphs if MARKS_RE.fullmatch(p.text.strip())]
    assert labels == expected_marks


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("tier", TIERS, ids=tier_id)
def test_the_total_is_the_sum_of_that_papers_marks(built, tier, fmt):
    path = built.file(tier, "worksheet", fmt)
    text = read(path)
    total = sum(q["marks"] for _, q in built.questions(tier))
    assert re.findall(r"Total: (\d+) marks", text) == [str(total)]
    assert sum(int(m) for m in MARKS_RE.findall(text)) == total


def test_the_tiers_really_differ(built):
    totals = {tier: sum(q["marks"] for _, q in built.questions(tier)) for tier in TIERS}
    assert len(set(totals.values())) == len(TIERS), totals


# ----------------------------------------------------------------- the footer symbol


def footer_texts(path: Path) -> list[str]:
    """The footer of each page: the text runs below the bottom margin, per page."""
    theme = theme_for("A4")
    pages: dict[int, list[str]] = {}
    for run in pdf_runs(path):
        if is_furniture(run, theme) and run.y < theme.margin_bottom:
            pages.setdefault(run.page, []).append(run.text)
    return [" ".join(pages[p]) for p in sorted(pages)]


@pytest.mark.parametrize("kind", ["worksheet", "extract", "teacher-notes"])
@pytest.mark.parametrize("tier", TIERS, ids=tier_id)
def test_every_page_footer_carries_the_tiers_symbol_and_no_other(built, tier, kind):
    from pypdf import PdfReader

    path = built.file(tier, kind, "pdf")
    footers = footer_texts(path)
    assert len(footers) == len(PdfReader(str(path)).pages)
    for footer in footers:
        assert re.search(r"Page \d+ of \d+", footer)
        marks = [s for s in SYMBOLS.values() if s in footer]
        assert marks == ([SYMBOLS[tier]] if tier else []), footer


@pytest.mark.parametrize("tier", TIERS, ids=tier_id)
def test_the_docx_footer_carries_the_tiers_symbol(built, tier):
    import docx

    document = docx.Document(str(built.file(tier, "worksheet", "docx")))
    footer = " ".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Page" in footer
    assert [s for s in SYMBOLS.values() if s in footer] == ([SYMBOLS[tier]] if tier else [])


# ----------------------------------------------------------------- the teacher notes


def and_list(numbers: list[int]) -> str:
    """[3, 4, 5] as "3, 4 and 5"."""
    return ", ".join(map(str, numbers[:-1])) + " and " + str(numbers[-1])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_full_teacher_notes_say_which_questions_each_tiers_paper_holds_in_its_numbers(built, fmt):
    """Issue 16: the notes named every tier's questions by the full paper's numbers while the tier's
    paper is renumbered. Each tier says how its paper's 1 to k map onto this paper, and its total."""
    text = read(built.file("", "teacher-notes", fmt))
    for name, symbol in SYMBOLS.items():
        on_paper = built.questions(name)
        numbers = and_list([n for n, _ in on_paper])
        total = sum(q["marks"] for _, q in on_paper)
        assert (f"{name.capitalize()} {symbol}: {len(on_paper)} questions; its questions 1 to {len(on_paper)} "
                f"are questions {numbers} here ({total} marks)") in text, name
    assert "built for a tier" not in text and "(numbered 1 to" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("tier", TIERS[1:])
def test_a_tiers_differentiation_notes_are_its_own_in_its_paper_s_numbers(built, tier, fmt):
    """The support paper's notes hold the lesson's support notes, the extension paper's its extension
    notes, the core paper's both; each names questions as that paper numbers them."""
    text = read(built.file(tier, "teacher-notes", fmt))
    here = {full: n for n, (full, _) in enumerate(built.questions(tier), start=1)}
    support = f"Pair students for Question {here[5]} after the starters of Questions {here[1]} and {here[3]}."
    assert (f"Support: {support}" in text) == (tier in ("support", "core")), text[-400:]
    assert ("asks for a judgement" in text) == (tier in ("extension", "core"))
    if tier == "extension":
        assert f"Extension: Question {here[4]} asks for a judgement" in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("tier", TIERS[1:])
def test_a_tiers_teacher_notes_number_its_own_paper_and_map_the_full_papers(built, tier, fmt):
    text = read(built.file(tier, "teacher-notes", fmt))
    on_paper = built.questions(tier)
    assert f"This is the {tier} paper {SYMBOLS[tier]}: questions 1 to {len(on_paper)}" in text
    for number, (_, q) in enumerate(on_paper, start=1):
        assert f"Question {number} ({q['marks']} mark" in text
    moved = [(here, full) for here, (full, _) in enumerate(on_paper, start=1) if here != full]
    if len(moved) == 1:
        assert f"this paper's question {moved[0][0]} is question {moved[0][1]}." in text
    elif moved:
        here, full = (and_list([pair[i] for pair in moved]) for i in (0, 1))
        assert f"this paper's questions {here} are questions {full}." in text
    for other in SYMBOLS:
        if other != tier:
            assert f"{other.capitalize()} {SYMBOLS[other]}: questions" not in text


def test_the_full_teacher_notes_answer_every_question(built):
    text = read(built.file("", "teacher-notes", "pdf"))
    for n, q in enumerate(built.lesson["questions"], start=1):
        assert f"Question {n} ({q['marks']} mark" in text
        assert squash(q["prompt"]) in text


# ----------------------------------------------------------------- with a print profile


def test_a_tier_combines_with_a_print_profile(tmp_path):
    result = run_cli("build", str(root_path(ROOT)), "--out", str(tmp_path), "--tier", "support",
                     "--profile", "large-print-18", "--format", "pdf", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    path = tmp_path / LID / f"{LID}_student-worksheet_large-print-18_support.pdf"
    assert path.is_file(), result.stdout
    theme = theme_for("A4", "large-print-18")
    footer = [r for r in pdf_runs(path) if r.y < theme.margin_bottom]
    assert any(r.text == SYMBOLS["support"] for r in footer)
    assert all(r.size >= theme.small_size - 0.1 for r in footer)


def test_an_unknown_tier_is_a_usage_error(tmp_path):
    result = run_cli("build", str(root_path(ROOT)), "--out", str(tmp_path), "--tier", "gold")
    assert result.returncode == 2
    assert "gold" in result.stderr and "support" in result.stderr
    assert not any(tmp_path.rglob("*.pdf"))
