"""Where everything on a timeline figure goes, decided once for the PDF drawing and the DOCX picture.

A vertical axis with a dot per event, the date to its left and the event to its right. Drawn to
scale, the dots stand at distances that follow time: one scale for the whole timeline (points per
year), at which the median gap between events is `MEDIAN_GAP` lines, so a typical gap costs less
than an evenly spaced entry does. A gap more than `CUT_AFTER` times the median is cut short to
`BREAK_ROOM` lines and crossed by a break mark, so no gap costs more than a few entries. Entries
never overlap: where dots stand closer than their entries are tall, the entries are pushed apart
as little as possible (least squares, by pool-adjacent-violators). To scale, the events stand in
date order and a leader joins each entry to its dot across a gutter (`leader_room`): out of the dot
level, a slant, into the entry level. Dots and entries then follow one order, and every leader
bends between the same two columns, so no two leaders cross. Evenly spaced, each entry stands
under the one before, its dot beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..document import TimelineEvent
from ..fonts import string_width
from ..linebreak import Measure, wrap
from ..theme import Theme

MEDIAN_GAP = 1.0
"""The median gap between events takes this many lines. Lines, not entries: large print wraps an event
onto three or four lines, and a scale set by entries stretched its sparse years over pages; where
events crowd, the entries are pushed apart anyway."""
CUT_AFTER = 3.0
"""A gap more than this many times the median gap is cut short with a break mark."""
BREAK_ROOM = 1.5
"""How many lines a cut gap takes, its break mark in the middle."""
AXIS_ROOM = 10.0
"""Points between the axis and the date's right edge, and the axis and the event's left edge, at
the least (`axis_room`)."""


def axis_room(size: float) -> float:
    """The room each side of the axis: a dot's radius and a quarter em, at least `AXIS_ROOM`. At a
    fixed 10 pt, 24 and 36 pt dates and events nearly touched their dots ("Jan 1905•Bloody Sunday")."""
    return max(AXIS_ROOM, dot_radius(size) + 0.25 * size)


def dot_radius(size: float) -> float:
    return max(3.0, size * 0.2)


def leader_room(size: float) -> float:
    """The gutter a timeline drawn to scale leaves between its axis and its events for the leaders:
    wide enough that a leader's slant reads as a line of its own, not a smudge along the axis."""
    return max(14.0, size * 1.5)


@dataclass(frozen=True)
class Scale:
    """A timeline's scale, kept when it splits across pages so both parts are drawn alike."""

    per_year: float
    """Points per year along the axis."""
    cut: tuple[bool, ...]
    """For each gap between consecutive events, whether it is cut short with a break mark."""


@dataclass(frozen=True)
class Entry:
    """One event placed: its lines, the top of its text and its dot, in points down from the figure's top."""

    dates: tuple[str, ...]
    lines: tuple[str, ...]
    top: float
    dot: float
    height: float


@dataclass(frozen=True)
class Layout:
    """A timeline figure, its coordinates in points down from its top edge."""

    axis: float
    """The axis's distance from the left edge."""
    text_x: float
    """Where the events' lines start."""
    size: float
    leading: float
    entries: tuple[Entry, ...]
    axes: tuple[tuple[float, float], ...]
    """The axis's pieces, top to bottom: one, or one per stretch between break marks."""
    breaks: tuple[float, ...]
    """Where break marks cross the axis."""
    height: float
    leaders: tuple[tuple[tuple[float, float], ...], ...] = ()
    """Each entry's leader (to scale only) as the points of a line from its dot to its text."""

    @property
    def leader_width(self) -> float:
        return max(0.6, self.size / 30)

    @property
    def dot_radius(self) -> float:
        return dot_radius(self.size)

    @property
    def date_right(self) -> float:
        """Where each date line ends, right-aligned: at the room its lines were wrapped to (2 pt inside
        it where that room is `AXIS_ROOM`, as the standard paper has always printed it)."""
        room = axis_room(self.size)
        return self.axis - room + (2 if room == AXIS_ROOM else 0)

    @property
    def mark(self) -> tuple[float, float, float]:
        """A break mark's two strokes: half their width, their rise, and the distance between them."""
        unit = max(1.0, self.size / 10)
        return 6 * unit, 2 * unit, 5 * unit


