"""The timeline figure in the DOCX: the PDF's drawing (`writers/timeline_layout.py`) painted with
Pillow into PNG pictures at print resolution (`DPI`), one per page's worth of entries, each with its events
as alt text. A picture, not DrawingML shapes: Word and LibreOffice place an inline picture the same
way, while a shape group's text boxes and anchors are laid out differently by each (docs/design.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

from ... import document as d
from ...fonts import font_file
from ...page_rules import TIMELINE_ENTRIES_MIN
from ...theme import Theme
from ..timeline_layout import Layout, Measured, fitting

DPI = 200
"""Print resolution: type at the note size stays sharp on paper."""


@dataclass(frozen=True)
class Picture:
    """One page's part of a timeline as a PNG, its size on the page in points and its alt text."""

    png: bytes
    width: float
    height: float
    alt: str


def timeline_pictures(block: d.Timeline, theme: Theme, width: float, first: float, room: float) -> Iterator[Picture]:
    """The timeline in pictures, the first no taller than `first` points (the page under its heading),
    the others than `room` (a page), split between entries as the PDF splits it, all drawn to one
    scale and with one axis."""
    measured = Measured(block.events, theme, width, to_scale=block.to_scale)
    scale = measured.scale() if block.to_scale else None
    start = 0
    while start < len(block.events):
        part = measured.part(start, len(measured.events))
        cut = None if scale is None else type(scale)(scale.per_year, scale.cut[start:])
        space = first if start == 0 else room
        whole = part.lay_out(cut).height <= space
        fit = len(part.events) if whole else fitting(part, cut, space, TIMELINE_ENTRIES_MIN) or len(part.events)
        piece = measured.part(start, start + fit)
        layout = piece.lay_out(cut)
        alt = f"{block.title}: " + "; ".join(f"{e.date}: {e.event}" for e in piece.events)
        yield Picture(_paint(layout, theme, width), width, layout.height, alt)
        start += fit


def _paint(lay: Layout, theme: Theme, width: float) -> bytes:
    """The layout painted as the PDF draws it, on the paper's colour."""
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
            draw.text(at(lay.axis - 8, baseline + n * lay.leading), line, font=bold, fill=accent, anchor="rs")
        for n, line in enumerate(entry.lines):
            draw.text(at(text_x, baseline + n * lay.leading), line, font=body, fill=ink, anchor="ls")
    out = BytesIO()
    image.quantize(palette=_palette(theme), dither=Image.Dither.NONE).save(out, "PNG")
    return out.getvalue()


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
