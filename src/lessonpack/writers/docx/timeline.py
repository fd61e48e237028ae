"""The timeline figure in the DOCX: the PDF's drawing (`writers/timeline_layout.py`) painted with
Pillow at print resolution (`DPI`) and cut into PNG pictures between entries, each with its events
as alt text. A picture, not DrawingML shapes: Word and LibreOffice place an inline picture the same
way, while a shape group's text boxes and anchors are laid out differently by each (docs/design.md)."""

from __future__ import annotations

import marshal
import zlib
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from ... import document as d
from ...fonts import font_file
from ...fonts.cache import file_hash, lessonpack_code, remembered
from ...page_rules import TIMELINE_ENTRIES_MIN
from ...theme import Theme
from ..timeline_layout import Layout, Measured

DPI = 200
"""Print resolution: type at the note size stays sharp on paper."""


@dataclass(frozen=True)
class Picture:
    """A strip of a timeline (one entry, or entries no cut could part) as a PNG, its size on the page in points and its alt text."""

    png: bytes
    width: float
    height: float
    alt: str


@lru_cache(maxsize=8)  # a lesson's worksheet, extracts and homework print the same timeline: painted once
def timeline_pictures(block: d.Timeline, theme: Theme, width: float) -> tuple[Picture, ...]:
    """`_pictures`, kept in the cache folder (`fonts/cache.py`): painting and PNG-encoding a lesson's
    timeline took about 40 ms of a build. The key is what decides the pictures: the timeline, the
    paper, the width, lessonpack's code, the two faces painted and Pillow with its FreeType and zlib."""
    described = f"{block!r}|{theme!r}|{width!r}"
    if " at 0x" in described:  # something that does not describe itself fully: painted, never cached
        return _pictures(block, theme, width)
    from PIL import ImageFont, __version__ as pillow

    faces = (font_file(theme.heading_font, "bold"), font_file(theme.body_font, "regular"))
    key = "|".join([described, lessonpack_code(), *map(file_hash, faces), pillow,
                    str(ImageFont.core.freetype2_version), zlib.ZLIB_RUNTIME_VERSION])
    payload = remembered(CACHE_NAMESPACE, key, lambda: marshal.dumps(
        [(p.png, p.width, p.height, p.alt) for p in _pictures(block, theme, width)]))
    try:
        return tuple(Picture(*kept) for kept in marshal.loads(payload))
    except (ValueError, TypeError, EOFError):
        return _pictures(block, theme, width)


CACHE_NAMESPACE = "timelines"


def _pictures(block: d.Timeline, theme: Theme, width: float) -> tuple[Picture, ...]:
    """The timeline as one picture per entry (an event and the axis beside it), cut from one drawing
    so that stacked they print it whole: the reader's program may then break the page between any two
    entries, as the PDF does. Pictures a page's worth each moved a timeline that did not fit under its
    heading whole to the next page (lesson 02's worksheet took a page more than the PDF). A cut that
    would pass through a dot or an event's text is not made: those entries share a picture; so do the
    first and the last TIMELINE_ENTRIES_MIN."""
    measured = Measured(block.events, theme, width, to_scale=block.to_scale)
    layout = measured.lay_out(measured.scale() if block.to_scale else None)
    drawing = _paint(layout, theme, width)
    px = DPI / 72
    radius = layout.dot_radius
    tops, groups = [0], [[layout.entries[0]]] if layout.entries else []
    for above, entry in zip(layout.entries, layout.entries[1:]):
        cut = min(entry.top, entry.dot - radius - 1)
        text_bottom = above.top + above.height - layout.leading * 0.35
        if cut > max(text_bottom, above.dot + radius + 1):
            tops.append(round(cut * px))
            groups.append([entry])
        else:
            groups[-1].append(entry)
    # The first and the last TIMELINE_ENTRIES_MIN entries in one picture each, as the PDF never splits
    # them off: a chain of kept pictures let LibreOffice leave the heading at a page's foot.
    while len(groups) > 1 and len(groups[0]) < TIMELINE_ENTRIES_MIN:
        groups[:2], tops[:2] = [groups[0] + groups[1]], tops[:1]
    while len(groups) > 1 and len(groups[-1]) < TIMELINE_ENTRIES_MIN:
        groups[-2:], tops[-2:] = [groups[-2] + groups[-1]], tops[-2:-1]
    bottoms = [*tops[1:], drawing.height]
    pictures = []
    for top, bottom, entries in zip(tops, bottoms, groups):
        out = BytesIO()
        drawing.crop((0, top, drawing.width, bottom)).save(out, "PNG")  # keeps the two-bit palette
        alt = f"{block.title}: " + "; ".join(f"{' '.join(e.dates)}: {' '.join(e.lines)}" for e in entries)
        pictures.append(Picture(out.getvalue(), width, (bottom - top) / px, alt))
    return tuple(pictures)


def _paint(lay: Layout, theme: Theme, width: float):
    """The layout painted as the PDF draws it, on the paper's colour: a palette image."""
    from PIL import Image, ImageDraw, ImageFont  # imported here: most DOCX files have no timeline

    px = DPI / 72

    def at(x: float, down: float) -> tuple[int, int]:
        return round(x * px), round(down * px)

    image = Image.new("RGB", at(width, lay.height), theme.page_colour or "#FFFFFF")
    draw = ImageDraw.Draw(image)
    accent, ink = theme.accent_colour, theme.text_colour
    bold = ImageFont.truetype(str(font_file(theme.heading_font, "bold")), round(lay.size * px))
    body = ImageFont.truetype(str(font_file(theme.body_font, "regular")), round(lay.size * px))
    for start, end in lay.axes:
        draw.line([at(lay.axis, start), at(lay.axis, end)], fill=accent, width=round(1.5 * px))
    half, rise, apart = lay.mark
    for mark in lay.breaks:
        for shift in (-apart / 2, apart / 2):
            draw.line([at(lay.axis - half, mark + shift + rise), at(lay.axis + half, mark + shift - rise)],
                      fill=accent, width=round(1.2 * px))
    for leader in lay.leaders:
        draw.line([at(*point) for point in leader], fill=accent, width=max(1, round(lay.leader_width * px)),
                  joint="curve")
    text_x, radius = lay.text_x, lay.dot_radius
    for entry in lay.entries:
        baseline = entry.top + lay.size
        draw.ellipse([at(lay.axis - radius, entry.dot - radius), at(lay.axis + radius, entry.dot + radius)],
                     fill=accent)
        for n, line in enumerate(entry.dates):
            draw.text(at(lay.date_right, baseline + n * lay.leading), line, font=bold, fill=accent, anchor="rs")
        for n, line in enumerate(entry.lines):
            draw.text(at(text_x, baseline + n * lay.leading), line, font=body, fill=ink, anchor="ls")
    return image.quantize(palette=_palette(theme), dither=Image.Dither.NONE)


def _palette(theme: Theme):
    """The paper, the two inks and one shade halfway from the accent to the paper, for the edges of
    both inks: four colours are two bits a pixel, and mapping onto a fixed palette is fast, where an
    adaptive one took seconds a page."""
    from PIL import Image

    def rgb(colour: str) -> list[int]:
        colour = colour.lstrip("#")
        return [int(colour[i:i + 2], 16) for i in (0, 2, 4)]

    paper, accent = rgb(theme.page_colour or "#FFFFFF"), rgb(theme.accent_colour)
    edge = [round((p + a) / 2) for p, a in zip(paper, accent)]
    palette = Image.new("P", (1, 1))
    palette.putpalette(paper + accent + rgb(theme.text_colour) + edge)  # a short palette: 2 bits a pixel
    return palette
