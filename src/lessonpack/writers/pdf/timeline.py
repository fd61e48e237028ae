"""The timeline figure in the PDF: vector drawing of the layout `writers/timeline_layout.py` decides.

It splits between entries, `TIMELINE_ENTRIES_MIN` on each side, both parts drawn to the same scale,
the second under its title and "(continued)" on the next page."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from ... import document as d
from ...fonts import register
from ...page_rules import BLANK_SHARE_MAX, TIMELINE_ENTRIES_MIN
from ...theme import Theme
from ..timeline_layout import Layout, Measured, Scale, fitting
from .flowables import headed_overleaf


class TimelineDrawing(Flowable):
    """A vertical timeline: an axis with a dot per event, the date left of it and the event right.

    Dates and events print at the paper's note size; a date or event too long for its column
    wraps, so large print neither overprints nor runs off the page."""

    def __init__(self, timeline: d.Timeline, theme: Theme, width: float, scale: Scale | None = None,
                 axis: float | None = None, continued: Callable[[], Flowable] | None = None):
        super().__init__()
        self.continued = continued
        """What heads its entries continued on the next page ("Timeline (continued)")."""
        self._axis = axis
        self.timeline = timeline
        self.theme = theme
        self.width = width
        self._scale = scale
        self._laid_out: dict[float, tuple[Measured, Scale | None, Layout]] = {}
        """By width: platypus wraps a flowable several times at the same width (to keep it with
        what follows, to split it); the entries are wrapped and placed once per width."""

    def _measured(self, width: float) -> tuple[Measured, Scale | None]:
        return self._at(width)[:2]

    def _at(self, width: float) -> tuple[Measured, Scale | None, Layout]:
        if width not in self._laid_out:
            measured = Measured(self.timeline.events, self.theme, width, self._axis, self.timeline.to_scale)
            scale = (self._scale or measured.scale()) if self.timeline.to_scale else None
            self._laid_out[width] = measured, scale, measured.lay_out(scale)
        return self._laid_out[width]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.layout: Layout = self._at(avail_width)[2]
        self.height = self.layout.height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        measured, scale = self._measured(avail_width)
        fit = fitting(measured, scale, avail_height, TIMELINE_ENTRIES_MIN)
        page = self.theme.text_height
        if not fit or (fit <= TIMELINE_ENTRIES_MIN and avail_height <= page * BLANK_SHARE_MAX
                       and self._at(avail_width)[2].height > page):
            return []  # taller than a page, it starts overleaf rather than with a stub of two entries
        events, title = measured.events, self.timeline.title  # to scale: in date order
        head = d.Timeline(title, events[:fit], self.timeline.to_scale)
        tail = d.Timeline(title, events[fit:], self.timeline.to_scale)
        rest = Scale(scale.per_year, scale.cut[fit:]) if scale else None
        return headed_overleaf([TimelineDrawing(head, self.theme, avail_width, scale, measured.axis),
                                TimelineDrawing(tail, self.theme, avail_width, rest, measured.axis, self.continued)],
                               self.continued)

    def draw(self) -> None:
        c, t, lay = self.canv, self.theme, self.layout
        sans, serif = register(t.heading_font), register(t.body_font)
        accent, ink = HexColor(t.accent_colour), HexColor(t.text_colour)
        top = self.height

        def y(down: float) -> float:
            return top - down

        c.setStrokeColor(accent)
        c.setLineWidth(1.5)
        for start, end in lay.axes:
            c.line(lay.axis, y(start), lay.axis, y(end))
        c.setLineWidth(1.2)
        half, rise, apart = lay.mark
        for mark in lay.breaks:  # two slanted strokes across the cut in the axis
            for shift in (-apart / 2, apart / 2):
                c.line(lay.axis - half, y(mark + shift + rise), lay.axis + half, y(mark + shift - rise))
        c.setLineWidth(lay.leader_width)
        for leader in lay.leaders:
            path = c.beginPath()
            path.moveTo(leader[0][0], y(leader[0][1]))
            for x, down in leader[1:]:
                path.lineTo(x, y(down))
            c.drawPath(path, stroke=1, fill=0)
        text_x = lay.text_x
        for entry in lay.entries:
            baseline = entry.top + lay.size
            c.setFillColor(accent)
            c.circle(lay.axis, y(entry.dot), lay.dot_radius, stroke=0, fill=1)
            c.setFont(sans["bold"], lay.size)
            for n, line in enumerate(entry.dates):
                c.drawRightString(lay.date_right, y(baseline + n * lay.leading), line)
            c.setFillColor(ink)
            c.setFont(serif["regular"], lay.size)
            for n, line in enumerate(entry.lines):
                c.drawString(text_x, y(baseline + n * lay.leading), line)
