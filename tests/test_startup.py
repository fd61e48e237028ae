"""Commands that write nothing start without the writers' libraries.

`lessonpack --help` and `lessonpack validate` must not import reportlab or python-docx
(the PDF and DOCX writers): they are the commands a teacher and an editor plugin run most.
Each command runs in a fresh interpreter through a small wrapper that, when the command
exits, prints which top-level packages ended up in sys.modules. How long startup takes
is measured in benchmarks/ (rows B1/B2), not here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO

WRITER_LIBRARIES = {"reportlab", "docx", "lxml", "PIL", "fontTools"}
"""reportlab (PDF), python-docx and the lxml it needs (DOCX), Pillow (images in either), fontTools
(the DOCX's embedded faces, cut down when the font cache does not have them yet)."""

LESSON = str(REPO / "lessons" / "01-soviet-1905.yaml")

WRAPPER = """
import atexit, gc, json, runpy, sys

def loaded():
    names = sorted(set(sys.modules))
    sys.__stderr__.write("\\nLOADED " + json.dumps(names) + "\\n")
    sys.__stderr__.write("GC " + json.dumps(gc.get_freeze_count()) + "\\n")
    sys.__stderr__.write("COLLECTIONS " + json.dumps([g["collections"] for g in gc.get_stats()]) + "\\n")

atexit.register(loaded)
sys.argv = ["lessonpack", *json.loads(sys.argv[1])]
runpy.run_module("lessonpack", run_name="__main__", alter_sys=True)
"""


def run(*args: str, cwd=REPO, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `lessonpack ARGS` in a fresh interpreter; also return the modules it imported, each by its
    full name and its top-level package's ("xml.sax.saxutils", "xml")."""
    result = subprocess.run([sys.executable, "-c", WRAPPER, json.dumps(list(args))], cwd=cwd,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, **env} if env else None)
    marker = [line for line in result.stderr.splitlines() if line.startswith("LOADED ")]
    assert marker, result.stderr
    names = set(json.loads(marker[-1][len("LOADED "):]))
    return result, names | {name.split(".")[0] for name in names}


def test_the_wrapper_sees_a_writer_library_when_a_command_imports_one(tmp_path):
    """The check below can fail: a build does load reportlab and python-docx."""
    result, loaded = run("build", str(REPO / "lessons" / "01-soviet-1905.yaml"), "--out", str(tmp_path),
                         "--jobs", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    assert {"reportlab", "docx"} <= loaded


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["--version"]], ids=" ".join)
def test_help_imports_no_writer_library(args):
    result, loaded = run(*args)
    assert result.returncode == 0, result.stderr
    assert "lessonpack" in result.stdout
    assert loaded & WRITER_LIBRARIES == set()


def test_help_imports_neither_the_template_engine_nor_the_schema():
    """--help only parses arguments: Jinja2, pydantic and PyYAML load with the commands that use them."""
    _, loaded = run("--help")
    assert loaded & {"jinja2", "pydantic", "yaml", "markdown_it"} == set()


def empty_cache(tmp_path) -> dict[str, str]:
    """A cache folder of the command's own, empty: validate really checks the course (a clean check
    of an unchanged course is answered from the cache: test_validate_cache.py)."""
    return {"LESSONPACK_CACHE_DIR": str(tmp_path / "cache")}


@pytest.mark.parametrize("args", [["validate"], ["validate", "--format", "json"],
                                  ["validate", "lessons/01-soviet-1905.yaml"]], ids=" ".join)
def test_validate_on_the_shipped_course_imports_no_writer_library(args, tmp_path):
    result, loaded = run(*args, env=empty_cache(tmp_path))
    assert result.returncode == 0, result.stderr
    if "json" in args:
        assert json.loads(result.stdout) is not None
    else:
        assert "OK" in result.stdout
    assert "lessonpack" in loaded and "jinja2" in loaded  # it really checked the lessons and templates
    assert loaded & WRITER_LIBRARIES == set()


