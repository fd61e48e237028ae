"""What `lessonpack validate` accepts, `lessonpack build` builds: in PDF and DOCX, on the standard
and the large-print papers, for every tier. What cannot print is refused by validate, at the
line where it was typed, with the limit in the hint (see the limits in the schema modules: model_base.py, course_model.py, question_model.py).

A property test writes random lessons from the schema (every question type, long words,
many options, odd Unicode) and checks the promise; the other tests pin down the cases a
fuzzer found, through the command line as a teacher runs it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_root, docx_text, line_of, pdf_text, root_path, run_cli
from lessonpack.pipeline import make_document
from lessonpack.check import check
from lessonpack.expand import TemplateSet
from lessonpack.question_model import QUESTION_TYPES
from lessonpack.theme import theme_for
from lessonpack.writers import write

BASE = {
    "title": "The first soviet",
    "enquiry": "What was new about the soviet of 1905?",
    "sources": [{"letter": "A", "title": "The soviet of 1905", "extract": [{"section": "soviet-1905"}]}],
}
LESSON = "01-soviet.yaml"


def course_with(tmp_path: Path, lesson: dict, course_extra: str = "", template: str | None = None) -> Path:
    """tests/roots/rel-base with its lesson replaced (and course.yaml or the worksheet template changed)."""
    root = copy_root("rel-base", tmp_path)
    (root / "lessons" / LESSON).write_text(yaml.safe_dump(lesson, allow_unicode=True, sort_keys=False,
                                                          width=10**9), encoding="utf-8")
    if course_extra:
        course = root / "lessons" / "course.yaml"
        course.write_text(course.read_text(encoding="utf-8") + course_extra, encoding="utf-8")
    if template is not None:
        (root / "templates").mkdir()
        (root / "templates" / "worksheet.md.j2").write_text(template, encoding="utf-8")
    return root


def refused_at(result, file: str, lines: int | tuple[int, ...], *words: str) -> None:
    """validate or build stopped, without a traceback, at file:line (one of lines) with these words."""
    assert result.returncode == 1, result.stderr[-600:]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = lines if isinstance(lines, tuple) else (lines,)
    assert any(f"{file}:{line}:" in result.stderr for line in lines), (lines, result.stderr[-600:])
    for word in words:
        assert word in result.stderr, result.stderr[-600:]


# ----------------------------------------------------------------- limits, located

def question(kind: str, **more) -> dict:
    return {"type": kind, "prompt": "Answer.", "marks": 1, **more}


LIMITS = {
    "27 options": (question("multiple-choice", options=[f"option {i}" for i in range(27)], answer="option 0"),
                   "options:", "at most 26 items, but received 27"),
    "27 ordering items": (question("ordering", options=[f"item {i}" for i in range(27)]),
                          "options:", "at most 26 items, but received 27"),
    "27 pairs": (question("matching", pairs=[{"left": f"l{i}", "right": f"r{i}"} for i in range(27)]),
                 "pairs:", "at most 26 items, but received 27"),
    "101 gaps": (question("gap-fill", text=" ".join(f"{{w{i}}}" for i in range(101))),
                 "text:", "at most 100 gaps, but this one has 101"),
    "13 columns": (question("table", columns=[f"c{i}" for i in range(13)], rows=["r"]),
                   "columns:", "at most 12 items, but received 13"),
    "a 501-character column heading": (question("table", columns=["a", "x" * 501], rows=["r"]),
                                       "xxxx", "at most 500 characters, but received 501"),
}


@pytest.mark.parametrize("name", LIMITS)
def test_a_question_over_a_limit_is_refused_by_validate_at_its_line(tmp_path, name):
    item, needle, words = LIMITS[name]
    root = course_with(tmp_path, {**BASE, "questions": [item]})
    line = line_of(root / "lessons" / LESSON, needle)
    where = (line, line + 1)  # a list is written under its key
    refused_at(run_cli("validate", str(root)), LESSON, where, words, "hint:")
    refused_at(run_cli("build", str(root), "--out", str(tmp_path / "out")), LESSON, where, words)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*"))


def test_a_huge_title_is_refused_at_its_line_not_blamed_on_the_templates(tmp_path):
    root = course_with(tmp_path, {**BASE, "title": "t" * 10_000_000})
    result = run_cli("validate", str(root))
    refused_at(result, LESSON, 1, "title: expected at most 200 characters, but received 10,000,000")
    assert "template" not in result.stderr


def test_the_limits_are_not_too_tight(tmp_path):
    """26 options and pairs (A to Z), 100 gaps, 12 columns, 200-character titles all build."""
    questions = [question("multiple-choice", options=[f"option {i}" for i in range(26)], answer="option 25"),
                 question("matching", pairs=[{"left": f"left {i}", "right": f"right {i}"} for i in range(26)],
                          marks=26),
                 question("gap-fill", text=" ".join(f"{{word{i}}}" for i in range(100)), marks=100),
                 question("table", columns=[f"column {i}" for i in range(12)], rows=["row"] * 100)]
    root = course_with(tmp_path, {**BASE, "title": "T" * 200, "questions": questions, "documents": ["worksheet"]})
    for profile in ("standard", "large-print-24"):
        result = run_cli("build", str(root), "--out", str(tmp_path / profile), "--profile", profile)
        assert result.returncode == 0, result.stderr[-600:]
        name = "01-soviet_student-worksheet" + ("" if profile == "standard" else f"_{profile}")
        text = docx_text(tmp_path / profile / "01-soviet" / f"{name}.docx")
        assert "option 25" in text and "right 25" in text and "column 11" in text


# ----------------------------------------------------------------- print profiles

def test_a_school_profile_may_start_from_another(tmp_path):
    extra = ("profiles:\n  big:\n    base: large-print-24\n    page_colour: \"#FFF8E7\"\n"
             "  bigger:\n    base: big\n    body_size: 30\n")
    root = course_with(tmp_path, {**BASE, "documents": ["worksheet"]}, extra)
    assert run_cli("validate", str(root)).returncode == 0
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"), "--profile", "bigger")
    assert result.returncode == 0, result.stderr[-600:]
    theme = theme_for("A4", "bigger", {"big": {"base": "large-print-24", "page_colour": "#FFF8E7"},
                                       "bigger": {"base": "big", "body_size": 30}})
    assert (theme.body_size, theme.page_colour, theme.body_font) == (30, "#FFF8E7", "DejaVu Sans")


@pytest.mark.parametrize(("extra", "needle", "words"), [
    ("profiles:\n  a:\n    base: b\n  b:\n    base: a\n", "base: b", 'profile "a" starts from itself: a → b → a'),
    ("profiles:\n" + "".join(f"  p{i}:\n    base: p{i + 1}\n" for i in range(11)) + "  p11:\n    body_size: 12\n",
     "base: p1\n", "a chain of more than 10 profiles"),
    ("profiles:\n  a:\n    base: large-print-36\n    line_spacing: 2.5\n", "line_spacing: 2.5",
     "keep text size × line_spacing at most 72 pt"),
    ("profiles:\n  a:\n    body_size: 60\n", "body_size: 60", "expected a number from 6 to 48"),
])
def test_a_profile_that_cannot_print_is_refused_at_its_line_in_course_yaml(tmp_path, extra, needle, words):
    root = course_with(tmp_path, dict(BASE), extra)
    course = root / "lessons" / "course.yaml"
    line = next(i for i, text in enumerate(course.read_text(encoding="utf-8").splitlines(keepends=True), 1)
                if needle in text)
    refused_at(run_cli("validate", str(root)), "course.yaml", line, words)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_large_body_size_in_a_school_profile_builds(tmp_path, fmt):
    root = course_with(tmp_path, dict(BASE), "profiles:\n  big:\n    body_size: 30\n")
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"), "--profile", "big", "--format", fmt)
    assert result.returncode == 0, result.stderr[-600:]
    assert len(list((tmp_path / "out").rglob(f"*.{fmt}"))) == 3


# ----------------------------------------------------------------- what the fuzzer found

def built_text(out: Path, fmt: str) -> str:
    """The text of every file of one format a build wrote."""
    read = pdf_text if fmt == "pdf" else docx_text
    return "\n".join(read(path) for path in sorted(out.rglob(f"*.{fmt}")))


def builds_with(root: Path, out: Path, profile: str, fmt: str, *words: str) -> None:
    """validate accepts the course, and the build makes every file, holding these words."""
    assert run_cli("validate", str(root)).returncode == 0
    result = run_cli("build", str(root), "--out", str(out), "--profile", profile, "--format", fmt)
    assert result.returncode == 0, result.stderr[-600:]
    assert "Traceback" not in result.stderr
    text = built_text(out, fmt)
    for word in words:
        assert word in text, word


@pytest.mark.parametrize(("profile", "fmt"), [("standard", "pdf"), ("large-print-24", "pdf"),
                                              ("large-print-24", "docx"), ("dyslexia", "pdf")])
def test_a_long_glossary_under_a_source_prints_over_several_pages(tmp_path, profile, fmt):
    meaning = " ".join(f"w{i}" for i in range(3000)) + " lastmeaning"
    word = "q" * 3000 + "lastword"
    source = {**BASE["sources"][0], "glossary": {"soviet": meaning, word: "a long word", "duma": "a parliament"}}
    root = course_with(tmp_path, {**BASE, "sources": [source], "documents": ["extract"]})
    builds_with(root, tmp_path / "out", profile, fmt, "lastmeaning", "a parliament")
    assert word in "".join(built_text(tmp_path / "out", fmt).split())  # broken over lines, nothing lost


@pytest.mark.parametrize(("profile", "fmt"), [("standard", "pdf"), ("standard", "docx")])
def test_a_short_glossary_is_still_one_run_on_line(tmp_path, profile, fmt):
    source = {**BASE["sources"][0], "glossary": {"soviet": "a council", "duma": "a parliament"}}
    root = course_with(tmp_path, {**BASE, "sources": [source], "documents": ["extract"]})
    builds_with(root, tmp_path / "out", profile, fmt, "soviet: a council; duma: a parliament")


@pytest.mark.parametrize("adapted", ["", "  \n\n  "])
def test_an_empty_adapted_text_is_refused_at_its_line(tmp_path, adapted):
    root = course_with(tmp_path, {**BASE, "sources": [{**BASE["sources"][0], "adapted": adapted}]})
    line = line_of(root / "lessons" / LESSON, "adapted:")
    refused_at(run_cli("validate", str(root)), LESSON, line, "sources[0].adapted: the adapted text is empty",
               "hint:")
    refused_at(run_cli("build", str(root), "--out", str(tmp_path / "out")), LESSON, line, "adapted text is empty")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.*"))


def with_timeline(root: Path, date: str, event: str) -> Path:
    """The course's one timeline entry changed, and the lesson printing the timeline."""
    course = root / "lessons" / "course.yaml"
    text = course.read_text(encoding="utf-8")
    text = text.replace('date: "Oct 1905"', f'date: "{date}"').replace('"The St Petersburg Soviet meets"',
                                                                       f'"{event}"')
    course.write_text(text, encoding="utf-8")
    lesson = root / "lessons" / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + "timeline: true\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(("date", "event", "words"), [
    ("=" * 2000, "The soviet meets", "timeline[0].date: expected at most 40 characters, but received 2,000"),
    ("1905", "W" * 121, "timeline[0].event: expected at most 120 characters, but received 121"),
])
def test_a_timeline_entry_too_long_for_a_page_is_refused_in_course_yaml(tmp_path, date, event, words):
    root = with_timeline(course_with(tmp_path, {**BASE, "documents": ["worksheet"]}), date, event)
    refused_at(run_cli("validate", str(root)), "course.yaml", line_of(root / "lessons" / "course.yaml", "date:"),
               words, "hint:")


