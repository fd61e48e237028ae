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


# ----------------------------------------------------------------- values and keys


def test_a_word_where_a_number_belongs(course):
    text = changed("marks: 1\n    statements", "marks: four\n    statements")
    d = fails(course, text, "marks")
    assert d["message"] == 'questions[2].marks: expected a whole number, but received "four"'
    at(d, text, "four")
    assert "digits" in d["hint"]


def test_unknown_key_says_did_you_mean_at_the_key(course):
    text = changed("    marks: 2\n", "    marks: 2\n    modle_answer: \"x\"\n")
    d = fails(course, text, "modle_answer")
    assert d["message"] == 'questions[0].modle_answer: unknown key "modle_answer"'
    at(d, text, "modle_answer")
    assert d["hint"] == 'did you mean "model_answer"?'


def test_key_at_the_wrong_indentation_says_where_it_belongs(course):
    text = changed("total_marks: 4\n", "total_marks: 4\nprompt: \"Who?\"\n")
    d = fails(course, text, 'unknown key "prompt"')
    at(d, text, "prompt: \"Who?\"")
    assert d["hint"].startswith('"prompt" belongs under questions[…]')
    assert "not here: check its indentation" in d["hint"]


def test_unknown_key_far_from_any_lists_the_allowed_keys(course):
    text = changed("total_marks: 4\n", "total_marks: 4\nzzz: 1\n")
    d = fails(course, text, 'unknown key "zzz"')
    at(d, text, "zzz")
    assert "allowed keys here:" in d["hint"] and "enquiry" in d["hint"]


def test_missing_required_key_at_the_top(course):
    text = changed('title: "The first councils"\n', "")
    d = fails(course, text, "missing")
    assert d["message"] == 'missing required key "title"'
    assert (d["line"], d["column"]) == position(text, "duration")
    assert "title:" in d["hint"]


def test_missing_required_key_in_a_question(course):
    text = changed('  - prompt: "Who were the delegates?"\n    source: A', "  - source: A")
    d = fails(course, text, "missing")
    assert d["message"] == 'questions[0]: missing required key "prompt"'
    at(d, text, "source: A")
    assert "prompt:" in d["hint"] and "students read" in d["hint"]


def test_a_list_where_a_mapping_belongs(course):
    text = changed("teacher_notes:\n", "teacher_notes:\n  - background\nxx_notes:\n")
    d = fails(course, text, "teacher_notes:")
    assert d["message"] == "teacher_notes: expected a mapping of keys to values, but received a list"
    at(d, text, "- background")


def test_a_mapping_where_a_list_belongs(course):
    text = changed("keywords: [soviet, delegate]\n", "keywords:\n  soviet: yes\n")
    d = fails(course, text, "keywords")
    assert d["message"] == "keywords: expected a list, but received a mapping"
    at(d, text, "soviet: yes")
    assert "- " in d["hint"]


def test_text_with_a_colon_read_as_a_mapping(course):
    text = changed("title: \"Start\"\n", "title: \"Start\"\n    description:\n      Pairs: talk\n")
    d = fails(course, text, "description")
    assert d["message"] == "activities[0].description: expected text, but received a mapping"
    at(d, text, "Pairs")
    assert "quotes" in d["hint"]


def test_a_misspelt_choice_suggests_the_right_one(course):
    text = changed("type: multiple-choice", "type: multi-choice")
    d = fails(course, text, "questions[1].type")
    assert 'but received "multi-choice"' in d["message"]
    at(d, text, "multi-choice")
    assert d["hint"] == 'did you mean "multiple-choice"?'


def test_a_letter_that_is_not_a_capital(course):
    text = changed("letter: A", "letter: a")
    d = fails(course, text, "letter")
    assert d["message"] == 'sources[0].letter: expected a single capital letter, A to Z, but received "a"'
    at(d, text, "a\n")


def test_a_passage_naming_two_things(course):
    text = changed("      - section: first-councils\n", "      - section: first-councils\n        quote: \"x\"\n")
    d = fails(course, text, "exactly one")
    assert d["message"].startswith("sources[0].extract[0]: give exactly one of section, paragraphs or quote")
    at(d, text, "section: first-councils")


def test_answer_not_among_the_options_points_at_the_answer(course):
    text = changed("answer: yes", "answer: maybe")
    d = fails(course, text, "options")
    assert d["message"] == 'questions[1].answer: answer "maybe" is not one of the options'
    at(d, text, "maybe")
    assert '"yes"' in d["hint"]


# ----------------------------------------------------------------- references


