"""Sources that are not essay text: a picture (poster, cartoon, photograph, map) or a small table of figures.

History source work leans on pictures and statistics as much as on writing. These models are
what a teacher writes under a source's (or a question's) `picture:` and a source's `statistics:`;
they live apart from the lesson and question models so each kind keeps its own rules and limits in one place.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .values import rule

MM_WIDTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mm\s*$")
PICTURE_MM = (20, 400)
"""The narrowest and widest printed width in millimetres (A3 text is about 270 mm wide)."""
CALLOUTS = 20
"""Numbered callouts on one picture: more would hide it."""
GRID = re.compile(r"^\s*([1-6])\s*[x×]\s*([1-6])\s*$")
STAT_ROWS = 40
"""Rows of a statistics source: a table or chart a page can print legibly."""
STAT_SERIES = 6
"""Columns of figures beside the labels: bars or lines a reader can tell apart."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=2000)


class Callout(_Strict):
    """A numbered marker on a picture, so a question can say "the figure at 2"."""

    x: float = Field(ge=0, le=1)
    """How far across the (cropped) picture, 0 the left edge, 1 the right."""
    y: float = Field(ge=0, le=1)
    """How far down the (cropped) picture, 0 the top, 1 the bottom."""


class Picture(_Strict):
    """An image file in the course folder, printed at a chosen width with its alt text."""

    file: str = Field(max_length=255)
    """A PNG or JPEG in the course folder, e.g. images/poster.png (at most 20 MB, 40 million pixels; SVG is refused: export it as PNG)."""
    alt: str = Field(min_length=1, max_length=1000)
    """What the picture shows, for students who use a screen reader: required."""
    width: float | str = 1.0
    """Printed width: a fraction of the text width (0.5 = half) or millimetres ("80mm"); large print enlarges a width in mm, within the text width."""
    crop: Annotated[list[Annotated[float, Field(ge=0, le=1)]], Field(min_length=4, max_length=4)] | None = None
    """The part to print, as [left, top, right, bottom] fractions of the picture, e.g. [0, 0, 0.5, 1] for its left half."""
    callouts: list[Callout] = Field(default=[], max_length=CALLOUTS)
    """Numbered markers drawn on the picture (1, 2, …), each at x, y fractions of it."""
    grid: str | None = None
    """A lettered grid drawn over the picture, columns x rows, e.g. "3x2" (cells A1 to C2)."""

    @field_validator("width", mode="before")
    @classmethod
    def _width(cls, value: object) -> float | str:
        if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value):
            value = float(value)  # the YAML loader hands numbers over as they were typed
        if isinstance(value, str):
            match = MM_WIDTH.match(value)
            if not match or not PICTURE_MM[0] <= float(match.group(1)) <= PICTURE_MM[1]:
                raise rule(f'width "{value}" is neither a fraction of the text width nor a width in mm',
                           f'write e.g. 0.6 (six tenths of the text width) or "80mm" '
                           f"({PICTURE_MM[0]} to {PICTURE_MM[1]} mm)")
        elif not isinstance(value, (int, float)) or not 0.1 <= value <= 1:
            raise rule(f"width {value:g} is not a fraction of the text width between 0.1 and 1",
                       'write e.g. 0.6 (six tenths of the text width), or a width in mm: "80mm"')
        return value if isinstance(value, str) else float(value)

    @field_validator("grid")
    @classmethod
    def _grid(cls, value: str | None) -> str | None:
        if value is not None and not GRID.match(value):
            raise rule(f'grid "{value}" is not columns x rows', 'write e.g. "3x2": 3 columns, 2 rows (1 to 6 each)')
        return value

    @model_validator(mode="after")
    def _crop_is_a_box(self) -> Picture:
        if self.crop and not (self.crop[0] < self.crop[2] and self.crop[1] < self.crop[3]):
            raise rule("crop must be [left, top, right, bottom] with left < right and top < bottom",
                       "e.g. crop: [0, 0, 0.5, 1] keeps the left half", field="crop")
        return self

    @property
    def width_mm(self) -> float | None:
        return float(MM_WIDTH.match(self.width).group(1)) if isinstance(self.width, str) else None

    @property
    def width_share(self) -> float | None:
        return None if isinstance(self.width, str) else float(self.width)

    @property
    def grid_size(self) -> tuple[int, int] | None:
        match = GRID.match(self.grid) if self.grid else None
        return (int(match.group(1)), int(match.group(2))) if match else None


