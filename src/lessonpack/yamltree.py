"""From PyYAML's node graph to plain data, with the line and column of every value and key.

Every value is read as the text typed (no YAML booleans, numbers or dates), merge
keys are followed, and invisible characters are cleaned with a warning at their line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import LessonpackError, Location
from .yaml_document import YamlDocument  # noqa: F401  (where it was, for the modules that read it here)
from .text import INVISIBLE_HINT, clean_text

MAX_VALUES = 100_000
MAX_DEPTH = 64

_Y = "tag:yaml.org,2002:"
STR_TAG, NULL_TAG, MERGE_TAG, SEQ_TAG, MAP_TAG = (_Y + t for t in ("str", "null", "merge", "seq", "map"))
# Standard scalar tags are accepted but, like untagged values, read as the text typed.
SCALAR_TAGS = {STR_TAG, NULL_TAG, MERGE_TAG, _Y + "int", _Y + "float", _Y + "bool", _Y + "timestamp"}
_COMMENT = re.compile(r"[ \t]+(#.*)$")


def at_mark(file: Path, mark) -> Location:
    return Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)


def too_deep(file: Path, mark) -> LessonpackError:
    return LessonpackError(f"the data is nested more than {MAX_DEPTH} levels deep", at_mark(file, mark),
                           "lessons never need this much nesting; look for brackets opened but never closed")


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, SequenceNode) else []


class DocumentBuilder:
    """Turns a composed node graph into plain dicts, lists and strings, without recursion."""

    def __init__(self, file: Path, lines: list[str], restore: dict[int, str]):
        self.file, self.lines, self.restore = file, lines, restore
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.key_positions: dict[tuple, tuple[int, int]] = {}
        self.warnings: list[LessonpackError] = []
        self.strings: dict[int, str] = {}  # per node, so an aliased string is cleaned and warned once

    def error(self, message: str, node: Node, hint: str) -> LessonpackError:
        return LessonpackError(message, at_mark(self.file, node.start_mark), hint)

    def build(self, root: Node) -> YamlDocument:
        self.measure(root)
        box: list[Any] = [None]
        stack: list[tuple[Node, tuple, Any, Any]] = [(root, (), box, 0)]
        while stack:
            node, path, parent, slot = stack.pop()
            self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            if isinstance(node, ScalarNode):
                self.check_tag(node, SCALAR_TAGS)
                parent[slot] = None if node.tag == NULL_TAG else self.string(node)
            elif isinstance(node, SequenceNode):
                self.check_tag(node, {SEQ_TAG})
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
                    raise too_deep(self.file, node.start_mark)
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
            self.check_tag(mapping, {MAP_TAG})
            first: dict[str, Node] = {}
            sources: list[Node] = []
            for knode, vnode in mapping.value:
                merge = isinstance(knode, ScalarNode) and knode.tag == MERGE_TAG
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
        self.check_tag(node, SCALAR_TAGS)
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
            where = at_mark(self.file, node.start_mark)
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
