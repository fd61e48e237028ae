"""A statistics source's bar or line chart as plain shapes, laid out once from the figures.

The PDF draws these shapes as vector graphics (`writers/pdf/pictures.py`); the DOCX and the HTML
get the same shapes painted into a PNG (`chart_png`), so every format shows one chart, with the
same axes, ticks and labels. Coordinates are points, y upwards from the bottom left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from .. import document as d
from ..fonts import string_width
from ..wording import figure_text as number

SERIES_COLOURS = ("#1F4E79", "#C55A11", "#548235", "#7030A0", "#BF9000", "#404040")
"""Dark enough on white and on cream; told apart by the legend and, in a line chart, by markers."""
PNG_DPI = 200
FONT = Path(__file__).parent.parent / "fonts" / "DejaVuSans.ttf"


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True, slots=True)
class Line:
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str
    size: float
    anchor: str  # "start", "middle" or "end"


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` steps up to `top`."""
    raw = top / ticks if top > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def chart_height(width: float, size: float) -> float:
    """A chart's height: a little over half its width, and tall enough for 12 lines of its labels,
    so large print keeps a plot between its big labels."""
    return max(width * 0.55, size * 12)


def layout(block: d.Statistics, width: float, size: float, colour: str,
           monochrome: bool = False) -> list[Rect | Line | Label]:
    """The chart's shapes in a `width` × `chart_height(width, size)` box; text at `size` points.
    `monochrome` (the high-contrast paper) draws everything in `colour`: no tints, no grey."""
    palette = (colour,) * len(SERIES_COLOURS) if monochrome else SERIES_COLOURS
    grid = colour if monochrome else "#BBBBBB"
    height = chart_height(width, size)
    series = len(block.columns) - 1
    values = [v for _, figures in block.rows for v in figures]
    low = min(0.0, min(values))
    step = nice_step(max(values) - low)
    top = math.ceil(max(values) / step) * step if max(values) > 0 else 0.0
    bottom = math.floor(low / step) * step
    tick_labels = [number(bottom + i * step) for i in range(round((top - bottom) / step) + 1)]
    left = max(string_width(t, "DejaVu Sans", size) for t in tick_labels) + size * 0.8
    legend_rows = _legend_rows(block.columns[1:], width, size) if series > 1 else []
    legend = size * 1.6 * len(legend_rows)
    base, ceiling = size * 2.6 + legend, height - size * 1.8
    plot_w = width - left - size
    y_of = lambda v: base + (v - bottom) / (top - bottom or 1) * (ceiling - base)  # noqa: E731
    shapes: list[Rect | Line | Label] = []
    for i, text in enumerate(tick_labels):
        y = y_of(bottom + i * step)
        shapes.append(Line(((left, y), (left + plot_w, y)), grid, 0.4))
        shapes.append(Label(left - size * 0.4, y - size * 0.35, text, size, "end"))
    if block.units:
        shapes.append(Label(left, height - size * 1.1, block.units, size, "start"))
    slot = plot_w / len(block.rows)
    widest = max(string_width(r[0], "DejaVu Sans", size) for r in block.rows) + size
    every = max(1, math.ceil(len(block.rows) * widest / plot_w))  # labels that would touch: every other one
    for i, (label, _) in enumerate(block.rows):
        if i % every == 0:
            shapes.append(Label(left + slot * (i + 0.5), base - size * 1.3, label, size, "middle"))
    if block.chart == "bar":
        bar = slot * 0.7 / series
        for i, (_, figures) in enumerate(block.rows):
            for k, value in enumerate(figures):
                x = left + slot * i + slot * 0.15 + bar * k
                y0, y1 = y_of(max(0.0, bottom)), y_of(value)
                shapes.append(Rect(x, min(y0, y1), bar, abs(y1 - y0), palette[k]))
    else:
        for k in range(series):
            points = tuple((left + slot * (i + 0.5), y_of(figures[k])) for i, (_, figures) in enumerate(block.rows))
            shapes.append(Line(points, palette[k], max(1.2, size / 6)))
            for x, y in points:
                r = size * 0.25
                shapes.append(Rect(x - r, y - r, 2 * r, 2 * r, palette[k]))
    shapes.append(Line(((left, y_of(max(0.0, bottom))), (left + plot_w, y_of(max(0.0, bottom)))), colour, 0.8))
    shapes.append(Line(((left, base), (left, ceiling)), colour, 0.8))
    for row, entries in enumerate(legend_rows):
        y = size * 0.3 + size * 1.6 * (len(legend_rows) - 1 - row)
        for k, x in entries:
            shapes.append(Rect(x, y, size * 0.8, size * 0.8, palette[k]))
            shapes.append(Label(x + size * 1.1, y + size * 0.1, block.columns[k + 1], size, "start"))
    return shapes


def _legend_rows(names: tuple[str, ...], width: float, size: float) -> list[list[tuple[int, float]]]:
    """(series, x) of each legend entry, in rows that stay within the chart's width (measured in the sans face)."""
    rows: list[list[tuple[int, float]]] = [[]]
    x = 0.0
    for k, name in enumerate(names):
        needs = size * 1.1 + string_width(name, "DejaVu Sans", size)
        if rows[-1] and x + needs > width:
            rows.append([])
            x = 0.0
        rows[-1].append((k, x))
        x += needs + size
    return rows


def chart_png(block: d.Statistics, width: float, size: float, colour: str, monochrome: bool = False) -> bytes:
    """The chart painted at PNG_DPI into a PNG with no metadata: the same bytes on every build."""
    from PIL import Image, ImageDraw, ImageFont

    scale = PNG_DPI / 72
    height = chart_height(width, size)
    image = Image.new("RGB", (round(width * scale), round(height * scale)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), round(size * scale))
    flip = lambda x, y: (x * scale, (height - y) * scale)  # noqa: E731
    for shape in layout(block, width, size, colour, monochrome):
        if isinstance(shape, Rect):
            (x0, y1), (x1, y0) = flip(shape.x, shape.y), flip(shape.x + shape.w, shape.y + shape.h)
            draw.rectangle([x0, y0, x1, y1], fill=shape.fill)
        elif isinstance(shape, Line):
            draw.line([flip(*p) for p in shape.points], fill=shape.colour, width=max(1, round(shape.width * scale)),
                      joint="curve")
        else:
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            draw.text(flip(shape.x, shape.y), shape.text, font=font, fill=colour, anchor=anchor)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
