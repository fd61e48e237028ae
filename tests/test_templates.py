"""Templates teachers can customise: docs/templates.md is true, and what it promises works.

- every ```markup example in the docs parses into the block it says;
- the context reference in the docs is generated from the code, and lists exactly the
  variables a real template receives;
- a course that overrides the header partial with a school name and logo gets both in
  the PDF and the DOCX, and keeps every default otherwise (tests/roots/tpl-header-logo);
- the exit ticket and the homework build for the shipped course and hold no answers;
- the wheel carries the default templates, and builds a course without templates/;
- a mistake in a template, the course's or a default's, is reported at its line.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import (teacher_only_texts, LESSON_FILES, REPO, copy_root, docx_paragraphs, docx_text, lesson_id, line_of, pdf_text, read_on,
                      root_path, run_cli, squash)
from lessonpack import document as d
from lessonpack import expand, template_docs
from lessonpack.pipeline import make_document
from lessonpack.cli import main
from lessonpack.context import Student, Version, build_context
from lessonpack.course import load_course
from lessonpack.expand import TemplateSet, default_templates_dir
from lessonpack.question_model import LessonQuestion
from lessonpack.markup import Parser
from lessonpack.template_data import STRING_METHODS, Record
from lessonpack.document import BOX_ROLES

DOC = REPO / "docs" / "templates.md"
HEADER_ROOT = "tpl-header-logo"


def walk(nodes):
    """Every block and inline under nodes, depth first (lists' items, grids' cells, boxes' blocks)."""
    for node in nodes:
        yield node
        for name in ("children", "blocks", "cells"):
            yield from walk(getattr(node, name, ()) or ())
        for item in getattr(node, "items", ()) or ():
            yield from walk(item)


# ----------------------------------------------------------------- the markup examples in the docs

FENCE = re.compile(r"^(?P<indent>[ \t]*)```markup(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                   re.MULTILINE | re.DOTALL)


def doc_examples() -> list[tuple[list[str], str]]:
    """Every ```markup block of docs/templates.md: (the model class names in its info string, its text)."""
    found = []
    for m in FENCE.finditer(DOC.read_text(encoding="utf-8")):
        body = textwrap.dedent(m["body"]) if m["indent"] else m["body"]
        found.append((m["info"].split(), body))
    return found


EXAMPLES = doc_examples()


def tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "#2B6CB0").save(buffer, format="PNG")
    return buffer.getvalue()


def example_parser() -> Parser:
    """A parser as a build makes one: a source A (and its adapted version), a timeline, images."""
    line = d.ExtractLine("The soviet was different.", 1, 3)
    source = d.SourceBox("A", "The soviet of 1905", "A. Teacher, blog post, 2020.", "", (line,))
    adapted = d.SourceBox("A", "The soviet of 1905", "Adapted from Source A.", "", (line,), adapted=True)
    events = (d.TimelineEvent("Jan 1905", 1905, "Bloody Sunday"), d.TimelineEvent("Oct 1917", 1917, "October"))
    picture = d.Picture(tiny_png(), (1, 1), "A poster: a worker raises a red flag.", 0.5)
    return Parser({"A": source}, {"A": adapted}, events, lambda path: tiny_png(), {"question-2": picture})


def test_the_docs_have_markup_examples_each_naming_the_block_it_makes():
    assert len(EXAMPLES) >= 20
    for names, body in EXAMPLES:
        assert names, f"```markup block without the model class it makes:\n{body}"
        for name in names:
            assert hasattr(d, name), f"```markup {' '.join(names)}: {name} is not a class of lessonpack.document"


@pytest.mark.parametrize("names, text", EXAMPLES, ids=[f"{i:02d}-{n[0] if n else '?'}" for i, (n, _) in
                                                        enumerate(EXAMPLES)])
def test_each_markup_example_in_the_docs_parses_into_the_block_it_names(names, text):
    blocks = example_parser().parse(text)
    assert blocks, text
    assert type(blocks[0]).__name__ == names[0], text
    inside = {type(node).__name__ for node in walk(blocks)}
    for name in names[1:]:
        assert name in inside, (name, text)


JINJA = re.compile(r"^(?P<indent>[ \t]*)```jinja\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.MULTILINE | re.DOTALL)


def test_each_template_example_in_the_docs_runs_and_prints_markup_that_parses():
    root, course, _ = header_course()
    context = build_context(course, course.lessons[0], "worksheet").context
    env = TemplateSet(root / "templates").environment()
    examples = [textwrap.dedent(m["body"]) for m in JINJA.finditer(DOC.read_text(encoding="utf-8"))]
    assert len(examples) >= 4
    for example in examples:
        printed = env.from_string(example).render(context)
        assert example_parser().parse(printed), example


def test_the_docs_show_every_directive_and_every_box_role():
    text = DOC.read_text(encoding="utf-8")
    used: dict[str, set[str]] = {}
    for _, body in EXAMPLES:
        for line in body.splitlines():
            if m := re.match(r"^:{3,}\s*(\S+)(.*)$", line):
                used.setdefault(m[1], set()).add(m[2].strip())
    for name in Parser().directives:
        assert name in used, f"docs/templates.md has no ```markup example of ::: {name}"
        assert f"### `::: {name}`" in text, f"docs/templates.md has no section on ::: {name}"
    roles = {args.split()[0] for args in used["box"] if args and "=" not in args.split()[0]}
    assert roles == set(BOX_ROLES), "every box role has an example, and only those"
    assert any("adapted" in args.split() for args in used["source"])
    assert any("style=number" in args for args in used["choices"])
    assert any("style" not in args for args in used["choices"])
    assert any(line.startswith("::::") for _, body in EXAMPLES for line in body.splitlines()), "nesting"
    assert any('\\"' in args for args in used["box"]), "an option with a backslash-escaped quote"


# ----------------------------------------------------------------- the context reference


def test_the_context_reference_in_the_docs_is_generated_from_the_code():
    text = DOC.read_text(encoding="utf-8")
    assert template_docs.reference_in(text) == template_docs.context_reference(), (
        "docs/templates.md is out of date: run `lessonpack templates reference docs/templates.md`")


@pytest.fixture(scope="module")
def contexts() -> list[dict]:
    """Real contexts of the shipped course: every lesson, as a class-set copy and with answer keys."""
    course = load_course(REPO)
    found = []
    for lesson in course.lessons:
        for kind in ("worksheet", "teacher-notes"):
            expansion = build_context(course, lesson, kind, student=Student("Ada Lovelace", "10B"),
                                      version=Version(0), versions=2)
            found.append(expansion.context)
    return found


def context_keys(context: dict) -> dict[str, list]:
    """Each variable path (as docs/templates.md names them) and the values seen for it."""
    seen: dict[str, list] = {}
    question_fields = set(LessonQuestion.model_fields)
    for key, value in context.items():
        seen.setdefault(key, []).append(value)
        if isinstance(value, Record) and key not in MODELS:
            for sub, inner in value.items():
                seen.setdefault(f"{key}.{sub}", []).append(inner)
        elif isinstance(value, list) and value and all(isinstance(item, Record) for item in value) \
                and key not in MODELS and key not in ("homework", "exit_ticket"):  # items as in `questions`
            for item in value:
                for sub, inner in item.items():
                    if key == "questions" and sub in question_fields:
                        continue  # documented by the Question model's table
                    seen.setdefault(f"{key}[].{sub}", []).append(inner)
    return seen


def test_every_variable_a_template_receives_is_documented_and_nothing_else(contexts):
    seen: dict[str, list] = {}
    for context in contexts:
        for key, values in context_keys(context).items():
            seen.setdefault(key, []).extend(values)
    documented = set(template_docs.VARIABLES)
    assert sorted(set(seen) - documented) == [], "variables templates receive that docs/templates.md lacks"
    assert sorted(documented - set(seen)) == [], "variables docs/templates.md lists that no template receives"


MODELS = {"course", "lesson", "essay", "timeline"}
"""Variables documented by a model's table rather than key by key."""


def _fits(kind: str, value) -> bool:
    if kind.startswith("list of ["):
        return isinstance(value, list) and all(isinstance(item, Record) for item in value)
    if kind.startswith("["):
        return isinstance(value, Record)
    if kind.startswith("list"):
        return isinstance(value, (list, tuple))
    if kind.startswith("mapping"):
        return isinstance(value, Record)
    if kind == "`true` or `false`":
        return isinstance(value, bool)
    if kind == "whole number":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "text" or kind.startswith("one of"):
        return isinstance(value, str)
    raise AssertionError(f"the test does not know the type {kind!r}")


def test_each_documented_variable_has_the_documented_type(contexts):
    for context in contexts:
        for key, values in context_keys(context).items():
            kind = template_docs.VARIABLES[key][0]
            for value in values:
                assert _fits(kind, value), (key, kind, value)


def test_each_version_key_has_the_same_keys_as_the_papers_questions(contexts):
    for context in contexts:
        for version in context["versions"]:
            # Versions may put the questions in another order: match them by prompt.
            shown = {q["prompt"]: q for q in context["questions"]}
            for question in version["questions"]:
                assert set(question) == set(shown[question["prompt"]])


def test_a_template_receives_data_not_objects(contexts):
    """Read-only records, lists, text and numbers all the way down: no model or library object to call into."""
    def walk(value, path):
        if isinstance(value, Record):
            for key, inner in value.items():
                yield from walk(inner, f"{path}.{key}")
        elif isinstance(value, (list, tuple)):
            for i, inner in enumerate(value):
                yield from walk(inner, f"{path}[{i}]")
        elif not (value is None or type(value) in (str, int, float, bool)):
            yield path, type(value)

    for context in contexts:
        assert [found for key, value in context.items() for found in walk(value, key)] == []


def test_the_docs_list_every_string_method_a_template_may_call():
    text = squash(DOC.read_text(encoding="utf-8"))
    listed = text[text.index("these string methods:"):]
    listed = listed[:listed.index(". ")]
    assert set(re.findall(r"`(\w+)`", listed)) == set(STRING_METHODS)


# ----------------------------------------------------------------- the worked example: school name and logo


@pytest.fixture(scope="module")
def header_build(tmp_path_factory) -> Path:
    """tests/roots/tpl-header-logo built by the command line."""
    tmp = tmp_path_factory.mktemp("header")
    root = copy_root(HEADER_ROOT, tmp)
    result = run_cli("build", str(root), "--out", str(tmp / "out"))
    assert result.returncode == 0, result.stderr
    return tmp / "out"


def header_course():
    root = root_path(HEADER_ROOT)
    course = load_course(root)
    return root, course, course.lessons[0].lesson


def test_the_docs_show_the_header_template_the_example_course_uses():
    root, _, _ = header_course()
    template = (root / "templates" / "partials" / "header.md.j2").read_text(encoding="utf-8")
    text = DOC.read_text(encoding="utf-8")
    marker = text.index("<!-- example header")
    block = re.search(r"```jinja\n(.*?)^\s*```", text[marker:], re.MULTILINE | re.DOTALL)
    assert block, "the worked example's template block"
    assert textwrap.dedent(block[1]).rstrip() == template.rstrip()


def test_the_docs_show_the_markup_the_header_prints():
    root, course, lesson = header_course()
    context = build_context(course, course.lessons[0], "worksheet").context
    printed = TemplateSet(root / "templates").environment().get_template("partials/header.md.j2").render(context)
    shown = [body for names, body in EXAMPLES if names[:1] == ["Figure"] and "Northfield" in body]
    assert len(shown) == 1
    assert printed.strip() == shown[0].strip()
    assert course.course.school in printed and lesson.title in printed


def test_the_school_name_and_logo_print_above_the_title_in_the_pdf(header_build):
    from pypdf import PdfReader
    from PIL import Image

    root, course, lesson = header_course()
    pdf = next(header_build.rglob("*_student-worksheet.pdf"))
    # The first page as drawn: the school's name is also in every page's running header (course.yaml
    # names it), which pdf_text leaves out as furniture.
    text = squash(PdfReader(str(pdf)).pages[0].extract_text())
    school = course.course.school
    assert school and school in text
    assert text.index(school) < text.index(f"{lesson.title} Name:")
    first = PdfReader(str(pdf)).pages[0]
    xobjects = first["/Resources"]["/XObject"]
    images = [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    logo = Image.open(root / "images" / "logo.png")
    assert [(im["/Width"], im["/Height"]) for im in images] == [logo.size]


def test_the_school_name_and_logo_with_alt_text_are_in_the_docx(header_build):
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    root, course, lesson = header_course()
    path = next(header_build.rglob("*_student-worksheet.docx"))
    paragraphs = [p.text for p in docx_paragraphs(path)]
    school = course.course.school
    assert school in paragraphs
    assert paragraphs.index(school) < paragraphs.index(lesson.title)
    assert len(docx.Document(str(path)).inline_shapes) == 1
    # The alt text and the picture, as Word reads them from the file.
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        links = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        (docpr,) = body.iter(qn("wp:docPr"))
        (blip,) = body.iter(qn("a:blip"))
        (picture,) = [link.get("Target") for link in links if link.get("Id") == blip.get(qn("r:embed"))]
        embedded = package.read(f"word/{picture}")
    assert docpr.get("descr") == f"{school} logo"
    assert embedded == (root / "images" / "logo.png").read_bytes()


def test_everything_but_the_header_keeps_the_defaults(header_build):
    _, course, lesson = header_course()
    for fmt in ("pdf", "docx"):
        path = next(header_build.rglob(f"*_student-worksheet.{fmt}"))
        text = squash(pdf_text(path) if fmt == "pdf" else docx_text(path))
        assert "Source A: The soviet of 1905" in text
        assert f"Enquiry question: {lesson.enquiry}" in text
        for q in lesson.questions:
            assert q.prompt in text, (fmt, q.prompt)
        for other in ("source-extracts", "teacher-notes"):
            assert next(header_build.rglob(f"*_{other}.{fmt}")).stat().st_size > 0
    listing = run_cli("templates", cwd=root_path(HEADER_ROOT))
    assert listing.returncode == 0, listing.stderr
    where = {line.split()[0]: line.split()[1] for line in listing.stdout.splitlines() if line.strip()}
    assert where.pop("partials/header.md.j2") == "course"
    assert set(where.values()) == {"default"}


def test_the_logo_can_sit_beside_the_school_name_in_a_grid(tmp_path):
    root = copy_root(HEADER_ROOT, tmp_path)
    (root / "templates" / "partials" / "header.md.j2").write_text(
        ":::: grid columns=2\n::: figure images/logo.png alt={{ (course.school ~ ' logo') | attr }}\n:::\n\n"
        "**{{ course.school }}**\n::::\n\n# {{ lesson.title }}\n\n", encoding="utf-8")
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    first = PdfReader(str(next((tmp_path / "out").rglob("*_student-worksheet.pdf")))).pages[0].extract_text()
    assert first.count("Northfield Academy") == 2  # the grid's, and the running header's


# ----------------------------------------------------------------- the exit ticket and the homework

NEW_KINDS = ("exit-ticket", "homework")


def teacher_only(lesson: dict) -> list[str]:
    return [squash(text) for text in teacher_only_texts(lesson) if len(text) >= 15]

@pytest.fixture(scope="module")
def new_kinds_build(tmp_path_factory) -> Path:
    """The shipped lessons built with the exit ticket and the homework (and the teacher notes, to compare)."""
    tmp = tmp_path_factory.mktemp("new-kinds")
    course = tmp / "course"
    shutil.copytree(REPO / "lessons", course / "lessons")
    for file in (course / "lessons").glob("*.yaml"):
        if file.name == "course.yaml":
            continue
        kinds = ", ".join([*NEW_KINDS, "teacher-notes"])
        text, count = re.subn(r"(?m)^documents:.*$", f"documents: [{kinds}]", file.read_text(encoding="utf-8"))
        if not count:
            text += f"\ndocuments: [{kinds}]\n"
        file.write_text(text, encoding="utf-8")
    result = run_cli("build", str(course), "--out", str(tmp / "out"))
    assert result.returncode == 0, result.stderr
    return tmp / "out"


def read(path: Path, furniture: bool = True) -> str:
    """The text of a file, squashed. A PDF's running header and footer are kept unless furniture is
    False: the exit ticket's tickets repeat on every page, so without them they would go too; with
    them, text that runs over a page break is interrupted. Without furniture, a box's title repeated
    over its rest on the next page ("Fact check (continued)") goes too, so the box reads on."""
    if path.suffix == ".docx":
        return squash(docx_text(path))
    if not furniture:
        return squash(read_on(pdf_text(path)))
    from pypdf import PdfReader

    return squash("\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


@pytest.mark.parametrize("lesson_file", LESSON_FILES, ids=lesson_id)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_exit_ticket_and_homework_build_and_hold_no_answers(new_kinds_build, lesson_file, fmt):
    lesson = yaml.safe_load(lesson_file.read_text(encoding="utf-8"))
    lid = lesson_id(lesson_file)
    secrets = teacher_only(lesson)
    assert secrets
    teacher = read(new_kinds_build / lid / "teacher" / f"{lid}_teacher-notes.{fmt}", furniture=False)
    for secret in secrets:  # the same reading finds them where they belong
        assert secret in teacher, secret
    for kind in NEW_KINDS:
        path = new_kinds_build / lid / f"{lid}_{kind}.{fmt}"
        assert path.is_file(), f"{kind} should be with the students' files, not in teacher/"
        text = read(path) + " " + read(path, furniture=False)
        for secret in secrets:
            assert secret not in text, (kind, secret)
        for label in ("Model answer", "Mark scheme", "Indicative content", "Correct order", "Answers:"):
            assert label not in text, (kind, label)


@pytest.mark.parametrize("lesson_file", LESSON_FILES, ids=lesson_id)
def test_the_exit_ticket_and_homework_hold_their_questions(new_kinds_build, lesson_file):
    lesson = yaml.safe_load(lesson_file.read_text(encoding="utf-8"))
    lid = lesson_id(lesson_file)
    questions = lesson["questions"]
    quick = ([questions[n - 1] for n in lesson["exit_ticket"]] if lesson.get("exit_ticket")
             else sorted(questions, key=lambda q: q["marks"])[:3])
    long = ([questions[n - 1] for n in lesson["homework"]] if lesson.get("homework")
            else [q for q in questions if q["marks"] >= 4] or questions)
    for fmt in ("pdf", "docx"):
        ticket = read(new_kinds_build / lid / f"{lid}_exit-ticket.{fmt}")
        assert squash(lesson['title']) in ticket and "Name:" in ticket
        for q in quick:
            assert squash(q["prompt"]) in ticket, (fmt, q["prompt"])
        homework = read(new_kinds_build / lid / f"{lid}_homework.{fmt}")
        assert f"Homework: {squash(lesson['title'])}" in homework
        for source in lesson.get("sources", []):
            assert f"Source {source['letter']}: {squash(source['title'])}" in homework
        for q in long:
            assert squash(q["prompt"]) in homework, (fmt, q["prompt"])


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_the_exit_ticket_prints_on_large_print_papers_one_ticket_under_another(new_kinds_build, profile, tmp_path):
    """Tickets side by side cannot fit a page at 24 and 36 pt, and one is often taller than half a page:
    a large-print exit ticket is one slip, full width."""
    course = new_kinds_build.parent / "course"
    lesson_file = course / "lessons" / "01-soviet-1905.yaml"
    out = tmp_path / "out"
    result = run_cli("build", str(lesson_file), "--profile", profile, "--format", "pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    lesson = yaml.safe_load(lesson_file.read_text(encoding="utf-8"))
    ticket = read(out / "01-soviet-1905" / f"01-soviet-1905_exit-ticket_{profile}.pdf")
    assert ticket.count("Name:") == 1
    questions = lesson["questions"]
    chosen = ([questions[n - 1] for n in lesson["exit_ticket"]] if lesson.get("exit_ticket")
              else sorted(questions, key=lambda q: q["marks"])[:3])
    for q in chosen:
        assert ticket.count(squash(q["prompt"])) == 1, q["prompt"]


def test_each_exit_ticket_question_starts_its_own_paragraph():
    course = load_course(REPO)
    runs_on = []
    for lesson in course.lessons:
        document = make_document(course, lesson, "exit-ticket", TemplateSet(course.templates_dir))
        for node in walk(document.blocks):
            if isinstance(node, d.Paragraph):
                numbers = [i for i, child in enumerate(node.children) if isinstance(child, d.Strong)
                           and re.fullmatch(r"\d+\.", d.plain_text(child.children))]
                if any(i > 0 for i in numbers):
                    runs_on.append((lesson.id, d.plain_text(node.children)))
    assert runs_on == []


# ----------------------------------------------------------------- the wheel


@pytest.mark.slow
def test_the_wheel_ships_the_default_templates_and_builds_a_course_without_templates(tmp_path):
    """Slow (about 10 s: pip builds a wheel), but run by `make test`: it is the only check of what users install."""
    source = tmp_path / "checkout"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "out", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".pytest_cache",
        "tests", "benchmarks"))
    wheels = tmp_path / "wheels"
    made = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels),
                           str(source)], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    wheel = next(wheels.glob("lessonpack-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    defaults = default_templates_dir()
    shipped = {p.relative_to(defaults).as_posix() for p in defaults.rglob("*.j2")}
    assert {"worksheet.md.j2", "partials/question.md.j2", "partials/header.md.j2"} <= shipped
    assert {f"lessonpack/templates/{name}" for name in shipped} <= names

    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    paths = sysconfig.get_paths()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join([str(installed), *dict.fromkeys([paths["purelib"], paths["platlib"]])])

    def python(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        # -S: no site-packages of this venv, so no editable install of the checkout either.
        return subprocess.run([sys.executable, "-S", *args], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=120)

    course = tmp_path / "course"
    shutil.copytree(root_path("tpl-partial") / "lessons", course / "lessons")
    assert not (course / "templates").exists()
    where = python("-c", "import lessonpack.expand as e; print(e.__file__); print(e.default_templates_dir())",
                   cwd=course)
    assert where.returncode == 0, where.stderr
    for line in where.stdout.splitlines():
        assert Path(line).resolve().is_relative_to(installed.resolve()), line

    built = python("-m", "lessonpack", "build", str(course), "--out", str(tmp_path / "out"), "--jobs", "1",
                   cwd=course)
    assert built.returncode == 0, built.stderr
    lesson = load_course(course).lessons[0].lesson
    for fmt in ("pdf", "docx"):
        worksheet = next((tmp_path / "out").rglob(f"*_student-worksheet.{fmt}"))
        text = squash(pdf_text(worksheet) if fmt == "pdf" else docx_text(worksheet))
        assert lesson.title in text
        for q in lesson.questions:
            assert q.prompt in text
    listing = python("-m", "lessonpack", "templates", cwd=course)
    assert listing.returncode == 0, listing.stderr
    rows = [line.split() for line in listing.stdout.splitlines() if line.strip()]
    assert {row[0] for row in rows} == shipped
    assert {row[1] for row in rows} == {"default"}


# ----------------------------------------------------------------- mistakes name the template line

# template -> mistake -> (text of the default template, what it becomes, words on the line with the mistake)
MISTAKES = {
    "worksheet.md.j2": {
        "syntax": ("## Questions\n", "## Questions\n\n{{ lesson.enquiry | upper }\n", "lesson.enquiry | upper"),
        "undefined": ("## Questions\n", "## Questions\n\n{{ lesson.subtitle }}\n", "lesson.subtitle"),
        "directive": ("## Questions\n", "## Questions\n\n::: quiz\n:::\n", "quiz"),
        "option": ("## Questions\n", "## Questions\n\n::: question 9 marks=four\n:::\n", "marks=four"),
    },
    "partials/question.md.j2": {
        "syntax": ("{{ q.prompt }}", "{{ q.prompt | upper }", "q.prompt | upper"),
        "undefined": ("{{ q.prompt }}", "{{ q.summary }}", "q.summary"),
        "directive": (":::: question", ":::: quiz", "quiz"),
        "option": ("marks={{ q.marks }}", "marks=four", "marks=four"),
    },
}


def break_template(folder: Path, name: str, mistake: str) -> tuple[Path, int]:
    """Copy the default template into folder and put the mistake in; return the file and the mistake's line."""
    old, new, needle = MISTAKES[name][mistake]
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (default_templates_dir() / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, (name, old)
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target, line_of(target, needle)


@pytest.mark.parametrize("mistake", [
    "syntax", "undefined", "directive", "option"])
@pytest.mark.parametrize("name", list(MISTAKES))
@pytest.mark.parametrize("owner", ["course", "default"])
def test_a_template_mistake_is_reported_at_the_template_line(tmp_path, monkeypatch, owner, name, mistake):
    course = tmp_path / "course"
    shutil.copytree(root_path("tpl-partial") / "lessons", course / "lessons")
    if owner == "course":
        broken, line = break_template(course / "templates", name, mistake)
    else:  # lessonpack's own default templates, as a broken installation or a lessonpack developer has them
        defaults = tmp_path / "lessonpack" / "templates"
        shutil.copytree(default_templates_dir(), defaults)
        broken, line = break_template(defaults, name, mistake)
        monkeypatch.setattr(expand, "default_templates_dir", lambda: defaults)

    result = CliRunner().invoke(main, ["build", str(course), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    found = re.search(rf"(\S*templates/{re.escape(name)}):(\d+):", result.stderr)
    assert found, result.stderr
    assert Path(found[1]).resolve() == broken.resolve()
    assert int(found[2]) == line, result.stderr


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_copying_a_template_in_the_repository_itself_explains_instead_of_failing(force):
    """Here templates/ is the default set: copying a default onto itself must say so, not crash."""
    result = run_cli("templates", "copy", "worksheet", *force, cwd=REPO)
    assert result.returncode == 1
    assert "is the default set itself" in result.stderr and "folder of its own" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not subprocess.run(["git", "status", "--porcelain", "templates"], cwd=REPO, capture_output=True,
                              text=True).stdout.strip()


@pytest.mark.parametrize("plant", ["templates-folder", "partials-folder", "file"])
def test_copying_a_template_writes_nothing_through_a_link_in_a_shared_course(tmp_path, plant):
    """A shared course may carry a templates/ folder, a folder inside it, or a file that links elsewhere."""
    course = copy_root("rel-base", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (course / "templates").mkdir()
    if plant == "templates-folder":
        (course / "templates").rmdir()
        (course / "templates").symlink_to(elsewhere, target_is_directory=True)
        name = "worksheet"
    elif plant == "partials-folder":
        (course / "templates" / "partials").symlink_to(elsewhere, target_is_directory=True)
        name = "partials/header"
    else:
        (course / "templates" / "worksheet.md.j2").symlink_to(elsewhere / "worksheet.md.j2")
        name = "worksheet"
    args = ["templates", "copy", name] + (["--force"] if plant == "file" else [])
    result = run_cli(*args, cwd=course)
    assert "Traceback" not in result.stderr
    assert not list(elsewhere.iterdir()), result.stderr
    if plant == "file":  # the link is replaced by the course's own copy
        assert result.returncode == 0, result.stderr
        assert not (course / "templates" / "worksheet.md.j2").is_symlink()
    else:
        assert result.returncode == 1 and "link" in result.stderr, result.stderr