@pytest.mark.parametrize(("profile", "fmt"), [("large-print-36", "pdf"), ("large-print-24", "pdf"),
                                              ("large-print-24", "docx")])
def test_a_timeline_entry_at_the_limits_builds(tmp_path, profile, fmt):
    root = with_timeline(course_with(tmp_path, {**BASE, "documents": ["worksheet"]}), "W" * 40, "W" * 120)
    builds_with(root, tmp_path / "out", profile, fmt, "The soviet of 1905")


@pytest.mark.parametrize(("heading", "profile", "fmt"), [
    ("=" * 300, "large-print-24", "pdf"),  # no room for it in a column: one box per row
    ("=" * 300, "large-print-24", "docx"),
    (" ".join(["heading"] * 62), "large-print-24", "pdf"),  # a tall heading over narrow columns
    (" ".join(["heading"] * 62), "standard", "pdf"),
    (" ".join(["heading"] * 62), "large-print-36", "pdf"),  # one box per row, the heading in pieces
])
def test_a_long_table_column_heading_builds(tmp_path, heading, profile, fmt):
    table = question("table", columns=["Factor", "What Source A says", heading, "P or S?"],
                     rows=["The post of General Secretary", "The old state bureaucracy", "lastrow"])
    root = course_with(tmp_path, {**BASE, "questions": [table], "documents": ["worksheet"]})
    builds_with(root, tmp_path / "out", profile, fmt, "Factor", "lastrow")


