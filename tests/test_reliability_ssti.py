"""Published template-injection payloads read, write and run nothing: each is refused at its line.

A course shared between schools is untrusted, templates included. Each payload
below (PayloadsAllTheThings / HackTricks Jinja2 style, plus the routes through
lessonpack's own context that were shown to work: pydantic's `parse_file` with
its pickle option, `model_fields` to the `str` class, `format`) is the third
line of a course template. Rendering it must stop with a LessonpackError at that
template's file and line 3, and:

- nothing read: a secret file outside the course, whose text must appear nowhere;
- nothing run: a pickle in the course (saved as `images/logo.png`) whose
  unpickling would create a marker file;
- nothing written: the command line writes no output file, exits 1, and shows
  no traceback.
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import root_path, run_cli
from lessonpack.context import build_context
from lessonpack.course import load_course
from lessonpack.errors import LessonpackError
from lessonpack.expand import TemplateSet, render

SECRET = "SECRET-c0ffee-4711"
"""The text of a file outside the course; if it shows up anywhere, a template read it."""

PAYLOADS = {
    # Python's object graph, straight and through Jinja's own helpers
    "str-class": "{{ ''.__class__ }}",
    "mro-subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "subclass-file-read": "{{ ''.__class__.__mro__[-1].__subclasses__()[40]('SECRET_PATH').read() }}",
    "list-base": "{{ [].__class__.__base__.__subclasses__() }}",
    "tuple-bases": "{% for c in ().__class__.__bases__[0].__subclasses__() %}{{ c }}{% endfor %}",
    "mro-method": "{{ lesson.title.__class__.mro()[1].__subclasses__() }}",
    "range-class": "{{ range.__class__ }}",
    "range-self": "{{ range.__self__.loader }}",
    "dict-class-method": "{{ dict.fromkeys(['a']) }}",
    "dict-mro": "{{ dict.mro() }}",
    "cycler": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "joiner": "{{ joiner.__init__.__globals__.os.environ }}",
    "namespace-globals": "{{ namespace.__init__.__globals__['__builtins__'] }}",
    "namespace-object": "{{ namespace(a=1).__init__.__globals__ }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "self-globals": "{{ self.__init__.__globals__.__builtins__.open('SECRET_PATH').read() }}",
    "self-context": "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read() }}",
    "self-printed": "{{ self }}",
    "request": "{{ request.application.__globals__.__builtins__.__import__('os').popen('id').read() }}",
    "config": "{{ config.__class__.__init__.__globals__['os'].popen('id').read() }}",
    "config-items": "{{ config.items() }}",
    # filters that look attributes up
    "attr-filter": "{{ ''|attr('__class__') }}",
    "attr-filter-escaped": "{{ (''|attr('\\x5f\\x5fclass\\x5f\\x5f'))|attr('\\x5f\\x5fmro\\x5f\\x5f') }}",
    "escaped-item": "{{ lesson['\\x5f\\x5fclass\\x5f\\x5f'] }}",
    "escaped-item-chain": "{{ ''['\\x5f\\x5fclass\\x5f\\x5f']['\\x5f\\x5fmro\\x5f\\x5f'] }}",
    "map-attribute": "{{ questions|map(attribute='__class__')|list|length }}",
    "map-attr-filter": "{{ range(3)|map('attr', '__class__')|list }}",
    "selectattr": "{{ questions|selectattr('__class__')|list|length }}",
    "rejectattr": "{{ questions|rejectattr('__init__.__globals__')|list|length }}",
    "groupby": "{{ questions|groupby('__class__')|length }}",
    "sort-attribute": "{{ questions|sort(attribute='__class__.__init__')|length }}",
    "sum-attribute": "{{ questions|sum(attribute='__class__') }}",
    "map-parse-file": "{{ questions|map(attribute='parse_file')|first }}",
    # format, format_map and % on strings and on classes
    "format": "{{ '{0.__class__.__mro__}'.format('') }}",
    "format-globals": "{{ '{0.__init__.__globals__}'.format(lesson) }}",
    "format-map": "{{ '{x.__class__}'.format_map({'x': lesson}) }}",
    "format-map-on-lesson": "{{ lesson.title.format_map(lesson) }}",
    "format-method-read": "{{ lesson.title.format }}",
    "format-filter-class": "{{ '%s'|format(''.__class__) }}",
    "percent-function": "{{ '%s' % dict }}",
    "percent-repr": "{{ '%r' % range }}",
    "format-through-fields": "{{ lesson.model_fields.title.annotation.format('{0.__init__.__globals__}', lesson) }}",
    # the models' own methods (the context used to hand templates pydantic models)
    "model-fields": "{{ lesson.model_fields }}",
    "parse-file": "{{ lesson.parse_file('SECRET_PATH') }}",
    "parse-file-pickle": "{{ lesson.parse_file('PICKLE_PATH', content_type='application/pickle', allow_pickle=True) }}",
    "parse-raw": "{{ course.parse_raw('{\"title\": \"x\"}') }}",
    "model-validate-json": "{{ lesson.model_validate_json('{\"title\": \"x\"}') }}",
    "construct": "{{ lesson.construct(title='x') }}",
    "schema-json": "{{ lesson.schema_json() }}",
    "copy": "{{ lesson.copy() }}",
    "dict-method": "{{ lesson.dict() }}",
    "json-method": "{{ lesson.json() }}",
    "question-method": "{{ questions[0].model_dump() }}",
    "timeline-event": "{{ timeline[0].model_json_schema() }}",
    "essay-method": "{{ essay.model_copy() }}",
    "mapping-copy": "{{ dict(a=1).copy() }}",
    "string-encode": "{{ lesson.title.encode() }}",
    "dict-mutation": "{{ student.update({'name': 'x'}) }}",
    "list-mutation": "{{ sources.append(1) }}",
    # loop, macros, caller and imports
    "loop-class": "{% for x in [1] %}{{ loop.__class__.__init__.__globals__ }}{% endfor %}",
    "loop-private": "{% for x in [1] %}{{ loop._iterator }}{% endfor %}",
    "loop-printed": "{% for x in [1] %}{{ loop }}{% endfor %}",
    "loop-cycle-self": "{% for x in [1] %}{{ loop.cycle.__self__ }}{% endfor %}",
    "macro-globals": "{% macro m() %}{% endmacro %}{{ m._func.__globals__ }}",
    "macro-printed": "{% macro m() %}{% endmacro %}{{ m }}",
    "caller-globals": "{% macro m() %}{{ caller.__init__ }}{% endmacro %}{% call m() %}x{% endcall %}",
    "import-dict": "{% import 'partials/kit.md.j2' as kit %}{{ kit.__dict__ }}",
    "import-macro-globals": "{% import 'partials/kit.md.j2' as kit %}{{ kit.hello.__globals__ }}",
    "import-private": "{% from 'partials/kit.md.j2' import _hidden %}{{ _hidden }}",
    "import-outside": "{% import '../../secret.json' as s %}{{ s }}",
    "include-absolute": "{% include 'SECRET_PATH' %}",
    # values that are not data never turn into text
    "method-printed": "{{ lesson.title.upper }}",
    "tilde-function": "{{ lesson.title ~ range }}",
    "string-filter": "{{ range|string }}",
    "join-filter": "{{ [dict]|join }}",
    "generator-frame": "{{ (questions|selectattr('marks')).gi_frame.f_globals }}",
}


class RunsCode:
    """Unpickling this object opens (and so creates) the marker file: proof that code ran."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A course whose templates/ holds one document kind per payload, a secret beside it and a pickle in it."""
    tmp = tmp_path_factory.mktemp("ssti")
    root = tmp / "course"
    shutil.copytree(root_path("rel-base"), root)
    secret = tmp / "secret.json"
    secret.write_text('{"title": "%s", "enquiry": "%s"}' % (SECRET, SECRET), encoding="utf-8")
    marker = tmp / "code-ran"
    (root / "images").mkdir()
    pickled = root / "images" / "logo.png"
    pickled.write_bytes(pickle.dumps(RunsCode(marker)))
    templates = root / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "kit.md.j2").write_text(
        "{% macro hello() %}hello{% endmacro %}{% macro _hidden() %}hidden{% endmacro %}\n", encoding="utf-8")
    for name, payload in PAYLOADS.items():
        body = payload.replace("SECRET_PATH", str(secret)).replace("PICKLE_PATH", str(pickled))
        (templates / f"{name}.md.j2").write_text(f"# {{{{ lesson.title }}}}\n\n{body}\n", encoding="utf-8")
    lesson = root / "lessons" / "01-soviet.yaml"
    data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
    data["documents"] = list(PAYLOADS)
    lesson.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root, secret, marker, pickled


