"""Read YAML the way a teacher typed it: safe, located, no surprises.

This module parses (PyYAML, with libyaml when it can) within limits of size and
depth and words syntax errors for a teacher; yamltree.py turns the parsed nodes
into plain data with the line and column of every value.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import Node, ScalarNode

from .errors import LessonpackError, Location
from .yaml_kept import NOT_TEXT_HINT as _NOT_TEXT_HINT
from .yaml_kept import read_text as _read
from .yamltree import (MAX_DEPTH, MAX_VALUES, MERGE_TAG, NULL_TAG, DocumentBuilder, YamlDocument, at_mark,
                       too_deep)

# What PyYAML's reader refuses (plus NEL, U+2028/9, which it would count as line breaks): every
# character outside tab, line ends, printable ASCII, U+00A0-U+2027, U+202A-U+D7FF, U+E000-U+FFFD and
# the astral planes. Listed as the characters refused, not as "none of" those allowed: the same set,
# compiled in half a millisecond instead of eight at every start (tests/test_reliability_yaml.py).
_SHIELD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_EMPTY_HINT = "start from one of the example lessons: copy it and change the text"
_SYNTAX_HINT = "check the quotes, colons and indentation on this line and the one above"


def load_yaml(file: Path, text: str | None = None, within: Path | None = None) -> YamlDocument:
    """Parse one lesson file (read from disk unless `text` is given) into a YamlDocument.

    With `within` (the course folder), a file that leads outside it is refused unread."""
    file = Path(file)
    text = _read(file, within) if text is None else text
    if "\x00" in text:
        raise _not_text(file, text.count("\n", 0, text.index("\x00")) + 1)
    text, restore = _shield(text.removeprefix("\ufeff"))
    lines = _LINE_SPLIT.split(text)
    # libyaml accepts tabs where PyYAML refuses them; PyYAML's rules are the ones we explain.
    root = _compose_with_libyaml(text, file) if _FastLoader and "\t" not in text else None
    if root is None:
        loader = _Loader(text, file)
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _translate(exc, file, lines) from None
        except yaml.YAMLError as exc:
            raise LessonpackError(f"YAML could not read the file: {exc}", Location(file), _SYNTAX_HINT) from None
        finally:
            loader.dispose()
    if root is None or (isinstance(root, ScalarNode) and root.tag == NULL_TAG):
        raise LessonpackError("the file is empty", Location(file), _EMPTY_HINT)
    return DocumentBuilder(file, lines, restore).build(root)


def _not_text(file: Path, line: int) -> LessonpackError:
    return LessonpackError("this is not a text file (it contains NUL bytes)", Location(file, line), _NOT_TEXT_HINT)


def _shield(text: str) -> tuple[str, dict[int, str]]:
    """Swap characters PyYAML refuses for unused private-use ones, so clean_text can fix them later."""
    found = set(_SHIELD.findall(text))
    if not found:
        return text, {}
    used = set(text)
    spare = (chr(c) for c in range(0x10FFFD, 0xF0000, -1) if chr(c) not in used)
    swap = {ch: next(spare) for ch in sorted(found)}
    return text.translate({ord(k): v for k, v in swap.items()}), {ord(v): k for k, v in swap.items()}


class _Loader(yaml.SafeLoader):
    """SafeLoader that resolves only nulls and merge keys, and stops runaway nesting early."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, text: str, file: Path):
        super().__init__(text)
        self.limits = _Limits(file)

    def get_event(self):
        # Counted as the composer pulls events, so depth is refused before it can recurse.
        return self.limits.check(super().get_event())