BASE64 = ("j/LexTxmVnkqIA9375fD3JrmsBOzvSLkSiI1JysB0eniro2UeG32rzOlJPzvkJ14+uUtM+YLtjXkBo8JApOIw90TDWWlEYsqs1tfYEvmU"
          * 3)[:300]
EVIDENCE = ["Lenin's 'Testament' (1922–23): Stalin is 'too rude' and should be removed as General Secretary",
            "The Lenin Enrolment: about 240,000 new members in 1924, mostly workers",
            "Stalin personally signed lists approving the execution of tens of thousands of people in 1937–38",
            "Historians such as R. V. Daniels argue that secretaries appointed through the Secretariat largely "
            "chose congress delegates", "lastrow"]


@pytest.mark.parametrize(("column", "heading", "profile"), [
    (0, BASE64, "large-print-36"),  # bold letters and digits are wider than 0.6 em on average
    (2, "=" * 300, "large-print-24"),
    (0, "W" * 300, "large-print-24"),
])
def test_a_column_heading_of_wide_characters_builds_over_long_rows(tmp_path, column, heading, profile):
    """Found by the fuzzer: the heading's pieces were cut by character count and each came out
    taller than the half page the layout allows, so a box of rows could not break across pages."""
    columns = ["Evidence", "Personality", "Social forces", "Why?"]
    columns[column] = heading
    table = question("table", columns=columns, rows=EVIDENCE)
    root = course_with(tmp_path, {**BASE, "questions": [table], "documents": ["worksheet"]})
    builds_with(root, tmp_path / "out", profile, "pdf", "Lenin Enrolment", "lastrow")
    assert heading in "".join(built_text(tmp_path / "out", "pdf").split())  # whole, over several lines


