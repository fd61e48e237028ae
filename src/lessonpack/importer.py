"""Turn a pasted web page (a blog post, a newsletter) or plain text into an essay file.

A teacher copies a whole page; the essay file must hold the author's words only,
verbatim, with who wrote it and when in the front matter. What is left out is
listed with its line numbers, so the teacher can check nothing of the essay went.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import LessonpackError, Location
from .importer_furniture import (BYLINE_WHY, COMMENTS_WHY, COUNT, DROP, FRONT_WHY, HEAD, NAV, REST, RULE_WHY, SECTION,
                                 SHARE_WHY, SITE_WHY, TAGS_END_WHY, WORD, Removed, ends_sentence, furniture,
                                 is_rule, posted, reads_like_sentence, title_like)
from .importer_head import Blocks, head_of_page, take
from .inputs import decode_text, read_input

FORM = "blog post"
NOTE = "Imported from a blog post; site furniture removed, paragraphs verbatim."

_BYLINE = re.compile(r"By:? (?P<name>\S+(?: \S+){0,4})")
_SPACES = re.compile(r"[ \t]+")
_DESCRIPTION_WORDS = 40
_LABEL_WORDS = 4
_PARAGRAPH_LINE = 100  # characters: longer than a hard-wrapped line (about 70), so a whole pasted paragraph


@dataclass(frozen=True, slots=True)
class Imported:
    """An essay file made from a paste, and what was found and removed to make it."""

    essay: str
    title: str
    title_line: int
    front: tuple[tuple[str, str, int], ...]  # author and date: value and the paste's line
    removed: tuple[Removed, ...]
    paragraphs: int
    under_title: tuple[tuple[int, str], ...] = ()  # lines kept between the title and the byline: a subtitle?

    def report(self, name: str) -> str:
        """What the teacher should check, by line of the pasted file."""
        out = [f"{name}: title {self.title!r} from line {self.title_line}"]
        out += [f"{name}: {key} {value!r}" + (f" from line {line}" if line else "") for key, value, line in self.front]
        out.append(f"{name}: {self.paragraphs} paragraphs kept; {len(self.removed)} lines removed "
                   "(check that none is the essay's):")
        width = len(str(self.removed[-1].line)) if self.removed else 1
        for r in self.removed:
            text = r.text if len(r.text) <= 70 else r.text[:69] + "…"
            out.append(f"  {r.line:>{width}}  {r.why:<22}  {text}")
        out += [f"{name}: line {line} kept as a paragraph, though it stands between the title and the essay "
                f"(a subtitle?): {text!r}" for line, text in self.under_title]
        return "\n".join(out) + "\n"


@dataclass(frozen=True, slots=True)
class _Para:
    """A paragraph of the paste and the input line it starts on, for error locations."""

    text: str
    line: int
    lines: tuple[tuple[str, int], ...] = ()  # the paste's lines joined into it, with their numbers


def read_pasted(file: Path) -> str:
    """The text of a pasted post named on the command line: any regular file, but text, in UTF-8."""
    raw = read_input(file, what="the file to import")
    return decode_text(raw, file, "import-essay reads plain text: copy the post's text from the web page, paste it "
                                  "into a plain-text (.txt) file and save it as UTF-8")


def import_page(text: str, *, source: Path | None = None) -> Imported:
    """The essay file for a pasted web page, with what was removed to make it.

    The site's header (name, menu, search box, cookie banner) is everything above
    the post's title; the title is the line above a "Posted on … by …" line, or the
    first after the site's navigation, or the first line. "Posted on/by", "By NAME"
    and date lines become `author:` and `date:`; horizontal rules, share buttons,
    subscribe boxes, comments and the footer are removed. Paragraph words are kept
    verbatim: only line endings, a BOM, non-breaking spaces and runs of spaces are
    normalised, and hard-wrapped lines are joined. A body line starting with `## `
    is written as `\\## …`, since the essay parser would otherwise read it as a
    section heading.
    """
    removed: list[Removed] = []
    found: dict[str, tuple[str, int]] = {}
    blocks = _drop_rules(_blocks(text), removed)
    blocks = head_of_page(blocks, removed, found)
    paras = _paragraphs(blocks, removed, found)
    if not paras:
        raise _no_essay(source)
    title, body = paras[0], paras[1:]
    if not title_like(title.text):
        raise LessonpackError(
            "the pasted blog post does not start with a title", _where(source, title.line),
            hint="put the post's title on the first line, then a blank line, then the essay")
    body = _drop_trailing_labels(body, removed)
    author, description, body = _byline(body, removed, found)
    if not body:
        raise _no_essay(source)
    if author is None and description is None and "about" in found and "author" in found:
        description = found["about"][0]  # "By Mrs K. Osei, Head of History"
    meta = {"title": title.text, "author": author or _value(found, "author"), "author_description": description,
            "date": _value(found, "date"), "form": FORM, "note": NOTE}
    front = [f"{key}: {_yaml_string(value)}" for key, value in meta.items() if value is not None]
    essay = "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(_escape(p.text) for p in body) + "\n"
    lines = {key: line for key, (_, line) in found.items()}
    facts = tuple((key, meta[key], lines.get(key, 0)) for key in ("author", "date") if meta[key] is not None)
    under_title = tuple((line, text) for key, (text, line) in found.items() if key.startswith("subtitle "))
    return Imported(essay, title.text, title.line, facts, tuple(sorted(removed, key=lambda r: r.line)), len(body),
                    under_title)


def _value(found: dict[str, tuple[str, int]], key: str) -> str | None:
    return found[key][0] if key in found else None


def _no_essay(source: Path | None) -> LessonpackError:
    return LessonpackError(
        "no essay text found in the pasted blog post", _where(source),
        hint="paste the whole post: its title, then its paragraphs separated by blank lines "
             "(share buttons and comment forms are removed automatically)")


def _where(source: Path | None, line: int = 0) -> Location | None:
    return Location(source, line) if source is not None else None


def _blocks(text: str) -> list[list[tuple[str, int]]]:
    """Normalised lines (with input line numbers) grouped by blank lines."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    blocks: list[list[tuple[str, int]]] = [[]]
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _SPACES.sub(" ", raw).strip()
        if line:
            blocks[-1].append((line, number))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _drop_rules(blocks: Blocks, removed: list[Removed]) -> Blocks:
    """Blocks without their horizontal-rule lines; a rule inside a block ends a paragraph."""
    out: Blocks = []
    for block in blocks:
        out.append([])
        for line, number in block:
            if is_rule(line):
                removed.append(Removed(number, line, RULE_WHY))
                out.append([])
            else:
                out[-1].append((line, number))
    return [b for b in out if b]