class Measured:
    """A timeline's entries wrapped to a width: the date and event lines and each entry's height."""

    def __init__(self, events: Sequence[TimelineEvent], theme: Theme, width: float, axis: float | None = None,
                 to_scale: bool = False):
        # To scale, dates decide the order: an event listed out of order still stands at its date.
        self.events = tuple(sorted(events, key=lambda e: e.point) if to_scale else events)
        self.size = theme.note
        self.gutter = leader_room(self.size) if to_scale else 0.0
        self.leading = theme.leading(self.size)
        widths = [string_width(e.date, theme.heading_font, self.size, "bold") for e in self.events]
        # A part of a split timeline keeps the whole one's axis, so it stands in the same place overleaf.
        room = axis_room(self.size)
        self.axis = axis if axis is not None else min(max(widths, default=0) + room, width * 0.4)
        date = Measure(theme.heading_font, self.size, self.axis - room, "bold")
        self.text_x = self.axis + room + self.gutter
        text = Measure(theme.body_font, self.size, width - self.text_x - 2)
        self.lines = [(tuple(wrap(e.date, (date,)) or [""]), tuple(wrap(e.event, (text,)) or [""]))
                      for e in self.events]
        self.heights = [max(len(d), len(t)) * self.leading + self.leading * 0.35 for d, t in self.lines]
        self.points = [e.point for e in self.events]

    def scale(self) -> Scale:
        """The one scale for the whole timeline and the gaps it cuts (see the module's docstring)."""
        gaps = [b - a for a, b in zip(self.points, self.points[1:])]
        apart = sorted(g for g in gaps if g > 0)
        if not apart:  # every event at one date: stacked
            return Scale(0.0, tuple(False for _ in gaps))
        typical = apart[len(apart) // 2]
        per_year = MEDIAN_GAP * self.leading / typical
        return Scale(per_year, tuple(g > CUT_AFTER * typical for g in gaps))

    def part(self, start: int, end: int) -> Measured:
        """Entries start to end, measured as they are here."""
        part = object.__new__(Measured)
        part.__dict__.update(self.__dict__)
        part.events = self.events[start:end]
        part.lines, part.heights, part.points = self.lines[start:end], self.heights[start:end], self.points[start:end]
        return part

    def lay_out(self, scale: Scale | None) -> Layout:
        """The figure: to `scale` (its `cut` counted from this part's first event), or evenly spaced.

        To scale, each stretch between cuts is laid out on its own (dots by time, entries pushed
        apart around them), and the stretches follow one another `BREAK_ROOM` lines apart, so no
        entry strays into a break."""
        n, lead, centre = len(self.events), self.leading, self.size * 0.7
        radius = max(3.0, self.size * 0.2)
        if scale is None:
            tops = [sum(self.heights[:i]) + 3.0 for i in range(n)]
            entries = tuple(Entry(dates, lines, top, top + centre, height)
                            for (dates, lines), top, height in zip(self.lines, tops, self.heights))
            height = (tops[-1] + self.heights[-1] + 3.0) if n else 6.0
            return Layout(self.axis, self.text_x, self.size, lead, entries, ((0.0, height),), (), height)
        ends = [0, *(i for i in range(1, n) if scale.cut[i - 1]), n]
        placed: list[Entry] = []
        axes: list[tuple[float, float]] = []
        breaks: list[float] = []
        bottom = 3.0
        for a, b in zip(ends, ends[1:]):
            if placed:
                breaks.append(bottom + BREAK_ROOM * lead / 2)
                bottom += BREAK_ROOM * lead
            dots = [(self.points[i] - self.points[a]) * scale.per_year for i in range(a, b)]
            offsets = [sum(self.heights[a:i]) for i in range(a, b)]
            wanted = [dot - centre - offset for dot, offset in zip(dots, offsets)]
            tops = [z + offset for z, offset in zip(_non_decreasing(wanted), offsets)]
            first = min(min(tops), dots[0] - lead / 2)
            shift = bottom - first
            for i, top, dot in zip(range(a, b), tops, dots):
                placed.append(Entry(*self.lines[i], top + shift, dot + shift, self.heights[i]))
            # The axis runs the length of the stretch's entries too: a spine beside every one of them.
            axes.append((min(dots[0] - lead / 2, tops[0] + centre) + shift,
                         max(dots[-1] + lead / 2, tops[-1] + self.heights[b - 1] - lead * 0.35) + shift))
            bottom = max(axes[-1][1], max(top + h for top, h in zip(tops, self.heights[a:b])) + shift,
                         dots[-1] + radius + shift)
        leaders = tuple(self._leader(entry.dot, entry.top + centre, radius) for entry in placed)
        return Layout(self.axis, self.text_x, self.size, lead, tuple(placed), tuple(axes), tuple(breaks),
                      bottom + 3.0, leaders)

    def _leader(self, dot: float, middle: float, radius: float) -> tuple[tuple[float, float], ...]:
        """A leader from a dot to its entry's first line: level out of the dot, a slant across the
        gutter, level into the text; a straight line where the entry stands level with its dot."""
        start, end = self.axis + radius + 1, self.text_x - 2
        if abs(dot - middle) <= 0.5:
            return ((start, dot), (end, dot))
        stub = max(2.0, self.size * 0.25)
        return ((start, dot), (start + stub, dot), (end - stub, middle), (end, middle))


def _non_decreasing(values: Sequence[float]) -> list[float]:
    """The closest non-decreasing sequence in least squares (pool adjacent violators, linear time)."""
    blocks: list[list[float]] = []  # [mean, count]
    for value in values:
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            before = blocks[-1]
            before[0] = (before[0] * before[1] + mean * count) / (before[1] + count)
            before[1] += count
    return [mean for mean, count in blocks for _ in range(int(count))]


def fitting(measured: Measured, scale: Scale | None, room: float, least: int) -> int:
    """How many leading entries fit in `room` (binary search: a longer part is never shorter), at
    least `least`, leaving at least `least` for later; 0 when no such split fits."""
    n = len(measured.events)
    lo, hi = least, n - least
    if hi < lo or _height(measured, scale, lo) > room:
        return 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _height(measured, scale, mid) <= room:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _height(measured: Measured, scale: Scale | None, count: int) -> float:
    return measured.part(0, count).lay_out(scale).height
