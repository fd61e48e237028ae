"""A statistics source's bar or line chart as plain shapes, laid out once from the figures.

The PDF draws these shapes as vector graphics (`writers/pdf/pictures.py`); the DOCX and the HTML
get the same shapes painted into a PNG (`chart_png`), so every format shows one chart, with the
same axes, ticks and labels. Coordinates are points, y upwards from the bottom left.

Every label is printed at `text_size` and none overlaps another. A category label that does not
fit under its bar turns the bar chart on its side (categories down the left, each read across at
full size); a line chart, or a bar chart too long to turn, labels a regular subset of its
categories (every 2nd, 5th, 10th …), a tick marking each one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path

from .. import document as d
from ..fonts import string_width
from ..picture_size import enlargement
from ..theme import Theme
from ..wording import figure_text as number

SERIES_COLOURS = ("#1F4E79", "#C55A11", "#548235", "#7030A0", "#BF9000", "#404040")
"""Dark enough on white and on cream; told apart by the legend and, in a line chart, by markers."""
PNG_DPI = 200
FONT = Path(__file__).parent.parent / "fonts" / "DejaVuSans.ttf"
FACE = "DejaVu Sans"
LABEL_GAP = 0.8
"""The least space between two labels side by side, in text sizes."""
ROW = 1.7
"""A category's row in a chart turned on its side, in text sizes: a label's line and a gap."""
ROW_TIGHT = 1.25
"""The row of a chart on its side set tight to share a page with the end of its source's long head
(large print): the labels keep their size, the gap between them shrinks."""
ROW_TIGHTEST = 1.05
"""The tightest row of a chart on its side, drawn so to fit under the end of its source's head and
its "(continued)" title on one page (lesson 03's Source C under a three-line running header: rows
of 1.2 text sizes at 24 pt, 1.08 at 36 pt). A label's line is about one text size deep, so labels
still stand apart; at `ROW_TIGHT` the chart went to a page of its own and left the head's end on a
page three quarters blank."""
FLATTEST = 0.6
"""The least share of its plot's usual height an upright chart is drawn at to fit the room left on a
page (its labels keep their size); flatter than that it moves to the next page with its source's head."""
VALUE_GAP = 0.3
"""Between a bar's end and its value printed beside it, in text sizes."""
PAGE_SHARE = 0.85
"""The most of a page's text height a chart turned on its side may take; a longer one stays upright."""


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


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart laid out: its size in points and its shapes."""

    width: float
    height: float
    shapes: tuple[Rect | Line | Label, ...]


def text_size(theme: Theme) -> float:
    """The chart's labels: the note size (never under 8 pt), and on an enlarged paper never under the
    body size, where nothing a student reads may be smaller."""
    size = max(theme.note, 8)
    return max(size, theme.body_size) if enlargement(theme) > 1 else size


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` steps up to `top`."""
    raw = top / ticks if top > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _wide(text: str, size: float) -> float:
    return string_width(text, FACE, size)


class _Scale:
    """The value axis: round ticks from a round bottom to a round top, `ticks` steps or so."""

    def __init__(self, values: list[float], ticks: int):
        low = min(0.0, min(values))
        self.step = nice_step(max(values) - low, ticks)
        self.top = math.ceil(max(values) / self.step) * self.step if max(values) > 0 else 0.0
        self.bottom = math.floor(low / self.step) * self.step
        self.values = [self.bottom + i * self.step for i in range(round((self.top - self.bottom) / self.step) + 1)]
        self.labels = [number(v) for v in self.values]

    def at(self, value: float, start: float, end: float) -> float:
        return start + (value - self.bottom) / (self.top - self.bottom or 1) * (end - start)


def layout(block: d.Statistics, width: float, theme: Theme, row: float = ROW, flatter: float = 0) -> Chart:
    """The chart `width` points wide for the paper of `theme`: upright (its plot `flatter` points less
    high than usual, never under `FLATTEST` of its usual height), or on its side when a bar chart's
    category labels do not fit under its bars and its rows fit the page (each `row` text sizes deep)."""
    size = text_size(theme)
    labels = [label for label, _ in block.rows]
    slot_needs = max(_wide(t, size) for t in labels) + size * LABEL_GAP
    scale = _Scale([v for _, figures in block.rows for v in figures], 5)
    left = max(_wide(t, size) for t in scale.labels) + size * 0.8
    upright_fits = len(labels) * slot_needs <= width - left - size
    if block.chart == "bar" and not upright_fits:
        chart = _sideways(block, width, size, theme, row)
        if chart.height <= theme.text_height * PAGE_SHARE:
            return chart
    return _upright(block, width, size, theme, flatter)


