"""The top of a pasted page: the site's header dropped, the post's title found, its byline and date taken.

A whole page starts with the site (name, tagline, menu, search box, cookie
banner) before the post's own title; which line is the title is decided here,
in one place, so the teacher's report can say why a line above it went.
"""

from __future__ import annotations

from .importer_furniture import (DROP, FRONT_WHY, HEADER_WHY, NAME_LINE, NAV, POST_HEADER_WHY, READ_TIME, SECTION,
                                 SHARE_WHY, Removed, bare_date, furniture, is_tag_line, posted, title_like)

Blocks = list[list[tuple[str, int]]]
_WIDGET_LINES = 8


def head_of_page(blocks: Blocks, removed: list[Removed], found: dict[str, tuple[str, int]]) -> Blocks:
    """The page above the essay's first paragraph: site header dropped, title kept, post header to front matter."""
    start = next((i for i, block in enumerate(blocks) if any(_prose(line) for line, _ in block)), len(blocks))
    if start < len(blocks):
        parts = _split_before_prose(blocks[start], start == 0)
        blocks = blocks[:start] + parts + blocks[start + 1:]
        start += len(parts) - 1
    head = _without_share_widgets(blocks[:start], removed)
    candidates = [i for i, (line, _) in enumerate(head) if _candidate(line) and not _author_line(head, i)]
    if not candidates:
        return blocks
    title = _title_index(head, candidates)
    kept: Blocks = [[head[title]]]
    for i, (line, number) in enumerate(head):
        if i == title:
            continue
        meta = posted(line) if furniture(line) in (None, DROP) else None
        date = bare_date(line)
        if i < title:
            taken = take(found, "date", date or (meta.date if meta else None), number)
            taken = taken | (_author_line(head, i) and take(found, "author", line, number))
            removed.append(Removed(number, line, FRONT_WHY if taken else HEADER_WHY))
        elif meta or date:
            if take(found, "author", meta.author if meta else None, number):
                take(found, "about", meta.about, number)
            take(found, "date", date or (meta.date if meta else None), number)
            removed.append(Removed(number, line, FRONT_WHY))
        elif _author_line(head, i):
            take(found, "author", line, number)
            removed.append(Removed(number, line, FRONT_WHY))
        elif furniture(line) is not None or READ_TIME.fullmatch(line):
            removed.append(Removed(number, line, POST_HEADER_WHY))
        else:
            kept.append([(line, number)])  # a subtitle: the author's words, kept
            take(found, f"subtitle {number}", line, number)
    return kept + blocks[start:]


def _prose(line: str) -> bool:
    return furniture(line) is None and posted(line) is None and not title_like(line)


def _split_before_prose(block: list[tuple[str, int]], first_block: bool) -> Blocks:
    """A block of header lines and prose with no blank line between, cut where the prose starts.

    Only where a paragraph can start (a capital, not a lower-case word carrying on
    a hard-wrapped line) and after a line that is surely not the essay's (a
    "Posted on" line, a date, a button), or after the title when the page has no
    blank line before its prose: elsewhere a title-like line may be the first
    line of a hard-wrapped paragraph.
    """
    first = next((i for i, (line, _) in enumerate(block) if _prose(line)), None)
    if not first or block[first][0][:1].islower():
        return [block]  # no header lines, or the prose carries on a hard-wrapped line
    before = block[first - 1][0]
    header = furniture(before) is not None or posted(before) is not None or READ_TIME.fullmatch(before) is not None
    if header or (first_block and title_like(before)):
        return [block[:first], block[first:]]
    return [block]


def _without_share_widgets(blocks: Blocks, removed: list[Removed]) -> list[tuple[str, int]]:
    """The head's lines, less a "Share this post" widget (it repeats the site's name and the title).

    The widget runs to its last button ("Copy link", "Email", "More") within a few
    lines; like the navigation, it comes before the title.
    """
    lines = [entry for block in blocks for entry in block]
    head: list[tuple[str, int]] = []
    position = 0
    while position < len(lines):
        head.append(lines[position])
        if furniture(lines[position][0]) == SECTION:
            window = range(position + 1, min(position + 1 + _WIDGET_LINES, len(lines)))
            end = max((j for j in window if furniture(lines[j][0]) is not None), default=position)
            removed.extend(Removed(number, line, SHARE_WHY) for line, number in lines[position + 1:end + 1])
            position = end
        position += 1
    return head


def _candidate(line: str) -> bool:
    """A head line that could be the post's title."""
    return (furniture(line) is None and posted(line) is None and bare_date(line) is None
            and READ_TIME.fullmatch(line) is None and title_like(line))


def _author_line(head: list[tuple[str, int]], i: int) -> bool:
    """A name on its own above a date, "Follow" or "5 min read" (Medium, Substack, Wix)."""
    return (_candidate(head[i][0]) and NAME_LINE.fullmatch(head[i][0]) is not None and i + 1 < len(head)
            and (bare_date(head[i + 1][0]) is not None or READ_TIME.fullmatch(head[i + 1][0]) is not None))


def _title_index(head: list[tuple[str, int]], candidates: list[int]) -> int:
    """The title among the head's candidate lines.

    The line just above a "Posted on … by …" or "By NAME" line (WordPress, school
    sites); else the first after the site's navigation or a date header (Blogger);
    else the first that is not a list of tags.
    """
    following = set(candidates)
    above_byline = [i for i in candidates if i + 1 < len(head) and furniture(head[i + 1][0]) in (None, DROP)
                    and posted(head[i + 1][0])]
    if above_byline:
        return above_byline[-1]
    markers = [i for i, (line, _) in enumerate(head)
               if furniture(line) in (NAV, SECTION) or (bare_date(line) and i + 1 in following)]
    after = [i for i in candidates if markers and i > markers[-1]]
    if after:
        return after[0]
    if len(candidates) > 1 and is_tag_line(head[candidates[0]][0]):
        return candidates[1]
    return candidates[0]


def take(found: dict[str, tuple[str, int]], key: str, value: str | None, line: int) -> bool:
    """Keep the first author or date the page gives; True if this one was kept."""
    if value and key not in found:
        found[key] = (value, line)
        return True
    return False


