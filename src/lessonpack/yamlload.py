"""Read YAML the way a teacher typed it: safe, located, no surprises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml
from yaml.events import CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import LessonpackError, Location
from .inputs import decode_text, read_input
from .text import INVISIBLE_HINT, clean_text

MAX_VALUES = 100_000
MAX_DEPTH = 64

_Y = "tag:yaml.org,2002:"
_STR, _NULL, _MERGE, _SEQ, _MAP = (_Y + t for t in ("str", "null", "merge", "seq", "map"))
# Standard scalar tags are accepted but, like untagged values, read as the text typed.
_SCALAR_TAGS = {_STR, _NULL, _MERGE, _Y + "int", _Y + "float", _Y + "bool", _Y + "timestamp"}
# What PyYAML's reader refuses (plus NEL, U+2028/9, which it would count as line breaks).
_SHIELD = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_COMMENT = re.compile(r"[ \t]+(#.*)$")
_EMPTY_HINT = "start from one of the example lessons: copy it and change the text"
_NOT_TEXT_HINT = "a lesson must be a plain-text .yaml file, not a Word document, PDF or image"
_SYNTAX_HINT = "check the quotes, colons and indentation on this line and the one above"


@dataclass(frozen=True)
class YamlDocument:
    """Plain data from one YAML file, plus where every value came from, for located errors."""

    data: Any
    file: Path
    positions: Mapping[tuple, tuple[int, int]]
    warnings: tuple[LessonpackError, ...] = ()
    key_positions: Mapping[tuple, tuple[int, int]] = field(default_factory=dict, repr=False)

    def location(self, path: Sequence[str | int]) -> Location:
        """Where the value at `path` was typed, or its nearest known parent."""
        path = tuple(path)
        while path not in self.positions:
            if not path:
                return Location(self.file)
            path = path[:-1]
        return Location(self.file, *self.positions[path])

    def key_location(self, path: Sequence[str | int]) -> Location:
        """Where the key itself was typed, for "unknown key" errors."""
        pos = self.key_positions.get(tuple(path))
        return Location(self.file, *pos) if pos else self.location(path)


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
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL):
        raise LessonpackError("the file is empty", Location(file), _EMPTY_HINT)
    return _Builder(file, lines, restore).build(root)


def _read(file: Path, within: Path | None) -> str:
    """The file's text: a regular file (inside `within`, if given), UTF-8, else a located refusal."""
    return decode_text(read_input(file, within=within), file, _NOT_TEXT_HINT)


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
                raise LessonpackError(f"the file has more than {MAX_VALUES} values", _at(self.file, event.start_mark),
                                      "split the lesson into several smaller files")
        if isinstance(event, CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _too_deep(self.file, event.start_mark)
        elif isinstance(event, CollectionEndEvent):
            self.depth -= 1
        return event


_Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver(_MERGE, re.compile(r"^<<$"), ["<"])

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


def _at(file: Path, mark) -> Location:
    return Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)