SERVER_AND_WEB = {"starlette", "uvicorn", "pypdfium2", "watchfiles", "urllib.request", "http.client", "ssl",
                  "xml.sax.saxutils"}
"""What only `lessonpack serve` and `watch` need (the local page, its previews, watching the files), and
the standard library's web client, which xml.sax.saxutils imports (the PDF writer once escaped its
markup with it, about 25 ms of every build: `writers/pdf/escaping.py`)."""

BUILDING = {"lessonpack.build", "lessonpack.manifest", "lessonpack.writers", "lessonpack.classset",
            "multiprocessing", "concurrent.futures"}
"""Planning and writing files, class sets, and the worker processes a build may start."""

ONLY_FOR_A_MISTAKE = {"lessonpack.template_origin", "jinja2.ext"}
"""Finding which template line made a markup mistake (Jinja2's extensions, for its line tags)."""


def test_validate_loads_nothing_for_writing_serving_or_workers(tmp_path):
    """validate checks and renders in memory: the writers, the build, the server and the process pool
    are all left unloaded, in any command's start-up too."""
    result, loaded = run("validate", env=empty_cache(tmp_path))
    assert result.returncode == 0, result.stderr
    assert {"lessonpack.check", "lessonpack.markup", "pydantic"} <= loaded  # it really checked the course
    assert loaded & (WRITER_LIBRARIES | SERVER_AND_WEB | BUILDING | ONLY_FOR_A_MISTAKE) == set()


def test_a_command_leaves_its_heap_to_the_exit(tmp_path):
    """What a command makes it mostly keeps to its end: at exit its objects are frozen before the
    interpreter's last collections, which would otherwise scan them all again (cli.main). The
    wrapper's report runs after lessonpack's exit handler, so it sees the frozen heap."""
    result, _ = run("validate", env=empty_cache(tmp_path))
    assert result.returncode == 0, result.stderr
    frozen = json.loads([line for line in result.stderr.splitlines() if line.startswith("GC ")][-1][3:])
    assert frozen > 20_000  # the modules and the loaded course: everything still alive at the end


def young_collections(result) -> int:
    return json.loads([line for line in result.stderr.splitlines() if line.startswith("COLLECTIONS ")][-1][12:])[0]


def test_a_command_starts_with_few_collections_and_a_build_writes_with_pythons_own(tmp_path):
    """What a command makes while it starts lives to its end: collecting the youngest objects every 700
    allocations (Python's default) scanned them again about two hundred times in a validate. A build
    is back to the default before it writes: the writers' cycles are collected as often as before."""
    checked, _ = run("validate", env=empty_cache(tmp_path))
    built, _ = run("build", LESSON, "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet")
    assert checked.returncode == built.returncode == 0, checked.stderr + built.stderr
    assert young_collections(checked) < 50
    assert young_collections(built) > 100


