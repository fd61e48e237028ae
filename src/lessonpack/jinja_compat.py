"""Everything lessonpack relies on in Jinja2 beyond its documented API, in one place.

The sandbox (sandbox.py) and template errors (expand.py) need a few things Jinja2
does not promise: private methods to override, attributes of compiled template
code, the layout of its tracebacks. Each entry below says what it relies on; each
has a test in tests/test_compat_jinja.py that fails, naming the entry, if a Jinja2
release changes it. Tested with Jinja2 3.1 (3.1.6); pyproject.toml allows >=3.1,<4.

Documented extension points (SandboxedEnvironment.is_safe_attribute, call_binop,
intercepted_binops, Environment.policies, filters, globals, nodes, Extension) are
used directly where they are needed, not through this module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

# ------------------------------------------------------------ the helper objects templates receive

# Entry HELPER_TYPES. Relies on: the classes of `loop`, macros, `self`, `self.<block>`,
# `{% import %}`ed templates and `namespace()` living at these undocumented import paths.
from jinja2.environment import TemplateModule
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference
from jinja2.utils import Namespace

# Entry TEMPLATE_PATH. Relies on: jinja2.loaders.split_template_path (undocumented) splitting
# "a/b.j2" into ["a", "b.j2"] and raising TemplateNotFound for ".." pieces.
from jinja2.loaders import split_template_path


__all__ = ["BlockReference", "LoopContext", "Macro", "Namespace", "SandboxHooks", "TemplateModule",
           "TemplateReference", "filter_call", "frame_template_line", "passes_first_argument",
           "split_template_path", "stream_position", "template_nesting", "traceback_template_lines"]


class SandboxHooks(ImmutableSandboxedEnvironment):
    """The immutable sandbox with its undocumented methods routed to plain, documented-here hooks.

    A subclass overrides the hooks (instrument, checked_call, read_attribute,
    read_item, refuse_attribute, refuse_format, block_output); the Jinja2 method
    names stay in this class only.
    """

    def __init__(self, **options: Any):
        super().__init__(**options)
        # Entry BLOCK_OUTPUT. Relies on: compiled templates joining what a macro, `{% call %}`
        # or `{% set %}` block printed (and Template.render its whole output) with
        # `environment.concat`, a plain attribute that an instance may replace.
        self.concat = self.block_output  # type: ignore[assignment]

    # -------- hooks, for a subclass

    def instrument(self, tree: nodes.Template) -> nodes.Template:
        return tree

    def checked_call(self, obj: Any, args: tuple, kwargs: dict, run: Callable[[], Any]) -> Any:
        return run()

    def read_attribute(self, obj: Any, attribute: str, look_up: Callable[[], Any]) -> Any:
        return look_up()

    def read_item(self, obj: Any, key: Any, look_up: Callable[[], Any]) -> Any:
        return look_up()

    def refuse_attribute(self, obj: Any, attribute: str) -> jinja2.Undefined:
        return super().unsafe_undefined(obj, attribute)

    def refuse_format(self, value: Any) -> Callable[..., str] | None:
        return super().wrap_str_format(value)

    def block_output(self, pieces: Any) -> str:
        return "".join(pieces)

    # -------- Jinja2's undocumented methods

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # Entry PARSE. Relies on: Environment._parse(source, name, filename) being called for
        # every template compiled (get_template, from_string, includes) and returning its tree.
        return self.instrument(super()._parse(source, name, filename))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        # Entry CALL. Relies on: sandboxed templates making every call `f(…)` through
        # SandboxedEnvironment.call(context, f, *args, **kwargs) (its signature is not documented).
        def run() -> Any:
            return super(SandboxHooks, __self).call(__context, __obj, *args, **kwargs)

        return __self.checked_call(__obj, args, kwargs, run)

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Entry GETATTR. Relies on: `a.b` compiling to environment.getattr(a, "b").
        return self.read_attribute(obj, attribute, lambda: super(SandboxHooks, self).getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        # Entry GETITEM. Relies on: `a[b]`, and filters reading `attribute='x'`, going through
        # environment.getitem(a, b).
        return self.read_item(obj, argument, lambda: super(SandboxHooks, self).getitem(obj, argument))

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        # Entry UNSAFE_UNDEFINED. Relies on: the sandbox calling unsafe_undefined(obj, attribute)
        # when is_safe_attribute refuses a read.
        return self.refuse_attribute(obj, attribute)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # Entry STR_FORMAT. Relies on: the sandbox calling wrap_str_format(f) before calling any
        # f, so that `str.format` and `format_map` can be refused.
        return self.refuse_format(value)


# ------------------------------------------------------------ compiled templates and their frames

def passes_first_argument(func: Callable) -> bool:
    """Whether Jinja2 passes a context, eval context or environment before a filter's own arguments.

    Entry PASS_ARG. Relies on: pass_context / pass_eval_context / pass_environment marking the
    function with a `jinja_pass_arg` attribute, which functools.wraps copies to a wrapper.
    """
    return getattr(func, "jinja_pass_arg", None) is not None


def template_nesting(env: jinja2.Environment) -> int:
    """How many frames of this environment's compiled template code are running (includes, macros).

    Entry FRAME_GLOBALS. Relies on: compiled template code running with module globals in which
    `environment` is the environment that compiled it.
    """
    depth, frame = 0, sys._getframe(1)
    while frame is not None:
        depth += frame.f_globals.get("environment") is env
        frame = frame.f_back
    return depth


def frame_template_line(frame: FrameType, lineno: int) -> tuple[Path, int] | None:
    """The template file and line a frame of compiled template code is at, or None for other frames.

    Entry TEMPLATE_GLOBAL. Relies on: compiled template code having `__jinja_template__` (its
    Template) in its globals, and Template.get_corresponding_lineno mapping a code line to a
    template line.
    """
    template = frame.f_globals.get("__jinja_template__")
    if template is None or not template.filename:
        return None
    return Path(template.filename), template.get_corresponding_lineno(lineno)


def traceback_template_lines(tb: TracebackType | None) -> list[tuple[Path, int]]:
    """The template file and line of every template frame in a traceback, outermost first.

    Entry TRACEBACK. Relies on: Jinja2 rewriting the traceback of an error raised while rendering
    so that template frames have the template's file name (ending .j2 here) as their code's
    file name, and their line numbers already mapped (or `__jinja_template__` to map them).
    """
    found = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2"):
            template = tb.tb_frame.f_globals.get("__jinja_template__")
            line = template.get_corresponding_lineno(tb.tb_lineno) if template else tb.tb_lineno
            found.append((Path(code.co_filename), line))
        tb = tb.tb_next
    return found


def stream_position(stream: Any) -> tuple[Path | None, int]:
    """The template file and line a paused Template.generate() stream is printing from.

    Entry GENERATE_FRAMES. Relies on: Template.generate being a generator that delegates
    (`yield from`) to the compiled root render function; the innermost delegated stream that
    is template code wins (Jinja 3.1 runs an include in a loop, so that is the include's line).
    """
    found: tuple[Path | None, int] = (None, 0)
    while stream is not None and getattr(stream, "gi_frame", None) is not None:
        where = frame_template_line(stream.gi_frame, stream.gi_frame.f_lineno)
        if where is not None:
            found = where
        stream = getattr(stream, "gi_yieldfrom", None)
    return found


def filter_call(value: nodes.Expr, name: str, lineno: int, env: jinja2.Environment) -> nodes.Filter:
    """The expression `value | name` as a node, to add to a parsed template.

    Entry FILTER_NODE. Relies on: nodes.Filter's fields being (node, name, args, kwargs,
    dyn_args, dyn_kwargs), and a node made after parsing needing its environment set.
    """
    return nodes.Filter(value, name, [], [], None, None, lineno=lineno, environment=env)
