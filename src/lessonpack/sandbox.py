"""A Jinja2 sandbox with limits, so that a shared template can neither escape nor hang a build.

Jinja's ImmutableSandboxedEnvironment refuses private attributes (`__class__`,
`_x`) and changing lists and dicts, but calls any other method it can reach, and
`str.format` reached through a class walks attributes unchecked. So templates
here get data, not objects, and an allow-list decides the rest:

- the context is `Record`s (read-only mappings), lists, text and numbers (see
  context.py), never a model or library object;
- attributes are read only on data and on Jinja's own `loop`, `self`, macros,
  imported templates and `namespace()` objects; a private attribute is refused
  where it is read;
- only `CALLABLE` may be called: macros and `caller()`, `loop(…)`,
  `loop.cycle`, `loop.changed`, blocks, `range`, `dict`, `namespace`, a fixed
  set of string methods, and `items/keys/values/get` of mappings; `format` and
  `format_map` are refused on anything;
- only data may be printed, joined, `%`-formatted or given to a filter, so a
  function or class never turns into text on the page.

A template from a colleague or the internet can still ask for `'A' * 10**9`,
loop 10**10 times or include itself. So on top of the sandbox:

- every loop step, call, filter, include and macro call counts against a budget
  of steps and seconds (the counting calls are added to the parsed template);
- operators and filters that can multiply text (`*`, `**`, `%`, `+`, `~`,
  `replace`, `indent`, `format`, widths like `center(10**9)`) are checked before
  they run, and every result after;
- includes and macro calls may nest only so deep;
- what a macro, `{% call %}` or `{% set %}` block prints is markup already (its
  values were escaped as they were printed), so it is returned as `markup` and
  not escaped a second time when printed; `~` and `+` escape the plain text
  they join to markup.

Going over a limit raises `LimitError`, a refusal `SecurityError`; expand.py
reports both with the template's file and line.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from typing import Any, Callable

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError

from .jinja_compat import (BlockReference, LoopContext, Macro, Namespace, SandboxHooks, passes_first_argument,
                           template_nesting)
from .template_counters import CONCAT, ENTER, STEP, Instrument, counter
from .template_data import READABLE, Record, describe, is_allowed_method, is_data

# A width or precision of a million or more in a %-format or {}-format: `%9999999s`, `{:>9999999}`.
_BIG_WIDTH = re.compile(r"%[-+ #0*]*(?:\d{7,}|\d*\.\d{7,})|\{[^{}]*:[^{}]*\d{7,}[^{}]*\}")
_FORMATS = ("format", "format_map", "%")


@dataclass(frozen=True)
class Limits:
    """How much one document's template may do; generous for any real lesson."""

    output: int = 5_000_000
    """Characters of markup a template may print (and the longest text it may build)."""
    steps: int = 1_000_000
    """Loop iterations, calls and filters, together."""
    seconds: float = 10.0
    """Wall-clock time for one document."""
    nesting: int = 50
    """Includes and macro calls inside one another."""
    range: int = 100_000
    """The longest range(…)."""


def _dict(*args: Any, **kwargs: Any) -> dict:
    """The template function `dict(a=1)`: a new mapping (not the class, whose methods stay out of reach)."""
    return dict(*args, **kwargs)


def _namespace(*args: Any, **kwargs: Any) -> Namespace:
    """The template function `namespace(n=0)`, for values set inside loops."""
    return Namespace(*args, **kwargs)


LIMITS = Limits()
HINT = ("templates have limits, so that a mistake or a hostile shared template cannot hang or fill the computer: "
        "{output:,} characters of output, {steps:,} steps, {seconds:g} seconds, {nesting} nested includes or "
        "macro calls; look for a loop or include that never ends")


class CallRefused(SecurityError):
    """A template called something that is not on the allow-list (its hint is CALLABLE)."""


class LimitError(jinja2.TemplateRuntimeError):
    """A template went over one of the sandbox's limits."""

    nesting = False
    """True when includes or calls nested too deep: the line to show is the include or call."""