class _Limits:
    """Refuses a file with too many values or too deep nesting, event by event."""

    def __init__(self, file: Path):
        self.file, self.depth, self.count = file, 0, 0

    def check(self, event):
        if isinstance(event, (ScalarEvent, CollectionStartEvent)):
            self.count += 1
            if self.count > MAX_VALUES:
                raise LessonpackError(f"the file has more than {MAX_VALUES} values",
                                      at_mark(self.file, event.start_mark),
                                      "split the lesson into several smaller files")
        if isinstance(event, CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise too_deep(self.file, event.start_mark)
        elif isinstance(event, CollectionEndEvent):
            self.depth -= 1
        return event


_Loader.add_implicit_resolver(NULL_TAG, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver(MERGE_TAG, re.compile(r"^<<$"), ["<"])

if yaml.__with_libyaml__:
    class _FastLoader(yaml.CSafeLoader):
        """libyaml's parser and composer (C, about ten times faster), with _Loader's resolvers."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
else:  # PyYAML built without libyaml: the pure-Python loader does everything
    _FastLoader = None


def _compose_with_libyaml(text: str, file: Path) -> Node | None:
    """The node graph, composed in C; None if the file does not parse (or libyaml is missing).

    Size and depth are checked on libyaml's events first, since its composer recurses
    in C. A file that does not parse goes to the pure-Python loader, whose error
    wording `_translate` knows."""
    try:
        events, limits = _FastLoader(text), _Limits(file)
        try:
            while not events.check_event(yaml.StreamEndEvent):
                limits.check(events.get_event())
        finally:
            events.dispose()
        loader = _FastLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None


_VALUE_START = re.compile(r"""^(\s*)(?:-\s+|[^\s#"'][^#"']*?:\s+)(?=["'])""")
_ENTRY_START = re.compile(r"^(\s*)(?:-(?:\s|$)|[^\s#][^:#]*:(?:\s|$))")


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """(line, column) of the nearest quote above line `upto` that a value opens and never closes.

    PyYAML reads on to the next quote character and reports the error lines later,
    usually as bad indentation; the opening quote is what the teacher must fix. A value
    counts only if the next line starts a new key or item, as it does when a closing
    quote was forgotten (a quoted value meant to run over lines indents its next line)."""
    for row in range(min(upto, len(lines) - 1) - 1, -1, -1):
        start = _VALUE_START.match(lines[row])
        if not start or _closes(lines[row], start.end()) is not None:
            continue
        following = next((line for line in lines[row + 1:] if line.strip()), "")
        entry = _ENTRY_START.match(following)
        if entry and len(entry.group(1)) <= len(start.group(1)):
            return row, start.end()
    return None


def _closed_early(line: str) -> int | None:
    """Column of the quote that closes a quoted value while text follows it on the line, if any."""
    start = _VALUE_START.match(line)
    end = _closes(line, start.end()) if start else None
    rest = line[end + 1:].strip() if end is not None else ""
    return end if rest and not rest.startswith("#") else None


def _closes(line: str, at: int) -> int | None:
    """Column where the quoted value opening at `at` closes on this line (YAML's escapes: \\" and '')."""
    quote, i = line[at], at + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            if quote == "'" and line[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _translate(exc: yaml.MarkedYAMLError, file: Path, lines: list[str]) -> LessonpackError:
    """Turn PyYAML's parser wording into a message a teacher can act on."""
    problem, context = exc.problem or exc.context or "YAML could not read this", exc.context or ""
    mark, opened = exc.problem_mark or exc.context_mark, exc.context_mark
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "'\\t'" in problem:
        lead = len(line) - len(line.lstrip(" \t-?"))
        if "\t" in line[:lead]:
            return LessonpackError("YAML does not allow tab characters for indentation; use spaces",
                                   Location(file, mark.line + 1, line.index("\t") + 1),
                                   "replace the tab with spaces (set your editor to indent with spaces)")
        return LessonpackError("YAML does not allow a tab character here; use spaces", at_mark(file, mark),
                               "replace the tab with a space")
    if "quoted scalar" in context and "end of stream" in problem and opened:
        quote = lines[opened.line][opened.column]
        return LessonpackError(f"the quote {quote} opened here is never closed", at_mark(file, opened),
                               f"add the closing {quote} at the end of the value")
    if mark and (early := _closed_early(line)) is not None:
        quote = line[early]
        inside = "write it twice ('')" if quote == "'" else 'write it as \\"'
        return LessonpackError(f"the quote {quote} here ends the quoted value, and the rest of the line is left over",
                               Location(file, mark.line + 1, early + 1),
                               f"to use {quote} inside the text, {inside}, or put the value in the other kind "
                               "of quotes")
    if mark and (unclosed := _unclosed_quote(lines, mark.line)):
        row, column = unclosed
        quote = lines[row][column]
        return LessonpackError(f"the quote {quote} opened here is not closed on its line, so the lines below "
                               "were read as part of this value", Location(file, row + 1, column + 1),
                               f"add the closing {quote} at the end of this value")
    if context.startswith("while parsing a flow ") and opened:
        pair = "[]" if "sequence" in context else "{}"
        where = "" if "<stream end>" in problem else f" before line {mark.line + 1}"
        hint = f'add the closing "{pair[1]}", or put the whole value in quotes if "{pair[0]}" is part of the text'
        if " #" in lines[opened.line][opened.column:]:
            hint += '; note that " #" starts a comment, so quote any item that contains it'
        return LessonpackError(f'the "{pair[0]}" opened here is not closed{where}', at_mark(file, opened), hint)
    if problem == "mapping values are not allowed here":
        if re.search(r":(\s|$)", line[: mark.column]):
            return LessonpackError("this value contains a colon followed by a space, which YAML reads as a key",
                                   at_mark(file, mark),
                                   'put the whole value in quotes, e.g. title: "Rome: the republic"')
        return LessonpackError("this line is read as part of the value above, so its colon is not allowed",
                               at_mark(file, mark), "check the indentation: keys of one mapping start in the same "
                               "column; or the line above is missing its colon")
    if "expected <block end>" in problem:
        return LessonpackError("this line's indentation does not match the lines above", at_mark(file, mark),
                               "entries of the same list or mapping must start in the same column")
    if "unknown escape character" in problem:
        return LessonpackError(f"{problem} in a double-quoted value", at_mark(file, mark),
                               'inside "double quotes" a backslash starts an escape; use single quotes, '
                               "or write \\\\ for one backslash")
    if "single document" in context:
        return LessonpackError("the file contains more than one YAML document", at_mark(file, mark),
                               'a lesson file holds one document: remove the extra "---" line or split the file')
    if "duplicate anchor" in context:
        first = f" (first defined on line {opened.line + 1})" if opened else ""
        return LessonpackError(context.split(";")[0].replace("found ", "") + first, at_mark(file, mark),
                               "give each anchor (&name) a different name")
    if alias := re.fullmatch(r"found undefined alias '(.*)'", problem):
        name = alias.group(1)
        return LessonpackError(f"alias *{name} is used but no anchor &{name} is defined before it",
                               at_mark(file, mark), f"define &{name} above this line, or check the spelling")
    hint = "put the value in quotes" if "cannot start any token" in problem else _SYNTAX_HINT
    return LessonpackError(problem, at_mark(file, mark), hint)
