"""Every mistake a teacher can make is reported by `lessonpack validate` at file:line:col, with a hint.

Each test copies tests/roots/errors-course, writes one lesson with one kind of
mistake, runs the real command (`--format json`) and checks the file, line,
column, message and hint of what it reports.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessonpack.cli import main

ROOT = Path(__file__).parent / "roots" / "errors-course"
GOOD = (ROOT / "lessons" / "good.yaml").read_text(encoding="utf-8")
LESSON = "lessons/lesson.yaml"


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """A private copy of the errors course, as the working folder."""
    root = tmp_path / "course"
    shutil.copytree(ROOT, root)
    monkeypatch.chdir(root)
    return root


def write(root: Path, text: str | bytes, name: str = LESSON) -> str:
    path = root / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return text if isinstance(text, str) else ""


def changed(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, f"{old!r} should occur once"
    return text.replace(old, new)


def validate(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["validate", "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout)


def problem(diagnostics: list[dict], fragment: str) -> dict:
    found = [d for d in diagnostics if fragment in d["message"]]
    assert len(found) == 1, f"expected one problem with {fragment!r} in {[d['message'] for d in diagnostics]}"
    return found[0]


def position(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column where needle starts (its nth occurrence)."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def at(d: dict, text: str, needle: str, file: str = LESSON, nth: int = 1) -> None:
    assert (d["file"], d["line"], d["column"]) == (file, *position(text, needle, nth)), d
    assert d["hint"], d
    assert d["severity"] == "error"


def fails(root: Path, text: str, fragment: str) -> dict:
    write(root, text)
    code, found = validate()
    assert code == 1
    return problem(found, fragment)


# ----------------------------------------------------------------- one mistake, one report

MISTAKES = [
    # (what the teacher changed in good.yaml: old, new), the message (whole, or the part that matters),
    # the text it points at (file:line:col), words the hint must have; id: the mistake
    pytest.param(("marks: 1\n    statements", "marks: four\n    statements"),
                 'questions[2].marks (Question 3): expected a whole number, but received "four"', "four", ["digits"],
                 id="a word where a number belongs"),
    pytest.param(("    marks: 2\n", "    marks: 2\n    modle_answer: \"x\"\n"),
                 'questions[0].modle_answer (Question 1): unknown key "modle_answer"', "modle_answer",
                 ['did you mean "model_answer"?'], id="an unknown key says did you mean, at the key"),
    pytest.param(("total_marks: 4\n", "total_marks: 4\nprompt: \"Who?\"\n"),
                 'prompt: unknown key "prompt"', 'prompt: "Who?"',
                 ['"prompt" belongs under questions[…]', "not here: check its indentation"],
                 id="a key at the wrong indentation says where it belongs"),
    pytest.param(("total_marks: 4\n", "total_marks: 4\nzzz: 1\n"), 'zzz: unknown key "zzz"', "zzz",
                 ["allowed keys here:", "enquiry"], id="an unknown key far from any lists the allowed keys"),
    pytest.param(('  - prompt: "Who were the delegates?"\n    source: A', "  - source: A"),
                 'questions[0] (Question 1): missing required key "prompt"', "source: A", ["prompt:", "students read"],
                 id="a required key missing in a question"),
    pytest.param(("teacher_notes:\n", "teacher_notes:\n  - background\nxx_notes:\n"),
                 "teacher_notes: expected a mapping of keys to values, but received a list", "- background", [],
                 id="a list where a mapping belongs"),
    pytest.param(("keywords: [soviet, delegate]\n", "keywords:\n  soviet: yes\n"),
                 "keywords: expected a list, but received a mapping", "soviet: yes", ["- "],
                 id="a mapping where a list belongs"),
    pytest.param(("title: \"Start\"\n", "title: \"Start\"\n    description:\n      Pairs: talk\n"),
                 "activities[0].description: expected text, but received a mapping", "Pairs", ["quotes"],
                 id="text with a colon read as a mapping"),
    pytest.param(("type: multiple-choice", "type: multi-choice"), "questions[1].type (Question 2): expected one of",
                 "multi-choice", ['did you mean "multiple-choice"?'], id="a misspelt choice suggests the right one"),
    pytest.param(("letter: A", "letter: a"),
                 'sources[0].letter: expected a single capital letter, A to Z, but received "a"', "a\n", [],
                 id="a letter that is not a capital"),
    pytest.param(("      - section: first-councils\n", "      - section: first-councils\n        quote: \"x\"\n"),
                 "sources[0].extract[0]: give exactly one of section, paragraphs or quote, not section and quote",
                 "section: first-councils", [], id="a passage naming two things"),
    pytest.param(("answer: yes", "answer: maybe"),
                 'questions[1].answer (Question 2): answer "maybe" is not one of the options',
                 "maybe", ['"yes"'], id="an answer not among the options"),
    pytest.param(("section: first-councils", "section: first-council"),
                 'sources[0].extract[0].section: unknown section "first-council" in essay "councils"',
                 "first-council", ['did you mean "first-councils"?', "first-councils (¶1–3)", "leaders (¶4–5)",
                                   "meaning (¶6)"], id="an unknown section lists the valid ones"),
    pytest.param(("Many saw the council as a new kind of democracy.", "Many saw the council as a new democracy."),
                 "sources[0].extract[1].quote: these words are not in the essay “Councils and Delegates”",
                 '"Many saw', ["¶6", "“Many saw the council as a new kind of democracy.”",
                               "the essay also has “kind of” after “new”"],
                 id="a quote not in the essay shows the closest passage and its paragraph"),
    pytest.param(('quote: "delegates from workplaces"', 'quote: "delegates from factories"'),
                 "questions[0].quote (Question 1): these words are not in source A", '"delegates from factories"',
                 ["¶2", "“factories”"], id="a question's quote not in its source"),
    pytest.param(('      - text: "Delegates served a fixed term."\n        answer: false\n',
                  '      - text: "Delegates served a fixed term."\n        answer: false\n'
                  '      - text: "Delegates were chosen by district."\n        answer: false\n'),
                 "questions[2].marks (Question 3): this true-false question has 2 statements but 1 mark",
                 "1\n    statements", ["give 2 marks", "or add a mark_scheme"],
                 id="marks not one per true-false statement, with no mark scheme"),
    pytest.param(('quote: "Many saw the council as a new kind of democracy."', 'quote: "council"'),
                 "sources[0].extract[1].quote: these words occur 3 times in the essay (¶1, ¶2, ¶6)", '"council"',
                 ["quote a few more words"], id="a quote that stands in several places asks which"),
    pytest.param(('quote: "delegates from workplaces"', 'quote: "The government arrested its leaders"'),
                 "questions[0].quote (Question 1): these words are in the essay at ¶5 (section “Who led it”), "
                 "but source A prints only ¶1–3, ¶6", '"The government',
                 ["add ¶5 to source A's extract"], id="a question's quote elsewhere in the essay says where"),
    pytest.param(("    source: A\n    marks: 1\n", "    source: C\n    marks: 1\n"),
                 'questions[1].source (Question 2): there is no source "C" in this lesson', "C\n",
                 ["sources defined: A"],
                 id="a question naming a source that does not exist"),
    pytest.param(("[soviet, delegate]", "[soviet, delegat]"), 'keywords[1]: "delegat" is not in the course glossary',
                 "delegat]", ['did you mean "delegate"?'], id="a keyword not in the glossary"),
    pytest.param(("duration: 40", "duration: 30"),
                 "activities: the activities take 40 minutes (10 + 20 + 10), longer than the lesson's duration of 30",
                 "- phase: starter", ["duration"], id="activities longer than the lesson"),
    pytest.param(("total_marks: 4", "total_marks: 5"),
                 "total_marks: the questions add up to 4 marks, not 5 (2 + 1 + 1)", "5\n",
                 ["change a question's marks, or write total_marks: 4"], id="marks that do not add up"),
    pytest.param(("Its first chairman was a lawyer", "Its first chairman was a soldier"),
                 "teacher_notes.fact_checks[0].quote: these words are not in the essay “Councils and Delegates”",
                 '"Its first chairman', ["¶4", "“lawyer;”"], id="a fact check's quote not in the essay"),
    pytest.param(('title: "The first councils"\n', 'title: "The first councils"\nessay: councills\n'),
                 'essay "councills" not found in lessons/essays/', "councills", ['did you mean "councils"?'],
                 id="an essay that does not exist"),
]


@pytest.mark.parametrize("change, message, where, hint", MISTAKES)
def test_each_mistake_is_reported_once_at_its_place_with_a_hint(course, change, message, where, hint):
    text = changed(*change)
    write(course, text)
    code, found = validate()
    assert code == 1
    d = problem(found, message)
    at(d, text, where)
    assert all(words in d["hint"] for words in hint), d["hint"]


def test_missing_required_key_at_the_top(course):
    text = changed('title: "The first councils"\n', "")
    d = fails(course, text, "missing")
    assert d["message"] == 'missing required key "title"'
    assert (d["line"], d["column"]) == position(text, "duration")
    assert "title:" in d["hint"]


def test_quote_from_nowhere_says_nothing_is_close(course):
    text = changed("Many saw the council as a new kind of democracy.", "Bananas are yellow fruit")
    d = fails(course, text, "not in the essay")
    assert "nothing in the essay is close" in d["hint"]


# ----------------------------------------------------------------- the essay changed under the lesson


def test_an_edited_passage_says_what_changed(course):
    write(course, GOOD)
    essay = course / "lessons" / "essays" / "councils.md"
    essay.write_text(essay.read_text(encoding="utf-8").replace("a new kind of democracy", "a new sort of democracy"),
                     encoding="utf-8")
    code, found = validate()
    assert code == 1
    d = problem([x for x in found if x["file"] == LESSON], "sources[0].extract[1].quote")
    at(d, GOOD, '"Many saw')
    assert "the essay has “sort” where the quote has “kind”" in d["hint"]
    assert "¶6" in d["hint"] and "edited" in d["hint"]


def test_a_renamed_section_lists_the_sections_there_are_now(course):
    write(course, GOOD)
    essay = course / "lessons" / "essays" / "councils.md"
    essay.write_text(essay.read_text(encoding="utf-8").replace("{#first-councils}", "{#origins}"), encoding="utf-8")
    code, found = validate()
    mine = [x for x in found if x["file"] == LESSON]
    d = problem(mine, 'unknown section "first-councils"')
    at(d, GOOD, "first-councils")
    assert "renamed" in d["hint"] and "origins (¶1–3), leaders (¶4–5), meaning (¶6)" in d["hint"]
    # The question quoting the unresolved source is not blamed as well.
    assert [x["message"] for x in mine] == [d["message"]]


# ----------------------------------------------------------------- YAML traps, end to end


@pytest.mark.parametrize("text, needle, fragment, hint", [
    (changed("duration: 40\n", "duration: 40\nduration: 50\n"), "duration: 50", 'duplicate key "duration"',
     "only the last"),
    (changed("duration: 40", "duration:\t40"), "\t", "tab", "space"),
    (changed("  - phase: starter", "  -\tphase: starter"), "\t", "tab", "space"),
    (changed("    title: \"Start\"", "     title: \"Start\""), "title: \"Start\"", "colon is not allowed",
     "indentation"),
    (changed("    minutes: 20\n", "   minutes: 20\n"), "minutes: 20", "indentation does not match", "same column"),
    (changed('enquiry: "What was new', 'enquiry: "What was new'.replace('"', "'")), "'", "never closed", "closing"),
    (changed("keywords: [soviet, delegate]", "keywords: [soviet, delegate"), "[", "not closed", "closing"),
])
def test_yaml_traps(course, text, needle, fragment, hint):
    if fragment == "never closed":
        text = changed("'What was new about the council of 1905?\"", "'What was new about the council of 1905?",
                       text)
    write(course, text)
    code, found = validate()
    assert code == 1
    d = problem(found, fragment)
    line, column = position(text, needle)
    assert d["file"] == LESSON and d["line"] == line, d
    if "colon" not in fragment:  # YAML notices the colon, not the line's start
        assert d["column"] == column, d
    assert hint in d["hint"]


def test_empty_file(course):
    write(course, "# nothing yet\n")
    code, found = validate()
    assert code == 1
    d = problem(found, "empty")
    assert d["file"] == LESSON and d["hint"]


def test_file_that_is_not_utf8(course):
    write(course, GOOD.replace("What was new", "What was néw").encode("latin-1"))
    code, found = validate()
    d = problem(found, "byte 0xE9 is not UTF-8; the file looks like Latin-1 (é)")
    assert (d["line"], d["column"]) == position(GOOD, "ew about") and "UTF-8" in d["hint"]


def test_yes_and_no_stay_text_in_options_and_are_refused_as_true_or_false(course, monkeypatch):
    from lessonpack.course import load_course

    write(course, GOOD)
    loaded = next(x for x in load_course(course).lessons if x.file.name == "lesson.yaml")
    question = loaded.lesson.questions[1]
    assert question.options == ["yes", "no"] and question.answer == "yes"

    text = changed("answer: false", "answer: no")
    d = fails(course, text, "statements")
    assert d["message"] == 'questions[2].statements[0].answer (Question 3): expected true or false, but received "no"'
    at(d, text, "no\n")
    assert "yes, no, on and off are read as text" in d["hint"]


# ----------------------------------------------------------------- all together, and the output


def test_every_problem_in_every_file_is_reported_together(course):
    bad_course = (course / "lessons" / "course.yaml").read_text(encoding="utf-8").replace("title:", "titel:")
    write(course, bad_course, "lessons/course.yaml")
    write(course, changed("marks: 2", "marks: two"))
    write(course, changed("duration: 40", "duration: [40]").replace("\n  - letter", "\n  - lettr"), "lessons/b.yaml")
    write(course, "", "lessons/c.yaml")
    code, found = validate()
    assert code == 1
    messages = [(d["file"], d["message"]) for d in found]
    assert ("lessons/course.yaml", 'titel: unknown key "titel"') in messages
    assert ("lessons/course.yaml", 'missing required key "title"') in messages
    assert ("lessons/lesson.yaml",
            'questions[0].marks (Question 1): expected a whole number, but received "two"') in messages
    assert ("lessons/b.yaml", "duration: expected a whole number, but received a list") in messages
    assert ("lessons/b.yaml", 'sources[0].lettr: unknown key "lettr"') in messages
    assert ("lessons/c.yaml", "the file is empty") in messages


def test_references_are_checked_beside_other_mistakes(course):
    text = changed("marks: 2", "marks: two").replace("[soviet, delegate]", "[soviet, delegat]")
    write(course, text)
    code, found = validate()
    messages = [d["message"] for d in found]
    assert 'questions[0].marks (Question 1): expected a whole number, but received "two"' in messages
    assert 'keywords[1]: "delegat" is not in the course glossary' in messages
    assert not any("total_marks" in m for m in messages)  # the sum cannot be known


def test_two_lessons_with_one_id(course):
    write(course, changed('title: "The first councils"', 'id: good\ntitle: "The first councils"'))
    code, found = validate()
    d = problem(found, 'lesson id "good"')
    assert d["file"] == LESSON and "overwrite" in d["hint"]


def test_text_report_shows_location_line_caret_and_hint(course):
    text = changed("marks: 1\n    statements", "marks: four\n    statements")
    write(course, text)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    line, column = position(text, "four")
    lines = result.stderr.splitlines()
    first = lines.index(f'{LESSON}:{line}:{column}: questions[2].marks (Question 3): '
                        'expected a whole number, but received "four"')
    assert lines[first + 1] == "        marks: four"
    assert lines[first + 2] == "    " + " " * (column - 1) + "^"
    assert lines[first + 3] == "hint: write digits only, e.g. 4"
    assert "1 problem found." in result.stderr and "Traceback" not in result.stderr


def test_warnings_are_reported_but_do_not_fail(course):
    write(course, changed("title: \"The first councils\"", "title: \"The first\u200b councils\""))
    code, found = validate()
    assert code == 0
    assert [d["severity"] for d in found] == ["warning"]
    assert found[0]["file"] == LESSON and found[0]["line"] == 2 and found[0]["hint"]
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0 and "warning: " in result.stderr and "2 lessons OK (1 warning)." in result.stdout


def test_validate_expands_every_template(course):
    write(course, GOOD)
    templates = course / "templates"
    templates.mkdir()
    (templates / "worksheet.md.j2").write_text("# {{ lesson.title }}\n\n{{ lesson.no_such_thing }}\n")
    code, found = validate()
    assert code == 1
    d = problem(found, "not defined")
    assert d["file"] == "templates/worksheet.md.j2" and d["line"] == 3 and d["hint"]


def test_no_course_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, found = validate()
    assert code == 1 and "no course found" in found[0]["message"] and found[0]["hint"]


def test_nothing_is_written_when_a_build_fails(course):
    write(course, changed("marks: 2", "marks: two"))
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1 and "nothing was written" in result.stderr
    assert not (course / "out").exists()


# ----------------------------------------------------------------- validate stays light


def _imported_by_validate() -> set[str]:
    code = ("import sys\nfrom lessonpack.cli import main\n"
            "try:\n    main(['validate', sys.argv[1]])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_validate_imports_neither_reportlab_nor_python_docx():
    imported = _imported_by_validate()
    assert "lessonpack" in imported
    assert "docx" not in imported and "reportlab" not in imported


def test_paths_in_questions_name_the_question_as_printed():
    from lessonpack.validation import dotted
    assert dotted(("questions", 2, "parts", 1, "marks")) == "questions[2].parts[1].marks (Question 3(b))"
    assert dotted(("questions", 0)) == "questions[0] (Question 1)"
    assert dotted(("sources", 0, "title")) == "sources[0].title"
