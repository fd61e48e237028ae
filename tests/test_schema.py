"""The JSON Schemas and the format reference: made from the models, committed, and never stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lessonpack.cli import main
from lessonpack.course_model import Course
from lessonpack.lesson import Lesson
from lessonpack.schema import REFERENCE_END, REFERENCE_START, reference_in, reference_markdown, schema_files

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted(p for p in (REPO / "lessons").glob("*.yaml") if p.name != "course.yaml")
REGENERATE = "run `lessonpack schema` in the repository and commit schema/"


def validator(name: str):
    """A JSON Schema validator for one of the committed schemas (jsonschema is in the `test` extra)."""
    jsonschema = pytest.importorskip("jsonschema", reason="pip install jsonschema (the `test` extra)")
    schema = json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def editor_reads(path: Path):
    """The file as an editor's YAML sees it: numbers and booleans typed, unlike lessonpack's loader."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_committed_schemas_are_what_lessonpack_schema_writes(tmp_path):
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    made = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    assert made == schema_files()
    for name, text in made.items():
        committed = REPO / "schema" / name
        assert committed.is_file(), REGENERATE
        assert committed.read_text(encoding="utf-8") == text, REGENERATE


def test_the_schemas_describe_every_field_with_its_docstring():
    for model, name in ((Lesson, "lesson"), (Course, "course")):
        schema = json.loads(schema_files()[f"{name}.schema.json"])
        assert schema["description"] == model.__doc__
        for field, info in model.model_fields.items():
            assert schema["properties"][field]["description"] == info.description
        for definition in schema.get("$defs", {}).values():
            assert definition["description"]
            assert all(p.get("description") for p in definition["properties"].values()), definition["title"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_shipped_lesson_is_accepted(lesson):
    first = lesson.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/lesson.schema.json"
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator("lesson").iter_errors(editor_reads(lesson))]
    assert errors == []


def test_the_shipped_course_is_accepted():
    course = REPO / "lessons" / "course.yaml"
    assert course.read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../schema/course.schema.json"
    assert list(validator("course").iter_errors(editor_reads(course))) == []


@pytest.mark.parametrize("change, where", [
    (lambda d: d["questions"][0].update(marks="four"), ["questions", 0, "marks"]),
    (lambda d: d["questions"][0].update(modle_answer="x"), ["questions", 0]),
    (lambda d: d.pop("title"), []),
    (lambda d: d["sources"][0].update(letter="a"), ["sources", 0, "letter"]),
    (lambda d: d["sources"][0]["extract"][0].update(quote="x"), ["sources", 0, "extract", 0]),
    (lambda d: d["activities"][0].update(phase="middle"), ["activities", 0, "phase"]),
    (lambda d: d["questions"].append({"type": "multiple-choice", "prompt": "?", "marks": 1, "options": ["a"]}),
     ["questions", len(editor_reads(LESSONS[0])["questions"])]),
    (lambda d: d["questions"][0].update(shuffle="no"), ["questions", 0, "shuffle"]),
    (lambda d: d.update(teacher_notes=["x"]), ["teacher_notes"]),
], ids=["word-for-number", "unknown-key", "missing-title", "lower-case-letter", "two-kinds-of-passage",
        "unknown-phase", "choice-without-answer", "yes-no-for-boolean", "list-for-mapping"])
def test_a_broken_lesson_is_rejected_where_it_is_broken(change, where):
    data = editor_reads(REPO / "lessons" / "01-soviet-1905.yaml")
    change(data)
    errors = list(validator("lesson").iter_errors(data))
    assert errors
    assert where in [list(e.absolute_path) for e in errors]


def test_the_docs_reference_is_generated_from_the_models():
    doc = (REPO / "docs" / "lesson-format.md").read_text(encoding="utf-8")
    assert reference_in(doc) == reference_markdown(), (
        "docs/lesson-format.md is out of date: replace its reference part with `lessonpack schema --markdown`")


def test_the_reference_covers_every_model_and_field():
    text = reference_markdown()
    assert text.startswith(REFERENCE_START) and text.rstrip().endswith(REFERENCE_END)
    for model in (Lesson, Course):
        for field in model.model_fields:
            assert f"| `{field}` |" in text
    for name in ("Source", "Passage", "Question", "Option", "Statement", "Pair", "MarkScheme", "Level",
                 "TeacherNotes", "FactCheck", "Differentiation", "Activity", "TimelineEvent", "Question types"):
        assert f"### {name}\n" in text
    result = CliRunner().invoke(main, ["schema", "--markdown"])
    assert result.exit_code == 0 and result.output == text