def _paragraphs(blocks: Blocks, removed: list[Removed], found: dict[str, tuple[str, int]]) -> list[_Para]:
    """The paragraphs left once furniture lines are dropped; wrapped lines joined."""
    paras: list[_Para] = []
    in_section = essay_started = False
    for index, block in enumerate(blocks):
        actions = [furniture(line) for line, _ in block]
        all_furniture = all(actions)
        among_furniture = [action is not None and any(actions[k] for k in (position - 1, position + 1)
                                                       if 0 <= k < len(actions))
                           for position, action in enumerate(actions)]
        kept: list[tuple[str, int]] = []
        continues = False  # the line above was essay text that stopped mid-sentence
        for position, ((line, number), action) in enumerate(zip(block, actions)):
            if continues or _wraps_on(block, actions, position):
                action = None  # a hard-wrapped line that happens to read "Related" or "Posted in haste, the'
            if action == NAV:
                action = DROP if not essay_started else WORD
            if action == COUNT:
                action = DROP if not essay_started or among_furniture[position] else None
            why = None
            if _BYLINE.fullmatch(line) and not reads_like_sentence(line):
                in_section = False
            elif action == REST and essay_started:
                rest = block[position:] + [entry for later in blocks[index + 1:] for entry in later]
                removed.extend(Removed(n, text, COMMENTS_WHY) for text, n in rest)
                return _flush(paras, kept)
            elif action == SECTION:
                in_section, why = True, SHARE_WHY
            elif action in (DROP, REST) or (action == WORD and (all_furniture or among_furniture[position])):
                why = SITE_WHY
            elif action == HEAD and not essay_started:
                why = SITE_WHY
            elif in_section and not reads_like_sentence(line):
                why = SHARE_WHY
            else:
                in_section = False
            if why:
                if (meta := posted(line)) and action == DROP and (
                        take(found, "author", meta.author, number) | take(found, "date", meta.date, number)):
                    why = FRONT_WHY
                removed.append(Removed(number, line, why))
                continue
            kept.append((line, number))
            essay_started = essay_started or not title_like(line)
            continues = essay_started and not ends_sentence(line)
            if len(line) > _PARAGRAPH_LINE and ends_sentence(line):
                _flush(paras, kept)  # a web page's paragraph is one long line: the next line starts another
                kept = []
        _flush(paras, kept)
    return paras