class BoundedSandbox(SandboxHooks):
    """The immutable sandbox plus a step, time, size and nesting budget (one per document)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *, limits: Limits = LIMITS, filters: dict[str, Callable] | None = None,
                 markup: type[str] = str, escape: Callable[[str], str] = str, **options: Any):
        super().__init__(**options)
        self.limits, self.markup, self.escape = limits, markup, escape
        self.steps = 0
        self.deadline: float | None = None
        for name in ("lipsum", "cycler", "joiner"):  # no lesson needs them; `loop` cycles and joins
            self.globals.pop(name, None)
        self.functions = (self._range, _dict, _namespace)
        self.globals.update(zip(("range", "dict", "namespace"), self.functions))
        self.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": dict}  # |tojson of a Record
        self.filters.update(filters or {})
        self.filters.update({
            STEP: jinja2.pass_context(lambda context, _: self.step()),
            ENTER: jinja2.pass_context(lambda context, _: self.enter()),
            CONCAT: jinja2.pass_context(lambda context, items: self.tilde(items)),
        })
        self.filters = {name: self._bounded(name, f) for name, f in self.filters.items()}

    # ------------------------------------------------------------ budget

    def reset(self) -> None:
        """Start a new budget: one per document rendered (the environment itself is reused)."""
        self.steps, self.deadline = 0, None

    def step(self) -> str:
        """Count one step; stop when the template has done too much or taken too long."""
        self.steps += 1
        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + self.limits.seconds
        if self.steps > self.limits.steps:
            raise LimitError(f"the template did more than {self.limits.steps:,} steps (loops, calls and filters)")
        if now > self.deadline:
            raise LimitError(f"the template took more than {self.limits.seconds:g} seconds")
        return ""

    def enter(self) -> str:
        """At the start of every template and macro: refuse includes or calls nested too deep."""
        self.step()
        if template_nesting(self) > self.limits.nesting:
            error = LimitError(f"templates are included or called inside one another more than "
                               f"{self.limits.nesting} deep (does a template include itself, or a macro call itself?)")
            error.nesting = True
            raise error
        return ""

    def _range(self, *args: int) -> range:
        result = range(*args)
        if len(result) > self.limits.range:
            raise LimitError(f"range(…) of {len(result):,} numbers is too long (at most {self.limits.range:,})")
        return result

    # ------------------------------------------------------------ sizes

    def check_size(self, what: str, size: int) -> None:
        if size > self.limits.output:
            raise LimitError(f"{what} would make {size:,} characters or items (at most {self.limits.output:,})")

    def check_args(self, what: str, values: Any) -> None:
        """Numbers big enough to be widths or counts of millions are refused before anything runs."""
        for value in values:
            if isinstance(value, (tuple, list)) and len(value) < 100:
                self.check_args(what, value)
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > self.limits.output:
                shown = f"{value:,}" if abs(value) < 10**15 else f"{value:.3g}"
                raise LimitError(f"{what}: the number {shown} is too large")
            elif isinstance(value, str) and what in _FORMATS and _BIG_WIDTH.search(value):
                raise LimitError(f"{what}: the format asks for a width or precision that is too large")

    def check_result(self, what: str, value: Any) -> Any:
        if isinstance(value, (str, bytes, list, tuple, dict, set)):
            self.check_size(what, len(value))
        return value

    def estimate(self, what: str, args: tuple, kwargs: dict) -> None:
        """The size of text-multiplying string operations, worked out before they run."""
        text = next((a for a in args if isinstance(a, str)), None)
        if text is None:
            return
        rest = [a for a in args if a is not text]
        if what == "replace" and len(rest) >= 2 and isinstance(rest[0], str) and isinstance(rest[1], str):
            old, new = rest[0], rest[1]
            count = text.count(old) if old else len(text) + 1
            self.check_size("replace(…)", len(text) + count * max(0, len(new) - len(old)))
        elif what == "indent":
            width = kwargs.get("width", rest[0] if rest else 4)
            pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
            self.check_size("indent(…)", len(text) + pad * (text.count("\n") + 1))
        elif what == "expandtabs":
            size = kwargs.get("tabsize", rest[0] if rest else 8)
            self.check_size("expandtabs(…)", len(text) + (size if isinstance(size, int) else 8) * text.count("\t"))

    def check_data(self, what: str, values: Any) -> None:
        """Only data turns into text: a function, class or template object is refused, never printed."""
        for value in values:
            if not is_data(value):
                raise SecurityError(f"{what} was given {describe(value)}, which is not text, a number or a list")

    def _bounded(self, name: str, func: Callable) -> Callable:
        skip = 1 if passes_first_argument(func) else 0  # Jinja's context or environment

        @functools.wraps(func)  # keeps Jinja's pass_context markers
        def run(*args: Any, **kwargs: Any) -> Any:
            if name not in (STEP, ENTER):
                self.step()
                if name != CONCAT:  # `~` checks its items itself, to name them in its message
                    self.check_data(f"the filter {name}", (*args[skip:], *kwargs.values()))
                self.check_args(name, (*args, *kwargs.values()))
                self.estimate(name, args, kwargs)
            return self.check_result(f"the filter {name}", func(*args, **kwargs))

        return run

    def tilde(self, items: list) -> str:
        """`a ~ b`: like Jinja's own, but the length is checked before joining, and markup kept markup."""
        if any(item is None for item in items):  # would print "None" on the worksheet
            raise jinja2.TemplateRuntimeError("the template joined an empty value (None) with ~; "
                                              "wrap it in {% if … %}")
        self.check_data("joining text with ~", items)
        texts = [str(item) for item in items]
        self.check_size("joining text with ~", sum(map(len, texts)))
        return self.join_markup(items, texts)

    def join_markup(self, items: list, texts: list[str]) -> str:
        """Text joined to markup is escaped, and the whole is markup; otherwise plain text."""
        if self.markup is str or not any(isinstance(item, self.markup) for item in items):
            return "".join(texts)
        return self.markup("".join(t if isinstance(i, self.markup) else self.escape(t) for i, t in zip(items, texts)))

    def block_output(self, pieces: Any) -> str:
        """What a macro or block printed (Jinja's `concat`): markup already, within the size limit."""
        text = "".join(pieces)
        self.check_size("the output of a macro or block", len(text))
        return self.markup(text)

    # ------------------------------------------------------------ sandbox hooks

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        self.step()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                    self.check_size("multiplying text or a list", len(seq) * max(n, 0))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            if right * abs(left).bit_length() > 100_000:
                raise LimitError(f"{left} ** {right} is too large a number")
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            self.check_size("adding text or lists", len(left) + len(right))
            if isinstance(left, str) and isinstance(right, str):
                return self.join_markup([left, right], [left, right])
        elif operator == "%" and isinstance(left, str):
            self.check_data("the operator %", (right,))
            self.check_args("%", (left, right))
        return self.check_result(f"the operator {operator}", super().call_binop(context, operator, left, right))

    def callable_here(self, obj: Any) -> bool:
        """Whether a template may call obj: the allow-list (see CALLABLE)."""
        if isinstance(obj, (Macro, LoopContext, BlockReference)) or any(obj is f for f in self.functions):
            return True
        return is_allowed_method(obj)

    def checked_call(self, obj: Any, args: tuple, kwargs: dict, run: Callable[[], Any]) -> Any:
        name = getattr(obj, "__name__", "a call")
        self.step()
        if not isinstance(obj, jinja2.Undefined) and not self.callable_here(obj):  # Undefined says what is missing
            what = f"{name}(…)" if isinstance(name, str) and name.isidentifier() else describe(obj)
            raise CallRefused(f"{what} cannot be called in a template")
        if obj != self._range:  # which says how long a range may be itself
            self.check_args(name, (*args, *kwargs.values()))
        owner = getattr(obj, "__self__", None)  # a method of a string: how long would its text be?
        if isinstance(owner, str):
            self.check_args(name, (owner,))
            self.estimate(name, (owner, *args), kwargs)
        return self.check_result(f"{name}(…)", run())

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, READABLE) and super().is_safe_attribute(obj, attr, value)

    def refuse_attribute(self, obj: Any, attribute: str) -> jinja2.Undefined:
        """A private or internal attribute is refused where it is read, not when it is printed."""
        why = "names starting with _ are Python's own" if attribute.startswith("_") else f"of {describe(obj)}"
        raise SecurityError(f"a template may not read {attribute!r} ({why})")

    def refuse_format(self, value: Any) -> None:
        """`format` and `format_map` walk attributes unchecked (`{0.__init__.__globals__}`): refused on anything."""
        if getattr(value, "__name__", None) in ("format", "format_map") and callable(value):
            raise CallRefused(f"{value.__name__}(…) cannot be used in a template; join text with ~ "
                              "or use the format filter ('%s of %s' | format(a, b))")
        return None

    def read_attribute(self, obj: Any, attribute: str, look_up: Callable[[], Any]) -> Any:
        if attribute.startswith("_"):  # refused whether or not the object has it
            self.refuse_attribute(obj, attribute)
        return self._named(obj, attribute, look_up())

    def read_item(self, obj: Any, key: Any, look_up: Callable[[], Any]) -> Any:
        value = look_up()
        if isinstance(value, jinja2.Undefined) and isinstance(key, str) and key.startswith("_"):
            self.refuse_attribute(obj, key)  # not a key: `map(attribute='_x')` is refused like `._x`
        return self._named(obj, key, value)

    def _named(self, obj: Any, key: Any, value: Any) -> Any:
        """A missing key of a record names the record and the nearest key it has."""
        if isinstance(obj, Record) and isinstance(value, jinja2.Undefined):
            return self.undefined(hint=obj.missing(key), obj=obj, name=key)
        return value

    def instrument(self, tree: nodes.Template) -> nodes.Template:
        """Add the budget's counting calls to a parsed template."""
        tree = Instrument(self).visit(tree)
        tree.body.insert(0, counter(ENTER, 1, self))
        return tree