def _too_deep(file: Path, mark) -> LessonpackError:
    return LessonpackError(f"the data is nested more than {MAX_DEPTH} levels deep", _at(file, mark),
                           "lessons never need this much nesting; look for brackets opened but never closed")


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
        return LessonpackError("YAML does not allow a tab character here; use spaces", _at(file, mark),
                               "replace the tab with a space")
    if "quoted scalar" in context and "end of stream" in problem and opened:
        quote = lines[opened.line][opened.column]
        return LessonpackError(f"the quote {quote} opened here is never closed", _at(file, opened),
                               f"add the closing {quote} at the end of the value")
    if context.startswith("while parsing a flow ") and opened:
        pair = "[]" if "sequence" in context else "{}"
        where = "" if "<stream end>" in problem else f" before line {mark.line + 1}"
        hint = f'add the closing "{pair[1]}", or put the whole value in quotes if "{pair[0]}" is part of the text'
        if " #" in lines[opened.line][opened.column:]:
            hint += '; note that " #" starts a comment, so quote any item that contains it'
        return LessonpackError(f'the "{pair[0]}" opened here is not closed{where}', _at(file, opened), hint)
    if problem == "mapping values are not allowed here":
        if re.search(r":(\s|$)", line[: mark.column]):
            return LessonpackError("this value contains a colon followed by a space, which YAML reads as a key",
                                   _at(file, mark), 'put the whole value in quotes, e.g. title: "Rome: the republic"')
        return LessonpackError("this line is read as part of the value above, so its colon is not allowed",
                               _at(file, mark), "check the indentation: keys of one mapping start in the same "
                               "column; or the line above is missing its colon")
    if "expected <block end>" in problem:
        return LessonpackError("this line's indentation does not match the lines above", _at(file, mark),
                               "entries of the same list or mapping must start in the same column")
    if "unknown escape character" in problem:
        return LessonpackError(f"{problem} in a double-quoted value", _at(file, mark),
                               'inside "double quotes" a backslash starts an escape; use single quotes, '
                               "or write \\\\ for one backslash")
    if "single document" in context:
        return LessonpackError("the file contains more than one YAML document", _at(file, mark),
                               'a lesson file holds one document: remove the extra "---" line or split the file')
    if "duplicate anchor" in context:
        first = f" (first defined on line {opened.line + 1})" if opened else ""
        return LessonpackError(context.split(";")[0].replace("found ", "") + first, _at(file, mark),
                               "give each anchor (&name) a different name")
    if alias := re.fullmatch(r"found undefined alias '(.*)'", problem):
        name = alias.group(1)
        return LessonpackError(f"alias *{name} is used but no anchor &{name} is defined before it",
                               _at(file, mark), f"define &{name} above this line, or check the spelling")
    hint = "put the value in quotes" if "cannot start any token" in problem else _SYNTAX_HINT
    return LessonpackError(problem, _at(file, mark), hint)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, SequenceNode) else []