def _wraps_on(block: list[tuple[str, int]], actions: list[str | None], position: int) -> bool:
    """The line goes on, hard-wrapped, in the next one (which starts in lower case and is not furniture)."""
    after = position + 1
    return after < len(block) and actions[after] is None and block[after][0][:1].islower()


def _flush(paras: list[_Para], kept: list[tuple[str, int]]) -> list[_Para]:
    if kept:
        paras.append(_Para(" ".join(line for line, _ in kept), kept[0][1], tuple(kept)))
    return paras


def _drop_trailing_labels(body: list[_Para], removed: list[Removed]) -> list[_Para]:
    """Drop a run of two or more short label lines ending the page (topic tags, footer links, like counts).

    A single short last line is kept: it may be the author's sign-off.
    """
    end = len(body)
    while end > 0 and _label(body[end - 1]):
        end -= 1
    if sum(len(p.lines) for p in body[end:]) < 2:
        return body
    removed.extend(Removed(number, line, TAGS_END_WHY) for p in body[end:] for line, number in p.lines)
    return body[:end]


def _label(para: _Para) -> bool:
    return not _BYLINE.fullmatch(para.text) and all(
        len(line.split()) <= _LABEL_WORDS and not ends_sentence(line) for line, _ in para.lines)


def _byline(body: list[_Para], removed: list[Removed],
            found: dict[str, tuple[str, int]]) -> tuple[str | None, str | None, list[_Para]]:
    """Author and self-description from a "By NAME" line at the end (or start) of the body."""
    def name(para: _Para) -> str | None:
        m = _BYLINE.fullmatch(para.text)
        return m["name"] if m and not reads_like_sentence(para.text) else None

    def taken(author: str, *paras: _Para) -> str:
        removed.extend(Removed(p.line, p.text, BYLINE_WHY) for p in paras)
        found["author"] = (author, paras[0].line)
        return author

    if body and (author := name(body[-1])):
        return taken(author, body[-1]), None, body[:-1]
    if len(body) >= 2 and (author := name(body[-2])):
        last = body[-1]
        if len(last.text.split()) <= _DESCRIPTION_WORDS:
            return taken(author, body[-2], last), last.text, body[:-2]
        return taken(author, body[-2]), None, body[:-2] + [last]  # a long bio is kept as text
    if body and (author := name(body[0])):
        return taken(author, body[0]), None, body[1:]
    return None, None, body


def _escape(paragraph: str) -> str:
    """Protect a paragraph the essay parser would read as a heading.

    The parser takes a `## ` line as a section heading and strips one backslash from
    a `\\## ` line, so such lines (and ones already starting `\\## `) get one more
    backslash. A line starting `---` needs nothing: only the first `---` after the
    opening one ends the front matter, so later ones are ordinary paragraphs.
    """
    return "\\" + paragraph if re.match(r"\\?## ", paragraph) else paragraph


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar; control and YAML line-break characters escaped."""
    out = []
    for ch in value:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch in "\x7f\x85\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