def test_the_traps_are_live(hostile):
    """The secret is readable and the pickle runs code when unpickled: a template that reached them would show."""
    _, secret, marker, pickled = hostile
    assert SECRET in secret.read_text(encoding="utf-8")
    pickle.loads(pickled.read_bytes())
    assert marker.exists()
    marker.unlink()


@pytest.mark.parametrize("name", PAYLOADS)
def test_each_payload_is_refused_at_its_line_and_reads_and_runs_nothing(hostile, name):
    root, _, marker, _ = hostile
    marker.unlink(missing_ok=True)  # made by an earlier payload that failed already
    course = load_course(root)
    context = build_context(course, course.lessons[0], name).context
    with pytest.raises(LessonpackError) as info:
        render(TemplateSet(root / "templates"), name, context)
    error = info.value
    template = root / "templates" / f"{name}.md.j2"
    assert error.location is not None and error.location.file.resolve() == template.resolve(), error.render()
    assert error.location.line == 3, error.render()
    assert error.hint
    assert SECRET not in error.render()
    assert not marker.exists(), "the template ran code from the pickle"


def test_there_are_at_least_forty_payloads():
    assert len(PAYLOADS) >= 40


@pytest.mark.parametrize("command", ["build", "validate"])
def test_the_command_line_refuses_every_payload_and_writes_nothing(hostile, tmp_path, command):
    root, _, marker, _ = hostile
    marker.unlink(missing_ok=True)
    out = tmp_path / "out"
    args = [command, str(root)] + (["--out", str(out)] if command == "build" else [])
    result = run_cli(*args, cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    missing = [name for name in PAYLOADS if f"templates/{name}.md.j2:3:" not in result.stderr.replace(os.sep, "/")]
    assert missing == [], result.stderr[-3000:]
    assert SECRET not in result.stdout + result.stderr
    assert not marker.exists(), "the template ran code from the pickle"
    written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert written == []


def test_a_pickle_saved_as_the_logo_does_not_run_when_the_teacher_validates(tmp_path):
    """The attack as shown: `validate` on a shared course whose template unpickles images/logo.png."""
    root = tmp_path / "shared-course"
    shutil.copytree(root_path("rel-base"), root)
    marker = tmp_path / "code-ran"
    (root / "images").mkdir()
    (root / "images" / "logo.png").write_bytes(pickle.dumps(RunsCode(marker)))
    (root / "templates").mkdir()
    (root / "templates" / "worksheet.md.j2").write_text(
        "# {{ lesson.title }}\n\n"
        "{{ lesson.parse_file('images/logo.png', content_type='application/pickle', allow_pickle=True) }}\n",
        encoding="utf-8")
    result = run_cli("validate", ".", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "worksheet.md.j2:3:" in result.stderr, result.stderr
    assert not marker.exists(), "validate ran code from the pickle"