def test_unknown_section_lists_the_valid_ones(course):
    text = changed("section: first-councils", "section: first-council")
    d = fails(course, text, "section")
    assert d["message"] == 'sources[0].extract[0].section: unknown section "first-council" in essay "councils"'
    at(d, text, "first-council")
    assert d["hint"].startswith('did you mean "first-councils"?')
    for section in ("first-councils (¶1–3)", "leaders (¶4–5)", "meaning (¶6)"):
        assert section in d["hint"]


def test_quote_not_in_the_essay_shows_the_closest_passage_and_its_paragraph(course):
    text = changed("Many saw the council as a new kind of democracy.", "Many saw the council as a new democracy.")
    d = fails(course, text, "not in the essay")
    assert d["message"] == "sources[0].extract[1].quote: these words are not in the essay “Councils and Delegates”"
    at(d, text, '"Many saw')
    assert "¶6" in d["hint"] and "“Many saw the council as a new kind of democracy.”" in d["hint"]
    assert "the essay also has “kind of” after “new”" in d["hint"]


def test_quote_from_nowhere_says_nothing_is_close(course):
    text = changed("Many saw the council as a new kind of democracy.", "Bananas are yellow fruit")
    d = fails(course, text, "not in the essay")
    assert "nothing in the essay is close" in d["hint"]


def test_question_quote_not_in_its_source(course):
    text = changed('quote: "delegates from workplaces"', 'quote: "delegates from factories"')
    d = fails(course, text, "not in source A")
    assert d["message"] == "questions[0].quote: these words are not in source A"
    at(d, text, '"delegates from factories"')
    assert "¶2" in d["hint"] and "“factories”" in d["hint"]


def test_question_naming_a_source_that_does_not_exist(course):
    text = changed("    source: A\n    marks: 1\n", "    source: C\n    marks: 1\n")
    d = fails(course, text, "source")
    assert d["message"] == 'questions[1].source: there is no source "C" in this lesson'
    at(d, text, "C\n")
    assert d["hint"] == "sources defined: A"


def test_keyword_not_in_the_glossary(course):
    text = changed("[soviet, delegate]", "[soviet, delegat]")
    d = fails(course, text, "glossary")
    assert d["message"] == 'keywords[1]: "delegat" is not in the course glossary'
    at(d, text, "delegat]")
    assert d["hint"] == 'did you mean "delegate"?'


def test_activities_longer_than_the_lesson(course):
    text = changed("duration: 40", "duration: 30")
    d = fails(course, text, "activities")
    assert d["message"] == ("activities: the activities take 40 minutes (10 + 20 + 10), "
                            "longer than the lesson's duration of 30")
    at(d, text, "- phase: starter")
    assert "duration" in d["hint"]


def test_marks_that_do_not_add_up(course):
    text = changed("total_marks: 4", "total_marks: 5")
    d = fails(course, text, "total_marks")
    assert d["message"] == "total_marks: the questions add up to 4 marks, not 5 (2 + 1 + 1)"
    at(d, text, "5\n")
    assert d["hint"] == "change a question's marks, or write total_marks: 4"


def test_fact_check_quote_not_in_the_essay(course):
    text = changed("Its first chairman was a lawyer", "Its first chairman was a soldier")
    d = fails(course, text, "fact_checks")
    assert d["message"].startswith("teacher_notes.fact_checks[0].quote: these words are not in the essay")
    assert "¶4" in d["hint"] and "“lawyer;”" in d["hint"]


def test_essay_that_does_not_exist(course):
    text = changed("title: \"The first councils\"\n", "title: \"The first councils\"\nessay: councills\n")
    d = fails(course, text, "essay")
    assert d["message"] == 'essay "councills" not found in lessons/essays/'
    at(d, text, "councills")
    assert 'did you mean "councils"?' in d["hint"]


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
    assert d["message"] == 'questions[2].statements[0].answer: expected true or false, but received "no"'
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
    assert ("lessons/lesson.yaml", 'questions[0].marks: expected a whole number, but received "two"') in messages
    assert ("lessons/b.yaml", "duration: expected a whole number, but received a list") in messages
    assert ("lessons/b.yaml", 'sources[0].lettr: unknown key "lettr"') in messages
    assert ("lessons/c.yaml", "the file is empty") in messages


def test_references_are_checked_beside_other_mistakes(course):
    text = changed("marks: 2", "marks: two").replace("[soviet, delegate]", "[soviet, delegat]")
    write(course, text)
    code, found = validate()
    messages = [d["message"] for d in found]
    assert 'questions[0].marks: expected a whole number, but received "two"' in messages
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
    first = lines.index(f'{LESSON}:{line}:{column}: questions[2].marks: expected a whole number, but received "four"')
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
