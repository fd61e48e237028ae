"""Pinning tests for lessonpack.jinja_compat: one per entry, each failing with the entry's name.

These tests read Jinja2's private behaviour on purpose: their job is to fail loudly
when a Jinja2 upgrade changes what the sandbox and the template error messages rely
on. If one fails, read the entry's comment in src/lessonpack/jinja_compat.py and
adapt that entry (nothing else in lessonpack touches Jinja2's internals).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from lessonpack import jinja_compat as compat


def pinned(entry: str, condition: bool, what: str) -> None:
    assert condition, (f"jinja_compat entry {entry}: Jinja2 {jinja2.__version__} no longer {what}; "
                       f"see src/lessonpack/jinja_compat.py")


class Recording(compat.SandboxHooks):
    """The hooks, recording every call Jinja2 routes to them."""

    def __init__(self, **options):
        self.seen: list[tuple] = []
        super().__init__(**options)

    def instrument(self, tree):
        self.seen.append(("instrument", type(tree).__name__))
        return tree

    def checked_call(self, obj, args, kwargs, run):
        self.seen.append(("call", getattr(obj, "__name__", obj), args))
        return run()

    def read_attribute(self, obj, attribute, look_up):
        self.seen.append(("attribute", attribute))
        return look_up()

    def read_item(self, obj, key, look_up):
        self.seen.append(("item", key))
        return look_up()

    def refuse_attribute(self, obj, attribute):
        self.seen.append(("refused", attribute))
        return super().refuse_attribute(obj, attribute)

    def refuse_format(self, value):
        self.seen.append(("format", getattr(value, "__name__", "")))
        return super().refuse_format(value)

    def block_output(self, pieces):
        text = "".join(pieces)
        self.seen.append(("block", text))
        return text


def render(source: str, **context) -> tuple[str, list[tuple]]:
    env = Recording(loader=jinja2.DictLoader({"inc.j2": "[{{ x }}]"}))
    return env.from_string(source).render(**context), env.seen


def test_entry_helper_types():
    env = jinja2.Environment()
    captured = {}

    def keep(name, value):
        captured[name] = value
        return ""

    env.globals["keep"] = keep
    env.from_string("{% macro m() %}{% endmacro %}{% block b %}{% endblock %}"
                    "{% for i in [1] %}{{ keep('loop', loop) }}{% endfor %}{{ keep('macro', m) }}"
                    "{{ keep('self', self) }}{{ keep('block', self.b) }}{{ keep('ns', namespace()) }}").render()
    module = env.from_string("{% macro m() %}{% endmacro %}").module
    for name, cls in (("loop", compat.LoopContext), ("macro", compat.Macro), ("self", compat.TemplateReference),
                      ("block", compat.BlockReference), ("ns", compat.Namespace)):
        pinned("HELPER_TYPES", isinstance(captured.get(name), cls), f"gives templates `{name}` as {cls.__name__}")
    pinned("HELPER_TYPES", isinstance(module, compat.TemplateModule), "gives imported templates as TemplateModule")


def test_entry_template_path():
    pinned("TEMPLATE_PATH", compat.split_template_path("a/b/c.j2") == ["a", "b", "c.j2"],
           "splits template names with split_template_path")
    with pytest.raises(jinja2.TemplateNotFound):
        compat.split_template_path("../secret.j2")


def test_entry_parse():
    _, seen = render("{% include 'inc.j2' %}", x=1)
    pinned("PARSE", seen.count(("instrument", "Template")) == 2, "parses every template through Environment._parse")


def test_entry_call():
    _, seen = render("{{ 'a,b'.split(',') }}")
    pinned("CALL", ("call", "split", (",",)) in seen, "makes template calls through SandboxedEnvironment.call")


def test_entry_getattr():
    _, seen = render("{{ d.key }}", d={"key": 1})
    pinned("GETATTR", ("attribute", "key") in seen, "reads `a.b` through Environment.getattr")


def test_entry_getitem():
    _, seen = render("{{ d['key'] }}{{ [d] | map(attribute='key') | list }}", d={"key": 1})
    pinned("GETITEM", seen.count(("item", "key")) == 2,
           "reads `a[b]` and map(attribute=…) through Environment.getitem")


def test_entry_unsafe_undefined():
    _, seen = render("{{ f.__globals__ }}{{ s.mro }}", f=pinned, s=str)
    pinned("UNSAFE_UNDEFINED", ("refused", "__globals__") in seen and ("refused", "mro") in seen,
           "refuses an unsafe attribute by calling unsafe_undefined(obj, attribute)")


def test_entry_str_format():
    _, seen = render("{{ '{}'.format(1) }}")
    pinned("STR_FORMAT", ("format", "format") in seen, "asks wrap_str_format before calling str.format")


def test_entry_block_output():
    text, seen = render("{% macro m() %}in macro{% endmacro %}{{ m() }}{% set b %}in set{% endset %}{{ b }}")
    pinned("BLOCK_OUTPUT", ("block", "in macro") in seen and ("block", "in set") in seen,
           "joins macro and set-block output with environment.concat")
    pinned("BLOCK_OUTPUT", seen[-1] == ("block", text), "joins Template.render's output with environment.concat")


def test_entry_pass_arg():
    @jinja2.pass_context
    def with_context(context, value):
        return value

    @functools.wraps(with_context)
    def wrapper(*args):
        return with_context(*args)

    pinned("PASS_ARG", compat.passes_first_argument(with_context), "marks pass_context filters with jinja_pass_arg")
    pinned("PASS_ARG", compat.passes_first_argument(wrapper), "keeps the marker through functools.wraps")
    pinned("PASS_ARG", not compat.passes_first_argument(len), "leaves plain functions unmarked")
    env = jinja2.Environment()
    env.filters["echo"] = wrapper
    pinned("PASS_ARG", env.from_string("{{ 'x' | echo }}").render() == "x", "passes the context to a marked filter")


def test_entry_frame_globals():
    env = jinja2.Environment(loader=jinja2.DictLoader({"inc.j2": "{{ depth() }}"}))
    env.globals["depth"] = lambda: compat.template_nesting(env)
    pinned("FRAME_GLOBALS", env.from_string("{{ depth() }}").render() == "1",
           "runs template code with `environment` in its globals")
    pinned("FRAME_GLOBALS", env.from_string("{% include 'inc.j2' %}").render() == "2",
           "runs included template code with `environment` in its globals")


def files_env(folder: Path, **templates: str) -> jinja2.Environment:
    for name, text in templates.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder))


def test_entry_template_global(tmp_path):
    env = files_env(tmp_path, page_md_j2="\n\n{{ here() }}")
    def here() -> str:
        frame = sys._getframe(1)
        while frame is not None and compat.frame_template_line(frame, frame.f_lineno) is None:
            frame = frame.f_back
        return str(frame and compat.frame_template_line(frame, frame.f_lineno))

    env.globals["here"] = here
    found = env.get_template("page.md.j2").render()
    pinned("TEMPLATE_GLOBAL", found == "\n\n" + str((tmp_path / "page.md.j2", 3)),
           f"keeps __jinja_template__ in the globals of template code to map its lines (found {found!r})")


def test_entry_traceback(tmp_path):
    env = files_env(tmp_path, outer_md_j2="one\n{% include 'inner.j2' %}", inner_j2="a\nb\n{{ 1 // 0 }}")
    with pytest.raises(ZeroDivisionError) as caught:
        env.get_template("outer.md.j2").render()
    lines = compat.traceback_template_lines(caught.value.__traceback__)
    pinned("TRACEBACK", lines == [(tmp_path / "outer.md.j2", 2), (tmp_path / "inner.j2", 3)],
           f"rewrites template frames in tracebacks as expected (found {lines})")


def test_entry_generate_frames(tmp_path):
    env = files_env(tmp_path, page_md_j2="top\n{% for i in range(3) %}{{ i }}{% endfor %}")
    stream = env.get_template("page.md.j2").generate()
    pieces = [next(stream) for _ in range(3)]
    position = compat.stream_position(stream)
    stream.close()
    pinned("GENERATE_FRAMES", pieces[0] == "top\n" and position == (tmp_path / "page.md.j2", 2),
           f"lets a paused generate() stream show its innermost template line (found {position})")


def test_entry_filter_node():
    env = jinja2.Environment()
    env.filters["shout"] = lambda value: str(value).upper() + "!"
    tree = env.parse("{{ 'x' }}")
    tree.body.append(nodes.Output([compat.filter_call(nodes.Const("hi"), "shout", 1, env)], lineno=1))
    code = env.compile(tree)
    pinned("FILTER_NODE", env.template_class.from_code(env, code, {}).render() == "xHI!",
           "builds a filter call from nodes.Filter(node, name, args, kwargs, dyn_args, dyn_kwargs)")