def test_a_very_long_matching_item_of_repeated_words_builds_in_large_print(tmp_path):
    left = "United Opposition" * 1000  # 17,000 characters, a space only inside each repeat
    item = question("matching", pairs=[{"left": "The Lenin Enrolment", "right": "1924"},
                                       {"left": left, "right": "1926"}], marks=2)
    root = course_with(tmp_path, {**BASE, "questions": [item], "documents": ["worksheet"]})
    builds_with(root, tmp_path / "out", "large-print-36", "pdf", "The Lenin Enrolment")


@pytest.mark.parametrize(("kind", "fmt"), [("true-false", "pdf"), ("multiple-choice", "pdf"),
                                         ("true-false", "docx")])
def test_a_statement_or_option_of_wide_characters_builds_in_large_print(tmp_path, kind, fmt):
    """300 "=" take almost half as much room again as 300 ordinary letters: the row still breaks."""
    wide = "=" * 300
    item = question("true-false", statements=[{"text": "A short one.", "answer": True},
                                              {"text": wide, "answer": False}], marks=2) if kind == "true-false" else \
        question("multiple-choice", options=["A short one.", wide], answer="A short one.")
    root = course_with(tmp_path, {**BASE, "questions": [item], "documents": ["worksheet"]})
    builds_with(root, tmp_path / "out", "large-print-24", fmt, "A short one.")
    assert built_text(tmp_path / "out", fmt).count("=") >= len(wide)  # over two pages, nothing lost


