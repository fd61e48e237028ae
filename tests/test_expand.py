"""Templates: strict about unknown names, escaping every printed value, overridable, sandboxed."""

from __future__ import annotations

import shutil

import pytest

from conftest import (copy_root, docx_paragraphs, docx_text, line_of, pdf_text, problems, root_path, run_cli,
                      squash)
from lessonpack.context import build_context
from lessonpack.course import load_course
from lessonpack.document import Emph, Heading, Link, Paragraph, Strong, plain_text
from lessonpack.errors import LessonpackError
from lessonpack.expand import TemplateSet, default_templates_dir, render
from lessonpack.markup import Parser


def expand(root, kind: str = "worksheet"):
    """The markup a course's template makes for its first lesson, and the parsed blocks."""
    course = load_course(root)
    lesson = course.lessons[0]
    expansion = build_context(course, lesson, kind)
    text = render(TemplateSet(course.templates_dir), kind, expansion.context)
    return text, Parser(expansion.sources, expansion.adapted).parse(text)


def render_error(root, kind: str = "worksheet") -> LessonpackError:
    with pytest.raises(LessonpackError) as info:
        expand(root, kind)
    found = problems(info.value)
    assert len(found) == 1
    return found[0]


def walk(blocks):
    """Every block and inline node, depth first."""
    for node in blocks:
        yield node
        for name in ("children", "blocks"):
            yield from walk(getattr(node, name, ()) or ())
        for item in getattr(node, "items", ()) or ():
            yield from walk(item)


def title_of(blocks) -> str:
    """The text of the first level-1 heading: the document's title."""
    return next(plain_text(b.children) for b in walk(blocks) if isinstance(b, Heading) and b.level == 1)


def build(root, tmp_path):
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"))
    return result


# ----------------------------------------------------------------- StrictUndefined


def test_an_unknown_variable_is_an_error_naming_the_template_file_and_line():
    root = root_path("tpl-undefined")
    template = root / "templates" / "worksheet.md.j2"
    problem = render_error(root)
    assert problem.location.file.resolve() == template.resolve()
    assert problem.location.line == line_of(template, "lesson.subtitle")
    assert "subtitle" in problem.message
    assert problem.hint