def tightened_row(block: d.Statistics, theme: Theme, by: float) -> float:
    """The row depth (in text sizes) that draws a chart on its side `by` points less high than at
    `ROW_TIGHT`, never tighter than `ROW_TIGHTEST`."""
    return max(ROW_TIGHTEST, ROW_TIGHT - by / (text_size(theme) * max(1, len(block.rows))))


def flattening(block: d.Statistics, width: float, theme: Theme) -> float:
    """The most points of height the chart can give up by drawing its plot flatter (none on its side)."""
    return layout(block, width, theme).height - layout(block, width, theme, flatter=math.inf).height


def _palette(theme: Theme) -> tuple[tuple[str, ...], str]:
    """The series' colours and the grid's: on the high-contrast paper all in the text colour."""
    if theme.plain_boxes:
        return (theme.text_colour,) * len(SERIES_COLOURS), theme.text_colour
    return SERIES_COLOURS, "#BBBBBB"


def _head(block: d.Statistics, width: float, size: float) -> list[str]:
    """The units' lines above the plot, wrapped to the chart's width."""
    lines: list[str] = []
    for word in block.units.split():
        if lines and _wide(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _upright(block: d.Statistics, width: float, size: float, theme: Theme, flatter: float = 0) -> Chart:
    """Categories along the bottom, values up the left."""
    palette, grid = _palette(theme)
    ink = theme.text_colour
    series = len(block.columns) - 1
    scale = _Scale([v for _, figures in block.rows for v in figures], 5)
    left = max(_wide(t, size) for t in scale.labels) + size * 0.8
    head = _head(block, width - left, size)
    legend_rows = _legend_rows(block.columns[1:], width, size) if series > 1 else []
    base = size * 2.6 + size * 1.6 * len(legend_rows)
    # The plot is never flatter than 0.45 of its width: large print's labels take their room from the height.
    usual = max(width * 0.55 - size * 4.4, width * 0.45, size * 8)
    ceiling = base + max(usual - flatter, usual * FLATTEST)
    # Room over the tallest bar for its value (`VALUE_GAP`, a line) under the units.
    top_value = max(v for _, figures in block.rows for v in figures)
    over = scale.at(top_value, base, ceiling) + size * (VALUE_GAP + 1) - ceiling if block.chart == "bar" else 0
    height = ceiling + max(0.0, over) + size * (0.7 + 1.1 * len(head))
    labels = [label for label, _ in block.rows]
    widest = max(_wide(t, size) for t in labels)
    # The last category's label may stand out past its slot: the plot ends where it still fits.
    right = max(size, widest / 2 - (width - left - size) / len(labels) / 2 + 2)
    plot_w = width - left - right
    slot = plot_w / len(block.rows)
    every = _every(len(labels), slot, widest + size * LABEL_GAP)
    y_of = lambda v: scale.at(v, base, ceiling)  # noqa: E731
    shapes: list[Rect | Line | Label] = []
    for value, text in zip(scale.values, scale.labels):
        y = y_of(value)
        shapes.append(Line(((left, y), (left + plot_w, y)), grid, 0.4))
        shapes.append(Label(left - size * 0.4, y - size * 0.35, text, size, "end"))
    for n, line in enumerate(head):
        shapes.append(Label(left, height - size * (1.1 + 1.1 * n), line, size, "start"))
    zero = y_of(max(0.0, scale.bottom))
    first = _first_labelled(labels, every)
    for i, label in enumerate(labels):
        x = left + slot * (i + 0.5)
        if every > 1:  # a tick at every category, so the unlabelled ones are still marked
            shapes.append(Line(((x, zero), (x, zero - size * 0.3)), ink, 0.6))
        if (i - first) % every == 0 and i >= first:
            shapes.append(Label(x, base - size * 1.3, label, size, "middle"))
    if block.chart == "bar":
        bar = slot * 0.7 / series
        # Each bar's value over it (under it, below zero) where the values fit their bars' share of a
        # slot: read off a grid every 500, "about 472,000" was a guess (lesson 03's Source C).
        valued = max(_wide(number(v), size) for _, figures in block.rows for v in figures) <= slot / series * 0.95
        for i, (_, figures) in enumerate(block.rows):
            for k, value in enumerate(figures):
                x = left + slot * i + slot * 0.15 + bar * k
                y1 = y_of(value)
                shapes.append(Rect(x, min(zero, y1), bar, abs(y1 - zero), palette[k]))
                if valued:
                    y = y1 + size * VALUE_GAP if value >= 0 else y1 - size * (VALUE_GAP + 0.75)
                    shapes.append(Label(x + bar / 2, y, number(value), size, "middle"))
    else:
        for k in range(series):
            points = tuple((left + slot * (i + 0.5), y_of(figures[k])) for i, (_, figures) in enumerate(block.rows))
            shapes.append(Line(points, palette[k], max(1.2, size / 6)))
            for x, y in points:
                r = size * 0.25
                shapes.append(Rect(x - r, y - r, 2 * r, 2 * r, palette[k]))
    shapes.append(Line(((left, zero), (left + plot_w, zero)), ink, 0.8))
    shapes.append(Line(((left, base), (left, ceiling)), ink, 0.8))
    shapes += _legend(block, legend_rows, size, palette)
    return Chart(width, height, tuple(shapes))


def on_its_side(block: d.Statistics, width: float, theme: Theme, row: float = ROW) -> bool:
    """Whether `layout` draws the chart on its side (a bar chart whose labels do not fit under its bars)."""
    return layout(block, width, theme, row) == _sideways(block, width, text_size(theme), theme, row)


def sideways_part(block: d.Statistics, rows: slice, width: float, theme: Theme, row: float = ROW) -> Chart:
    """Some of a bar chart's categories on its side, on the axis and label column of all of them:
    a large-print chart that cannot share a page with its source's head is split between its rows
    (`writers/pdf/chart_split.py`), each piece with its units and its axis."""
    return _sideways(replace(block, rows=block.rows[rows]), width, text_size(theme), theme, row, whole=block)


def _sideways(block: d.Statistics, width: float, size: float, theme: Theme, row_depth: float = ROW,
              whole: d.Statistics | None = None) -> Chart:
    """A bar chart on its side: a row per category, its label at the left read across, the values
    along the bottom (`whole`: the chart this is a piece of, whose figures set the axis)."""
    palette, grid = _palette(theme)
    ink = theme.text_colour
    series = len(block.columns) - 1
    head = _head(block, width, size)
    legend_rows = _legend_rows(block.columns[1:], width, size) if series > 1 else []
    base = size * 2.6 + size * 1.6 * len(legend_rows)
    row = size * row_depth
    ceiling = base + row * len(block.rows)
    height = ceiling + size * (0.7 + 1.1 * len(head))
    left = max(_wide(label, size) for label, _ in (whole or block).rows) + size * 0.8
    values = [v for _, figures in (whole or block).rows for v in figures]
    ticks = 5
    while True:  # fewer, rounder ticks until their labels stand apart along the bottom
        scale = _Scale(values, ticks)
        widest = max(_wide(t, size) for t in scale.labels)
        right = max(size, widest / 2)
        plot_w = width - left - right
        apart = plot_w / max(1, len(scale.values) - 1)
        if apart >= widest + size * LABEL_GAP or ticks == 1:
            break
        ticks -= 1
    # Each bar's value beside its end, where a row holds a line of text for each bar: the plot ends
    # short enough for the longest bar's value to stand inside the chart.
    bar = row * 0.7 / series
    valued = row / series >= size
    if valued:
        value_w = max(_wide(number(v), size) for v in values)
        reach = (max(values) - scale.bottom) / (scale.top - scale.bottom or 1)
        if reach > 0:
            plot_w = min(plot_w, (width - left - size * VALUE_GAP - value_w) / reach)
    x_of = lambda v: scale.at(v, left, left + plot_w)  # noqa: E731
    shapes: list[Rect | Line | Label] = []
    for value, text in zip(scale.values, scale.labels):
        x = x_of(value)
        shapes.append(Line(((x, base), (x, ceiling)), grid, 0.4))
        shapes.append(Label(x, base - size * 1.3, text, size, "middle"))
    for n, line in enumerate(head):
        shapes.append(Label(0, height - size * (1.1 + 1.1 * n), line, size, "start"))
    zero = x_of(max(0.0, scale.bottom))
    for i, (label, figures) in enumerate(block.rows):  # the first category on top, as in the table
        top = ceiling - row * i
        shapes.append(Label(left - size * 0.4, top - row / 2 - size * 0.35, label, size, "end"))
        for k, value in enumerate(figures):
            y = top - row * 0.15 - bar * (k + 1)
            x1 = x_of(value)
            shapes.append(Rect(min(zero, x1), y, abs(x1 - zero), bar, palette[k]))
            if valued:
                beside = size * VALUE_GAP if value >= 0 else -size * VALUE_GAP
                shapes.append(Label(x1 + beside, y + bar / 2 - size * 0.35, number(value), size,
                                    "start" if value >= 0 else "end"))
    shapes.append(Line(((zero, base), (zero, ceiling)), ink, 0.8))
    shapes.append(Line(((left, base), (left + plot_w, base)), ink, 0.8))
    shapes += _legend(block, legend_rows, size, palette)
    return Chart(width, height, tuple(shapes))


def _every(count: int, slot: float, needs: float) -> int:
    """Label every category when they fit, else every 2nd, 5th, 10th, 20th … (a subset a reader
    sees the rule of), the least that keeps labels apart."""
    if slot >= needs:
        return 1
    least = math.ceil(needs / slot)
    power = 1
    while True:
        for m in (2, 5, 10):
            if m * power >= least:
                return m * power
        power *= 10


def _first_labelled(labels: list[str], every: int) -> int:
    """The first category labelled: where years are the categories, the first round one (1920, 1925)."""
    if every == 1 or not all(label.isdigit() for label in labels):
        return 0
    return next((i for i, label in enumerate(labels[:every]) if int(label) % every == 0), 0)


def _legend(block: d.Statistics, rows: list[list[tuple[int, float]]], size: float,
            palette: tuple[str, ...]) -> list[Rect | Label]:
    shapes: list[Rect | Label] = []
    for row, entries in enumerate(rows):
        y = size * 0.3 + size * 1.6 * (len(rows) - 1 - row)
        for k, x in entries:
            shapes.append(Rect(x, y, size * 0.8, size * 0.8, palette[k]))
            shapes.append(Label(x + size * 1.1, y + size * 0.1, block.columns[k + 1], size, "start"))
    return shapes


def _legend_rows(names: tuple[str, ...], width: float, size: float) -> list[list[tuple[int, float]]]:
    """(series, x) of each legend entry, in rows that stay within the chart's width (measured in the sans face)."""
    rows: list[list[tuple[int, float]]] = [[]]
    x = 0.0
    for k, name in enumerate(names):
        needs = size * 1.1 + _wide(name, size)
        if rows[-1] and x + needs > width:
            rows.append([])
            x = 0.0
        rows[-1].append((k, x))
        x += needs + size
    return rows


def chart_png(block: d.Statistics, width: float, theme: Theme, row: float = ROW) -> bytes:
    """The chart painted at PNG_DPI on the paper's colour into a PNG with no metadata: the same
    bytes on every build (`row` as `layout` takes it)."""
    from PIL import Image, ImageDraw, ImageFont

    chart = layout(block, width, theme, row)
    scale = PNG_DPI / 72
    image = Image.new("RGB", (round(width * scale), round(chart.height * scale)), theme.page_colour or "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), round(text_size(theme) * scale))
    flip = lambda x, y: (x * scale, (chart.height - y) * scale)  # noqa: E731
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            (x0, y1), (x1, y0) = flip(shape.x, shape.y), flip(shape.x + shape.w, shape.y + shape.h)
            draw.rectangle([x0, y0, x1, y1], fill=shape.fill)
        elif isinstance(shape, Line):
            draw.line([flip(*p) for p in shape.points], fill=shape.colour, width=max(1, round(shape.width * scale)),
                      joint="curve")
        else:
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            draw.text(flip(shape.x, shape.y), shape.text, font=font, fill=theme.text_colour, anchor=anchor)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