# ----------------------------------------------------------------- characters and templates

def test_non_characters_are_cleaned_with_a_warning_and_the_docx_builds(tmp_path):
    lesson = {**BASE, "questions": [question("short-answer", prompt="Why\ufffe was\uffff it \ufdd0new?")]}
    root = course_with(tmp_path, lesson)
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"), "--format", "docx")
    assert result.returncode == 0, result.stderr[-600:]
    line = line_of(root / "lessons" / LESSON, "prompt:")
    assert f"{LESSON}:{line}:" in result.stderr and "removed 1 Unicode non-character (U+FFFE)" in result.stderr
    assert "Why was it new?" in docx_text(tmp_path / "out" / "01-soviet" / "01-soviet_student-worksheet.docx")


def test_an_empty_grid_in_a_template_prints_nothing_and_builds(tmp_path):
    template = "# Worksheet\n\n::: grid columns=2\n:::\n\nAfter the grid.\n"
    root = course_with(tmp_path, {**BASE, "documents": ["worksheet"]}, template=template)
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-600:]
    assert "After the grid." in docx_text(tmp_path / "out" / "01-soviet" / "01-soviet_student-worksheet.docx")


def test_a_table_too_wide_for_a_page_is_refused_at_the_template_line(tmp_path):
    template = "# Worksheet\n\nSome text.\n\n|" + "a|" * 30 + "\n|" + "-|" * 30 + "\n|" + "b|" * 30 + "\n"
    root = course_with(tmp_path, {**BASE, "documents": ["worksheet"]}, template=template)
    refused_at(run_cli("validate", str(root)), "worksheet.md.j2", 5, "a table has 30 columns")


# ----------------------------------------------------------------- the property

WORDS = ("the soviet was a council of delegates from workplaces recallable at any time Trotsky Lenin "
         "1905 Tom & Jerry 0.1 < x {{ 7*7 }} *stars* _under_ [x](y) # | ::: \\ “curly” —").split()
ODD = ["\ufffe", "\uffff", "\ufdd0", "\u200b", "\u00ad", "\u0301", "e\u0301", "\u00a0", "\t", "\x0b", "\u2028",
       "ß", "Ł", "ǅ", "ﬁ", "½", "→", "Ω"]
# Printable characters both fonts have: Latin-1 and Latin Extended-A, Greek, Cyrillic.
LETTERS = "".join(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x391, 0x3A2), *range(0x3A3, 0x3CA),
                            *range(0x410, 0x450)]))


@st.composite
def texts(draw, least: int = 1, most: int = 40) -> str:
    """Schema-valid text: words, sometimes a very long one (a pasted blob) or odd characters."""
    parts = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD),
                                    st.integers(1, 6000).map(lambda n: "x" * n),
                                    st.text(st.sampled_from(LETTERS), max_size=8)),
                          min_size=least, max_size=most))
    text = " ".join(parts).strip()
    return text or "Text"