class _Builder:
    """Turns a composed node graph into plain dicts, lists and strings, without recursion."""

    def __init__(self, file: Path, lines: list[str], restore: dict[int, str]):
        self.file, self.lines, self.restore = file, lines, restore
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.key_positions: dict[tuple, tuple[int, int]] = {}
        self.warnings: list[LessonpackError] = []
        self.strings: dict[int, str] = {}  # per node, so an aliased string is cleaned and warned once

    def error(self, message: str, node: Node, hint: str) -> LessonpackError:
        return LessonpackError(message, _at(self.file, node.start_mark), hint)

    def build(self, root: Node) -> YamlDocument:
        self.measure(root)
        box: list[Any] = [None]
        stack: list[tuple[Node, tuple, Any, Any]] = [(root, (), box, 0)]
        while stack:
            node, path, parent, slot = stack.pop()
            self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            if isinstance(node, ScalarNode):
                self.check_tag(node, _SCALAR_TAGS)
                parent[slot] = None if node.tag == _NULL else self.string(node)
            elif isinstance(node, SequenceNode):
                self.check_tag(node, {_SEQ})
                parent[slot] = items = [None] * len(node.value)
                stack.extend((child, path + (i,), items, i) for i, child in reversed(list(enumerate(node.value))))
            else:
                parent[slot] = mapping = {}
                entries = self.entries(node)
                for key, knode, _ in entries:
                    mapping[key] = None
                    self.key_positions[path + (key,)] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
                stack.extend((vnode, path + (key,), mapping, key) for key, _, vnode in reversed(entries))
        return YamlDocument(box[0], self.file, self.positions, tuple(self.warnings), self.key_positions)

    def measure(self, root: Node) -> None:
        """Refuse alias loops, alias bombs and alias-built depth before building anything."""
        size: dict[int, int] = {}
        depth: dict[int, int] = {}
        active: set[int] = set()
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            key, kids = id(node), _children(node)
            if done:
                active.discard(key)
                size[key] = 1 + sum(size[id(k)] for k in kids)
                depth[key] = 0 if isinstance(node, ScalarNode) else 1 + max((depth[id(k)] for k in kids), default=0)
                if size[key] > MAX_VALUES:
                    raise self.error(f"the file expands to more than {MAX_VALUES} values "
                                     "(anchors and aliases used as a bomb?)", node,
                                     "use fewer aliases (*name); copy the text where it is needed instead")
                if depth[key] > MAX_DEPTH:
                    raise _too_deep(self.file, node.start_mark)
            elif key in active:
                raise self.error("an alias (*name) is used inside the very anchor (&name) it refers to",
                                 node, "an alias cannot point to a list or mapping that contains it")
            elif key not in size:
                active.add(key)
                stack.append((node, True))
                stack.extend((k, False) for k in kids)

    def entries(self, node: MappingNode) -> list[tuple[str, Node, Node]]:
        """Keys and values of a mapping with `<<` merges applied: own keys win, then merges in order."""
        found: dict[str, tuple[Node, Node]] = {}
        stack, seen = [node], set()
        while stack:
            mapping = stack.pop()
            if id(mapping) in seen:
                continue
            seen.add(id(mapping))
            self.check_tag(mapping, {_MAP})
            first: dict[str, Node] = {}
            sources: list[Node] = []
            for knode, vnode in mapping.value:
                merge = isinstance(knode, ScalarNode) and knode.tag == _MERGE
                key = "<<" if merge else self.key(knode)
                if key in first:
                    raise self.error(f'duplicate key "{key}" (first defined on line {first[key].start_mark.line + 1})',
                                     knode, "YAML keeps only the last one; delete or rename one of them")
                first[key] = knode
                if merge:
                    sources.extend(self.merge_sources(vnode))
                else:
                    found.setdefault(key, (knode, vnode))
            stack.extend(reversed(sources))
        return [(key, knode, vnode) for key, (knode, vnode) in found.items()]

    def merge_sources(self, node: Node) -> list[Node]:
        items = node.value if isinstance(node, SequenceNode) else [node]
        if not all(isinstance(item, MappingNode) for item in items):
            raise self.error('"<<" must be followed by a mapping or a list of mappings', node,
                             "write it like  <<: *defaults  where &defaults names a mapping")
        return list(items)

    def key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise self.error("a key must be plain text, not a list or mapping", node,
                             "remove the brackets around the key, or put the whole key in quotes")
        self.check_tag(node, _SCALAR_TAGS)
        if node.value == "" and not node.style:
            raise self.error("a key is missing before the colon", node, "write a name before the colon")
        return self.string(node)

    def check_tag(self, node: Node, allowed: set[str]) -> None:
        if node.tag not in allowed:
            raise self.error(f"tag {node.tag.replace(_Y, '!!')} is not allowed", node,
                             "remove the tag: lesson files hold plain text, lists and mappings only")

    def string(self, node: ScalarNode) -> str:
        """The node's text, cleaned; warnings are recorded once per node at its location."""
        if id(node) not in self.strings:
            value, notes = clean_text(node.value.translate(self.restore) if self.restore else node.value)
            where = _at(self.file, node.start_mark)
            self.warnings.extend(LessonpackError(note, where, INVISIBLE_HINT) for note in notes)
            if not node.style:  # plain (None from PyYAML's composer, "" from libyaml's)
                self.check_comment(node, where)
            self.strings[id(node)] = value
        return self.strings[id(node)]

    def check_comment(self, node: ScalarNode, where: Location) -> None:
        """Warn when a ` #` probably cut a value short, e.g. `title: C# basics #1`."""
        end = node.end_mark
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        match = _COMMENT.match(rest)
        if not match:
            return
        comment = match.group(1).rstrip()
        if "#" in node.value or comment[1:2] not in ("", " ", "\t", "#"):
            shown = comment if len(comment) <= 40 else comment[:37] + "..."
            self.warnings.append(LessonpackError('text after " #" was read as a comment', where,
                                                 f'put the whole value in quotes if "{shown}" belongs to it'))