def test_the_command_line_reports_the_template_line_without_a_traceback(tmp_path):
    root = copy_root("tpl-undefined", tmp_path)
    template = root / "templates" / "worksheet.md.j2"
    result = build(root, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"worksheet.md.j2:{line_of(template, 'lesson.subtitle')}:" in result.stderr
    worksheets = list((tmp_path / "out").rglob("*worksheet*"))
    assert worksheets == []


def test_a_too_large_range_in_a_template_is_reported_not_a_crash(tmp_path):
    root = copy_root("good", tmp_path)
    template = root / "templates" / "worksheet.md.j2"
    template.parent.mkdir()
    template.write_text("# {{ lesson.title }}\n\n{% for i in range(200000) %}.{% endfor %}\n", encoding="utf-8")
    result = build(root, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "worksheet.md.j2:3" in result.stderr


# ----------------------------------------------------------------- escaping printed values


def test_lesson_text_prints_literally_in_the_model():
    root = root_path("escape-literal")
    course = load_course(root)
    lesson = course.lessons[0].lesson
    _, blocks = expand(root)
    nodes = list(walk(blocks))
    titles = [plain_text(n.children) for n in nodes if isinstance(n, Heading) and n.level == 1]
    assert titles == [lesson.title]
    prompt = lesson.questions[0].prompt
    assert "*bold*" in prompt and "{{ 7*7 }}" in prompt
    paragraphs = [plain_text(n.children) for n in nodes if isinstance(n, Paragraph)]
    assert any(prompt in text for text in paragraphs)
    # No bold, italic or link was made out of the lesson's characters.
    for node in nodes:
        if isinstance(node, (Strong, Emph, Link)):
            text = plain_text(node.children)
            assert text not in ("bold", "this", "a link", "stars", "#1"), text


def test_lesson_text_prints_literally_in_the_files(tmp_path):
    root = copy_root("escape-literal", tmp_path)
    lesson = load_course(root).lessons[0].lesson
    result = build(root, tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = next((tmp_path / "out").rglob("*_student-worksheet.pdf"))
    docx = next((tmp_path / "out").rglob("*_student-worksheet.docx"))
    for text in (squash(pdf_text(pdf)), squash(docx_text(docx))):
        assert lesson.title in text
        assert lesson.questions[0].prompt in text
        assert "49" not in text
    heading = [p.text for p in docx_paragraphs(docx) if p.style.name == "Heading 1"]
    assert heading == [lesson.title]


# ----------------------------------------------------------------- a course's own templates


def test_a_course_template_replaces_the_default_one():
    root = root_path("tpl-override")
    lesson = load_course(root).lessons[0].lesson
    _, blocks = expand(root, "worksheet")
    assert plain_text(blocks[0].children) == f"Course worksheet: {lesson.title}"
    assert "course's own templates folder" in plain_text(blocks[1].children)
    assert len(blocks) == 2
    # Kinds the course does not override still use the defaults.
    _, extract = expand(root, "extract")
    assert title_of(extract) == lesson.title
    assert any(type(block).__name__ == "SourceBox" for block in extract)


def test_a_course_partial_replaces_the_default_partial_inside_a_default_template():
    root = root_path("tpl-partial")
    assert not (root / "templates" / "worksheet.md.j2").exists()
    lesson = load_course(root).lessons[0].lesson
    _, blocks = expand(root, "worksheet")
    printed = [plain_text(n.children) for n in walk(blocks) if isinstance(n, Paragraph)]
    for question in lesson.questions:
        assert f"Course partial says: {question.prompt}" in printed
    default = (default_templates_dir() / "worksheet.md.j2").read_text(encoding="utf-8")
    assert 'include "partials/question.md.j2"' in default
    assert title_of(blocks) == lesson.title  # the rest is the default worksheet


def test_a_course_partial_reaches_the_built_worksheet(tmp_path):
    root = copy_root("tpl-partial", tmp_path)
    lesson = load_course(root).lessons[0].lesson
    assert build(root, tmp_path).returncode == 0
    text = squash(pdf_text(next((tmp_path / "out").rglob("*_student-worksheet.pdf"))))
    for question in lesson.questions:
        assert f"Course partial says: {question.prompt}" in text


# ----------------------------------------------------------------- the sandbox


def test_the_sandbox_refuses_python_internals():
    root = root_path("tpl-sandbox")
    template = root / "templates" / "worksheet.md.j2"
    problem = render_error(root)
    assert "unsafe" in problem.message
    assert problem.location.file.resolve() == template.resolve()
    assert problem.location.line == line_of(template, "__mro__")


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ lesson.__class__.__init__.__globals__ }}",
    "{{ lesson.__dict__ }}",
    "{{ lesson.title.format.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ lesson.objectives.append('changed') }}",
    "{{ self.__init__.__globals__ }}",
])
def test_the_sandbox_refuses_each_escape_route(tmp_path, expression):
    root = copy_root("tpl-sandbox", tmp_path)
    template = root / "templates" / "worksheet.md.j2"
    template.write_text(f"# {{{{ lesson.title }}}}\n\n{expression}\n", encoding="utf-8")
    problem = render_error(root)
    assert problem.location.file.resolve() == template.resolve()
    assert problem.location.line == 3
    assert "unsafe" in problem.message


def test_the_sandbox_refusal_reaches_the_user_as_a_located_error(tmp_path):
    root = copy_root("tpl-sandbox", tmp_path)
    result = build(root, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "worksheet.md.j2:" in result.stderr and "unsafe" in result.stderr
    assert "<class" not in result.stdout + result.stderr


def test_templates_cannot_change_the_lesson(tmp_path):
    """An attempted change is refused and the other documents still show the lesson as written."""
    root = copy_root("good", tmp_path)
    shutil.copytree(root_path("tpl-sandbox") / "templates", root / "templates")
    (root / "templates" / "worksheet.md.j2").write_text(
        "# {{ lesson.title }}\n\n{{ lesson.objectives.append('CHANGED') }}\n", encoding="utf-8")
    course = load_course(root)
    with pytest.raises(LessonpackError):
        expand(root, "worksheet")
    assert "CHANGED" not in course.lessons[0].lesson.objectives