def titles() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS) | st.sampled_from(ODD), min_size=1, max_size=12).map(" ".join)


@st.composite
def questions(draw) -> dict:
    kind = draw(st.sampled_from(QUESTION_TYPES))
    q: dict = {"type": kind, "prompt": draw(texts()), "marks": draw(st.integers(0, 12))}
    if draw(st.booleans()):
        q["lines"] = draw(st.integers(0, 60))
    if kind in ("multiple-choice", "ordering"):
        options = draw(st.lists(texts(most=6), min_size=2, max_size=30, unique=True))
        q["options"] = options
        if kind == "multiple-choice":
            q["answer"] = draw(st.sampled_from(options))
    elif kind == "true-false":
        q["statements"] = [{"text": t, "answer": draw(st.booleans())}
                           for t in draw(st.lists(texts(most=8), min_size=1, max_size=12))]
    elif kind == "matching":
        q["pairs"] = [{"left": left, "right": right} for left, right in
                      draw(st.lists(st.tuples(texts(most=4), texts(most=4)), min_size=1, max_size=30))]
    elif kind == "gap-fill":
        words = draw(st.lists(st.sampled_from(WORDS[:12]) | st.integers(1, 300).map(lambda n: "y" * n),
                              min_size=1, max_size=110))
        q["text"] = " filler ".join("{" + w + "}" for w in words)
        q["distractors"] = draw(st.lists(texts(most=2), max_size=5))
    elif kind == "table":
        q["columns"] = draw(st.lists(texts(most=4), min_size=1, max_size=13))
        q["rows"] = draw(st.lists(texts(most=6), min_size=1, max_size=8))
    items = q.get("statements") or q.get("pairs") or q.get("text", "").count("{")
    if items and draw(st.booleans()):  # else validate asks for one mark per item or a mark scheme
        q["marks"] = len(items) if isinstance(items, list) else items
    if draw(st.booleans()):
        q["model_answer"] = draw(texts())
        q["scaffold"] = draw(st.lists(texts(most=8), max_size=3))
    q["tier"] = draw(st.sampled_from(["all", "all", "support", "extension"]))
    return q


@st.composite
def lessons(draw) -> dict:
    return {**BASE, "title": draw(titles()), "enquiry": draw(texts(most=12)),
            "objectives": draw(st.lists(texts(most=10), max_size=3)),
            "questions": draw(st.lists(questions(), min_size=1, max_size=4)),
            "activities": [{"phase": "main", "minutes": 10, "title": draw(titles()),
                            "description": draw(texts())}],
            "teacher_notes": {"background": draw(texts()), "misconceptions": draw(st.lists(texts(), max_size=2))}}


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(lesson=lessons(), tier=st.sampled_from(["", "support", "core", "extension"]),
       profile=st.sampled_from(["standard", "large-print-24"]))
def test_what_validate_accepts_builds_in_every_format_and_paper(lesson, tier, profile):
    """Each example is written in both formats on one paper (drawn, like the tier): the 40 examples
    cover both papers at half the cost of writing every example on both."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "course"
        shutil.copytree(root_path("rel-base"), root)
        (root / "lessons" / LESSON).write_text(yaml.safe_dump(lesson, allow_unicode=True, sort_keys=False,
                                                              width=10**9), encoding="utf-8")
        report = check(root)
        if report.errors:  # refused: each problem says where it is
            assert all(e.location is not None and e.location.file.exists() for e in report.errors), \
                [e.render() for e in report.errors]
            return
        from lessonpack.course import load_course

        course = load_course(root)
        templates = TemplateSet(course.templates_dir)
        for loaded in course.lessons:
            for kind in loaded.lesson.documents:
                document = make_document(course, loaded, kind, templates, tier=tier)
                theme = theme_for(course.course.page_size, profile)
                for fmt in ("pdf", "docx"):
                    assert write(document, theme, fmt)[:2] in (b"%P", b"PK")
