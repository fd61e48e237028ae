"""Turn a pasted blog post or plain text into an essay file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import LessonpackError, Location
from .inputs import decode_text, read_input

FORM = "blog post"
NOTE = "Imported from a blog post; site furniture removed, paragraphs verbatim."

# What happens to a line that matches a furniture pattern.
DROP = "drop"  # the line only
WORD = "word"  # a lone button word: dropped only when its block is all furniture, never inside prose
SECTION = "section"  # the line and the short non-sentence lines after it (share buttons, related posts)
REST = "rest"  # the line and all after it (comments, comment form); a plain DROP before the essay begins
HEAD = "head"  # dropped only before the essay begins: a bare date there is the post's, later the author's

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?"
         rf"(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}"
         r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
         r"(?:,? at \d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?)?")
_LABEL = r"[^.!?]{1,160}"  # a list of names after "Posted in", "Tagged", ...: never a sentence

# Site furniture from WordPress and Blogger pages, matched against a whole line
# (case-insensitive, after spaces are normalised). Patterns are anchored and
# specific so that no sentence of the essay can match one.
_FURNITURE: tuple[tuple[str, str], ...] = (
    # Comments and the comment form: the essay is over.
    (r"leave an? (?:reply|comment)(?: to [^.!?]{1,60})?(?: cancel reply)?", REST),
    (r"(?:\d+|no|one) (?:comments?|responses?|replies)(?: so far)?:?", REST),
    (r"\d+ thoughts? on .{1,160}", REST),
    (r"fill in your details below or click an icon to log in:?(?: logo)?", REST),
    (r"your email address will not be published\.?(?: required fields are marked \*)?", REST),
    (r"post a comment", REST),
    (r"(?:newer post )?older post home|newer post home", REST),
    (r"you are commenting using your .{0,40}account\..{0,40}", DROP),
    (r"connecting to %s", DROP),
    (r"(?:google|twitter|facebook|wordpress\.com) (?:photo|picture)", DROP),
    (r"(?:name|e-?mail|website|comment) \*", DROP),
    (r"post comment|cancel reply", DROP),
    (r"notify me of (?:new|follow-up) (?:comments|posts) (?:via|by) e-?mail\.?", DROP),
    (r"subscribe to: post comments \(atom\)", DROP),
    # Sharing, likes and related posts.
    (r"share this:?", SECTION),
    (r"like this:?", SECTION),
    (r"related(?: posts?)?:?", SECTION),
    (r"(?:like )?loading(?:\.\.\.|…)?", DROP),
    (r"be the first to like this\.?", DROP),
    (r"click to (?:share|email|print)\b[^.!?]{0,80}", DROP),
    (r"share (?:on|to) (?:facebook|twitter|pinterest|linkedin|reddit|tumblr|whatsapp|e-?mail)", DROP),
    (r"email this\s*blogthis!.*", DROP),
    # Post metadata.
    (rf"posted (?:in|on|by|under) {_LABEL}", DROP),
    (rf"(?:tagged|filed under|categories|category|tags|labels):? {_LABEL}", DROP),
    (r"this entry was posted in .{1,200} bookmark the permalink\.?", DROP),
    (_DATE, HEAD),
    # Site header and footer.
    (r"skip to (?:content|main content)", DROP),
    (r"blog at wordpress\.com\.?|powered by (?:blogger|wordpress)\.?", DROP),
    (r"comments?|website|print|e-?mail|reblog|subscribe|logo|like|share|tweet|twitter|facebook"
     r"|pinterest|linkedin|reddit|tumblr|whatsapp|telegram|pocket|more|follow|reply", WORD),
)
_RULES = tuple((re.compile(p, re.IGNORECASE), action) for p, action in _FURNITURE)

_BYLINE = re.compile(r"By:? (?P<name>\S+(?: \S+){0,4})")
_TAG_LINE = re.compile(r"[\w'’-]+(?:[ ,|/·]+[\w'’-]+){0,7}")
_LITTLE_WORDS = frozenset(
    "a an and are as at by for from how in is it my of on or our the to was what when why with your".split())
_SPACES = re.compile(r"[ \t]+")
_SENTENCE_END = frozenset(".!?…")
_CLOSERS = "\"'”’)]»"
_SHORT = 12  # words: longer lines read as prose even without a full stop
_TITLE_WORDS = 20
_DESCRIPTION_WORDS = 40


@dataclass(frozen=True, slots=True)
class _Para:
    """A paragraph of the paste and the input line it starts on, for error locations."""

    text: str
    line: int


def read_pasted(file: Path) -> str:
    """The text of a pasted post named on the command line: any regular file, but text, in UTF-8."""
    raw = read_input(file, what="the file to import")
    return decode_text(raw, file, "import-essay reads plain text: copy the post's text from the web page, paste it "
                                  "into a plain-text (.txt) file and save it as UTF-8")


def import_blog_text(text: str, *, source: Path | None = None) -> str:
    """Return the essay file text (front matter + paragraphs) for a raw blog paste.

    Site furniture (category line, share buttons, comment form, post metadata) is
    removed; the title, the "By NAME" byline and the author's self-description go
    into the front matter. Paragraph words are kept verbatim: only line endings, a
    BOM, non-breaking spaces and runs of spaces are normalised, and hard-wrapped
    lines are joined. A body line starting with `## ` is written as `\\## …`, since
    the essay parser would otherwise read it as a section heading.
    """
    paras = _paragraphs(_blocks(text))
    paras = _drop_tag_lines(paras)
    if not paras:
        raise _no_essay(source)
    title, body = paras[0], paras[1:]
    if not _title_like(title.text):
        raise LessonpackError(
            "the pasted blog post does not start with a title", _where(source, title.line),
            hint="put the post's title on the first line, then a blank line, then the essay")
    author, description, body = _byline(body)
    if not body:
        raise _no_essay(source)
    # Body lines starting `## ` are escaped with a backslash (see _escape); `---` lines are left alone.
    meta = {"title": title.text, "author": author, "author_description": description,
            "form": FORM, "note": NOTE}
    front = [f"{key}: {_yaml_string(value)}" for key, value in meta.items() if value is not None]
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(_escape(p.text) for p in body) + "\n"


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


def _paragraphs(blocks: list[list[tuple[str, int]]]) -> list[_Para]:
    """The paragraphs left once furniture lines are dropped; wrapped lines joined."""
    paras: list[_Para] = []
    in_section = essay_started = False
    for block in blocks:
        actions = [_furniture(line) for line, _ in block]
        all_furniture = all(actions)
        kept: list[tuple[str, int]] = []
        continues = False  # the line above was essay text that stopped mid-sentence
        for (line, number), action in zip(block, actions):
            if continues:
                action = None  # a hard-wrapped line that happens to read "Related" or "Email"
            if _BYLINE.fullmatch(line) and not _reads_like_sentence(line):
                in_section = False
            elif action == REST and essay_started:
                return _flush(paras, kept)
            elif action == SECTION:
                in_section = True
                continue
            elif action in (DROP, REST) or (action == WORD and all_furniture):
                continue
            elif action == HEAD and not essay_started:
                continue
            elif in_section and not _reads_like_sentence(line):
                continue
            else:
                in_section = False
            kept.append((line, number))
            essay_started = essay_started or not _title_like(line)
            continues = essay_started and not _ends_sentence(line)
        _flush(paras, kept)
    return paras


def _flush(paras: list[_Para], kept: list[tuple[str, int]]) -> list[_Para]:
    if kept:
        paras.append(_Para(" ".join(line for line, _ in kept), kept[0][1]))
    return paras


def _furniture(line: str) -> str | None:
    return next((action for pattern, action in _RULES if pattern.fullmatch(line)), None)


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def _reads_like_sentence(line: str) -> bool:
    """Prose, not a label: ends like a sentence or is too long for a button or title."""
    return _ends_sentence(line) or len(line.split()) > _SHORT


def _title_like(line: str) -> bool:
    return len(line.split()) <= _TITLE_WORDS and line.rstrip(_CLOSERS)[-1:] != "."


def _drop_tag_lines(paras: list[_Para]) -> list[_Para]:
    """Drop category/tag lines ("history Matriarchy socialism") printed above the title.

    Only a line of plain lower- or title-case words with no little words like "the"
    or "of" (which titles have and tag lists don't), directly followed by another
    title-like line (the real title) and the essay, counts, so a title is not lost.
    """
    while len(paras) >= 3 and _is_tag_line(paras[0].text) and not _reads_like_sentence(paras[1].text):
        paras = paras[1:]
    return paras


def _is_tag_line(line: str) -> bool:
    words = re.findall(r"[\w'’-]+", line)
    return (_TAG_LINE.fullmatch(line) is not None
            and all(w[0].islower() or w[1:] == w[1:].lower() for w in words)
            and not any(w.lower() in _LITTLE_WORDS for w in words))


def _byline(body: list[_Para]) -> tuple[str | None, str | None, list[_Para]]:
    """Author and self-description from a "By NAME" line at the end (or start) of the body."""
    def name(para: _Para) -> str | None:
        m = _BYLINE.fullmatch(para.text)
        return m["name"] if m and not _reads_like_sentence(para.text) else None

    if body and (author := name(body[-1])):
        return author, None, body[:-1]
    if len(body) >= 2 and (author := name(body[-2])):
        last = body[-1]
        if len(last.text.split()) <= _DESCRIPTION_WORDS:
            return author, last.text, body[:-2]
        return author, None, body[:-2] + [last]  # a long bio is kept as text, not squeezed into a line
    if body and (author := name(body[0])):
        return author, None, body[1:]
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