def test_a_one_lesson_build_loads_neither_the_server_nor_the_class_set_machinery(tmp_path):
    """A plain build imports the two writers it was asked for, and not the HTML one, the class sets',
    the booklet's or the version masters' code, nor the server's libraries."""
    result, loaded = run("build", LESSON, "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    assert {"lessonpack.writers.pdf", "lessonpack.writers.docx"} <= loaded  # it really built both
    assert loaded & (SERVER_AND_WEB | {"lessonpack.writers.html", "lessonpack.classset", "lessonpack.booklet",
                                       "lessonpack.masters", "multiprocessing"}) == set()


def test_a_one_lesson_build_on_two_cpus_starts_no_pool_of_workers(tmp_path):
    """Two processes, one a format, make a lesson's documents (`format_split.py`): neither the pool's
    machinery nor a second copy of the process, each making its own caches, for six documents; the
    forked process imports python-docx, side by side with this one importing reportlab."""
    result, loaded = run("build", LESSON, "--out", str(tmp_path / "out"), "--jobs", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out").rglob("*.docx"))) == len(list((tmp_path / "out").rglob("*.pdf"))) == 6
    assert loaded & {"concurrent.futures.process", "multiprocessing", "docx"} == set()
    assert "reportlab" in loaded


ONLY_SOME_COURSES = {"lessonpack.reference_doc", "xml.etree.ElementTree"}
"""What only a course naming a Word style file (course.yaml's `reference_docx`) needs: its checker and
the standard library's XML parser (python-docx reads XML with lxml)."""


@pytest.mark.parametrize("args", [["validate"], ["build", LESSON, "--jobs", "1", "--quiet"]], ids=" ".join)
def test_a_course_naming_no_style_file_loads_no_style_file_checker(args, tmp_path):
    out = ["--out", str(tmp_path / "out")] if args[0] == "build" else []
    result, loaded = run(*args, *out, env=empty_cache(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "lessonpack.course" in loaded  # it really loaded the course
    assert loaded & ONLY_SOME_COURSES == set()


def test_a_course_naming_a_style_file_still_checks_it(tmp_path):
    """The check above can fail: a course that names a reference DOCX loads its checker, which refuses
    a file that is not a Word document at the line naming it."""
    from conftest import copy_root

    course = copy_root("inc-two-essays", tmp_path)
    (course / "school.docx").write_text("not a Word file", encoding="utf-8")
    course_yaml = course / "lessons" / "course.yaml"
    course_yaml.write_text(course_yaml.read_text(encoding="utf-8") + "reference_docx: school.docx\n",
                           encoding="utf-8")
    result, loaded = run("validate", cwd=course, env=empty_cache(tmp_path))
    assert result.returncode != 0 and "reference_docx" in result.stderr
    assert "lessonpack.reference_doc" in loaded


LOADER_MODULES = {"yaml", "pydantic", "lessonpack.course", "lessonpack.yamlload", "lessonpack.lesson"}
"""The course loader and what it stands on: a writer only turns the document model into bytes."""


@pytest.mark.parametrize("writer", ["lessonpack.writers.pdf", "lessonpack.writers.docx"])
def test_a_writer_imports_no_course_loader(writer):
    """A third writer, or a tool that prints a document model, must not inherit the YAML loader and the schema."""
    code = (f"import json, sys, {writer}\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert writer in loaded  # it really imported the writer
    assert loaded & LOADER_MODULES == set()




def test_a_docx_build_with_the_font_cache_filled_does_not_load_fonttools(tmp_path):
    """The first DOCX build cuts the faces down with fontTools and keeps them; the next only reads them."""
    cache = {"LESSONPACK_CACHE_DIR": str(tmp_path / "cache")}
    first, loaded_first = run("build", LESSON, "--format", "docx", "--out", str(tmp_path / "a"), "--jobs", "1",
                              "--quiet", env=cache)
    again, loaded_again = run("build", LESSON, "--format", "docx", "--out", str(tmp_path / "b"), "--jobs", "1",
                              "--quiet", env=cache)
    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    assert "fontTools" in loaded_first and "docx" in loaded_again
    assert "fontTools" not in loaded_again
    assert "multiprocessing" not in loaded_again  # three documents are rendered in the one process
    made = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.docx"))
    assert made and all((tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes() for p in made)


LOADER_LIBRARIES = {"pydantic", "yaml", "jinja2", "markdown_it"}
"""The schema, the YAML reader, the template engine and the markup parser: what loading a course needs."""


def test_a_rebuild_with_nothing_changed_loads_no_course_and_no_writer(tmp_path):
    """The manifest tells that every document is up to date; the course is not loaded to find it out."""
    first, _ = run("build", LESSON, "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet")
    assert first.returncode == 0, first.stderr
    again, loaded = run("build", LESSON, "--out", str(tmp_path / "out"), "--jobs", "1")
    assert again.returncode == 0, again.stderr
    assert "Nothing to do: every document is up to date" in again.stdout
    assert again.stdout.count("up to date: ") == len(list((tmp_path / "out").rglob("*.pdf"))) * 2
    assert loaded & (LOADER_LIBRARIES | WRITER_LIBRARIES) == set()


def test_a_rebuild_with_nothing_changed_still_warns_and_notices_a_new_lesson(tmp_path):
    """The warnings the course gave are given again, each at its line; a lesson file added since is built."""
    from conftest import copy_root

    course = copy_root("inc-two-essays", tmp_path)
    lesson = course / "lessons" / "01-first-soviet.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("The first soviet", "The first\u200b soviet"),
                      encoding="utf-8")
    first, _ = run("build", "--jobs", "1", "--format", "pdf", cwd=course)
    assert first.returncode == 0, first.stderr
    warned = [line for line in first.stderr.splitlines() if "zero-width space" in line]
    assert warned and "01-first-soviet.yaml:2:" in warned[0]

    again, loaded = run("build", "--jobs", "1", "--format", "pdf", cwd=course)
    assert again.returncode == 0, again.stderr
    assert "Nothing to do" in again.stdout
    assert [line for line in again.stderr.splitlines() if "zero-width space" in line] == warned
    assert loaded & LOADER_LIBRARIES == set()

    added = course / "lessons" / "03-added.yaml"
    added.write_text((course / "lessons" / "02-councils-1917.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    third, loaded = run("build", "--jobs", "1", "--format", "pdf", cwd=course)
    assert third.returncode == 0, third.stderr
    assert "Nothing to do" not in third.stdout and "pydantic" in loaded
    assert any("03-added" in line and line.startswith("wrote ") for line in third.stdout.splitlines())


def test_a_lesson_with_nothing_to_make_is_still_watched_for_changes(tmp_path):
    """`--only teacher` plans nothing for a lesson with no teacher's document; giving it one is noticed."""
    from conftest import copy_root

    course = copy_root("inc-two-essays", tmp_path)
    lesson = course / "lessons" / "02-councils-1917.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("documents: [worksheet, extract, teacher-notes]",
                                                                 "documents: [worksheet, extract]"), encoding="utf-8")
    args = ("build", "--jobs", "1", "--format", "pdf", "--only", "teacher")
    assert run(*args, cwd=course)[0].returncode == 0
    again, loaded = run(*args, cwd=course)
    assert "Nothing to do" in again.stdout and loaded & LOADER_LIBRARIES == set()

    lesson.write_text(lesson.read_text(encoding="utf-8").replace("documents: [worksheet, extract]",
                                                                 "documents: [worksheet, extract, teacher-notes]"),
                      encoding="utf-8")
    third, _ = run(*args, cwd=course)
    assert third.returncode == 0, third.stderr
    assert [line for line in third.stdout.splitlines() if line.startswith("wrote ")] == \
        ["wrote out/02-councils-1917/teacher/02-councils-1917_teacher-notes.pdf"]


AUDIT = """
import json, runpy, sys

seen = []
def importing():
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib") and frame.f_code.co_name == "get_code":
            return True
        frame = frame.f_back
    return False

def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].endswith(".py") and not importing():
        seen.append(["read", args[0]])  # not the import itself, which reads the source without a .pyc
    elif event == "compile" and isinstance(args[1], str) and args[1].endswith(".j2"):
        seen.append(["compiled", args[1]])

sys.addaudithook(hook)
sys.argv = ["lessonpack", *json.loads(sys.argv[1])]
try:
    runpy.run_module("lessonpack", run_name="__main__", alter_sys=True)
finally:
    sys.__stderr__.write("\\nSEEN " + json.dumps(seen) + "\\n")
"""


def test_validate_with_its_caches_filled_reads_no_model_source_and_compiles_no_template(tmp_path):
    """The models' field docstrings are read only when a description is printed (field_docs.py), and
    the templates compiled by the first run are read back from the cache folder (template_cache.py)."""
    cache = {**os.environ, "LESSONPACK_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", AUDIT, json.dumps(["validate"])], cwd=REPO, capture_output=True,
                           text=True, timeout=120, env=cache) for _ in range(2)]
    assert all(result.returncode == 0 for result in runs), runs[-1].stderr
    seen = [json.loads(line[len("SEEN "):]) for result in runs for line in result.stderr.splitlines()
            if line.startswith("SEEN ")]
    assert any(what == "compiled" for what, _ in seen[0])  # the check can fail: the first run compiles
    models = {"lesson.py", "course_model.py", "question_model.py", "model_base.py", "essay.py", "source_kinds.py"}
    assert [(what, path) for what, path in seen[1]
            if what == "compiled" or (path.endswith(tuple(models)) and "lessonpack" in path)] == []


def test_validate_of_an_unchanged_course_again_loads_neither_schema_nor_templates(tmp_path):
    """A clean check is remembered (validate_cache.py): asked again, with nothing changed, validate
    answers from the files' hashes without importing the loader or rendering a document."""
    cache = empty_cache(tmp_path)
    first, loaded_first = run("validate", env=cache)
    again, loaded_again = run("validate", env=cache)
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert again.stdout == first.stdout and "5 lessons OK" in again.stdout
    assert LOADER_LIBRARIES <= loaded_first
    assert loaded_again & (LOADER_LIBRARIES | WRITER_LIBRARIES | {"lessonpack.check", "lessonpack.course"}) == set()


def test_validate_of_markup_parsed_before_does_not_load_the_markdown_parser(tmp_path):
    """A document's markup is parsed once a machine (markup_tokens.py): a second copy of the course, which
    the validate cache knows nothing of, is loaded and rendered again but its markup is not parsed again."""
    cache = empty_cache(tmp_path)
    results = []
    for copy in ("first", "second"):
        shutil.copytree(REPO / "lessons", tmp_path / copy / "lessons")
        results.append(run("validate", str(tmp_path / copy), env=cache))
    (first, loaded_first), (second, loaded_second) = results
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "5 lessons OK" in second.stdout
    assert {"markdown_it", "lessonpack.check", "lessonpack.markup"} <= loaded_first
    assert "lessonpack.markup" in loaded_second and "markdown_it" not in loaded_second


@pytest.mark.parametrize("args", [["validate"], ["build", LESSON, "--jobs", "1", "--quiet"]], ids=" ".join)
def test_a_command_does_not_look_for_pydantic_plugins(args, tmp_path):
    """pydantic looks for plugins through every installed package's metadata (importlib.metadata, with
    email and socket) when it makes its first model; the command has none to use (pydantic_compat.py)."""
    result, loaded = run(*args, *(["--out", str(tmp_path / "out")] if "build" in args else []),
                         env=empty_cache(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "pydantic" in loaded and "lessonpack.course" in loaded  # the course was loaded
    assert loaded & {"importlib.metadata", "email", "socket"} == set()


def test_a_markup_mistake_made_by_a_template_is_still_found_at_its_line(tmp_path):
    """What validate leaves unloaded for a clean course (ONLY_FOR_A_MISTAKE) is loaded for a mistake."""
    course = tmp_path / "course"
    shutil.copytree(REPO / "tests" / "roots" / "good", course)
    template = course / "templates" / "worksheet.md.j2"
    template.parent.mkdir()
    lines = (REPO / "templates" / "worksheet.md.j2").read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith(":::"))
    lines[at:at] = [":::nosuchdirective\n", "text\n", ":::\n"]
    template.write_text("".join(lines), encoding="utf-8")
    result, loaded = run("validate", str(course), env=empty_cache(tmp_path))
    assert result.returncode != 0
    assert f'templates/worksheet.md.j2:{at + 1}: worksheet template made bad markup: unknown directive' \
           f' "nosuchdirective"' in result.stderr, result.stderr
    assert ONLY_FOR_A_MISTAKE <= loaded