FigureValue = Annotated[float, Field(allow_inf_nan=False)]


class Statistics(_Strict):
    """A small table of figures, printed as a table or drawn as a bar or line chart from the same numbers."""

    columns: list[Annotated[str, Field(max_length=60)]] = Field(default=[], max_length=STAT_SERIES + 1)
    """The column headings: first the labels' heading (e.g. "Year"), then one per series of figures."""
    rows: list[list[str | FigureValue]] = Field(default=[], max_length=STAT_ROWS)
    """One row per label: the label, then its figures, e.g. ["1905", 13995]."""
    csv: str | None = Field(default=None, max_length=255)
    """Instead of columns and rows: a CSV file in the course folder, headings on its first line."""
    units: str = Field(default="", max_length=120)
    """What the figures count or measure, e.g. "strikes recorded" or "millions of tonnes"."""
    source: str = Field(min_length=1, max_length=300)
    """Where the figures come from, printed under the table or chart (required)."""
    chart: Literal["table", "bar", "line"] = "table"
    """How to print it: a table, a bar chart or a line chart."""

    @model_validator(mode="after")
    def _one_way(self) -> Statistics:
        if self.csv and (self.columns or self.rows):
            raise rule("give either csv or columns and rows, not both", "remove one of them", field="csv")
        if not self.csv:
            if not self.columns or not self.rows:
                raise rule("statistics need columns and rows (or a csv file)",
                           'e.g. columns: ["Year", "Strikes"] and rows: [["1904", 68], ["1905", 13995]]')
            check_table(self.columns, self.rows)
        return self


def check_table(columns: list[str], rows: list[list]) -> list[tuple[str, tuple[float, ...]]]:
    """Rows as (label, figures), each as long as the columns; raises a rule naming the row."""
    if len(columns) < 2:
        raise rule("statistics need a labels column and at least one column of figures",
                   'e.g. columns: ["Year", "Strikes"]', field="columns")
    out = []
    for i, row in enumerate(rows):
        if len(row) != len(columns):
            raise rule(f"row {i + 1} has {len(row)} cells but there are {len(columns)} columns",
                       "give each row its label and one figure per column", field=("rows", i))
        figures = []
        for cell in row[1:]:
            number = _number(cell)
            if number is None:
                raise rule(f'row {i + 1}: "{cell}" is not a number',
                           "write figures as plain numbers (12.5, 13995), units in `units:`", field=("rows", i))
            figures.append(number)
        out.append((str(row[0]), tuple(figures)))
    return out


def _number(cell: object) -> float | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    text = str(cell).strip().replace(",", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


SOURCE_KINDS_SCHEMA = {"oneOf": [{"required": [kind]} for kind in ("extract", "picture", "statistics")]}
"""The editor knows, as the checks do, that a source is one of the three kinds."""


def check_source_kind(source) -> None:
    """A lesson's source is exactly one kind; a picture or figures need the caption an essay gives an extract."""
    given = [k for k in ("extract", "picture", "statistics") if getattr(source, k)]
    if len(given) != 1:
        raise rule("a source has exactly one of extract, picture or statistics" +
                   (f", not {' and '.join(given)}" if given else ""),
                   "an essay extract: extract: [- section: …]; a picture: picture: {file: …, alt: …}; "
                   "figures: statistics: {columns: …, rows: …, source: …}")
    if given != ["extract"] and not source.caption:
        raise rule(f"a {given[0]} source needs a caption: who made it, when, what kind of item, for whom",
                   'e.g. caption: "A Bolshevik poster by Dmitry Moor, 1920, printed for the Red Army"')
    if given != ["extract"] and (source.adapted is not None or source.essay):
        raise rule(f"a {given[0]} source has no essay text: adapted and essay do not apply",
                   "remove them", field="adapted" if source.adapted is not None else "essay")
