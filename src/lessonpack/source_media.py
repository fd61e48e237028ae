"""A lesson's pictures and tables of figures, read and checked when the course loads.

Every refusal (a picture outside the course, not an image, too large; a CSV that is not a table
of numbers) is located at the lesson line that names the file, so `validate` and `build` report
it the same way; the build prints the bytes checked here, never the file again.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LessonpackError, Location
from .images import encoded, normalised, read_picture
from .inputs import decode_text, read_input
from .lesson import Lesson
from .picture_marks import draw_marks
from .picture_size import MIN_DPI, dots_per_inch, printed_size
from .source_kinds import STAT_ROWS, STAT_SERIES, Picture, Statistics, check_table
from .theme import PROFILES, theme_for
from .yaml_document import YamlDocument

CSV_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class CheckedPicture:
    """A picture as it prints: cropped, marked, without metadata; its pixel size."""

    data: bytes = field(repr=False)
    pixels: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Figures:
    """A statistics source's table: headings and (label, figures) rows."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float, ...]], ...]


@dataclass(frozen=True, slots=True)
class LessonMedia:
    """What a lesson's sources and questions print besides text, by `picture_key`/letter."""

    pictures: dict[str, CheckedPicture] = field(default_factory=dict)
    figures: dict[str, Figures] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    """The picture and CSV files read, for the manifest: a changed picture rebuilds its documents."""


def picture_key(kind: str, name: str | int) -> str:
    """"source-C" or "question-3" (the question's place in the lesson, from 1)."""
    return f"{kind}-{name}"


def load_media(root: Path, lesson: Lesson, doc: YamlDocument, page_size: str,
               errors: list[LessonpackError], warnings: list[LessonpackError]) -> LessonMedia:
    """Check and prepare every picture and table of figures the lesson names; problems go to `errors`."""
    media = LessonMedia()
    wanted: list[tuple[str, Picture, tuple]] = [
        (picture_key("source", s.letter), s.picture, ("sources", i, "picture")) for i, s in enumerate(lesson.sources)
        if s.picture] + [
        (picture_key("question", i + 1), q.picture, ("questions", i, "picture"))
        for i, q in enumerate(lesson.questions) if q.picture]
    for key, picture, where in wanted:
        media.files.append(Path(root) / picture.file)
        try:
            media.pictures[key] = _picture(root, picture, doc.location((*where, "file")), page_size)
        except LessonpackError as exc:
            errors.append(exc)
            continue
        warning = _resolution_warning(picture, media.pictures[key].pixels, page_size, doc.location((*where, "width")))
        if warning:
            warnings.append(warning)
    for i, source in enumerate(lesson.sources):
        if source.statistics:
            if source.statistics.csv:
                media.files.append(Path(root) / source.statistics.csv)
            try:
                media.figures[source.letter] = _figures(root, source.statistics,
                                                        doc.location(("sources", i, "statistics", "csv")))
            except LessonpackError as exc:
                errors.append(exc)
    return media


def _picture(root: Path, picture: Picture, where: Location, page_size: str) -> CheckedPicture:
    try:
        data = read_picture(root, picture.file)
        image, kind = normalised(data, picture.file, tuple(picture.crop) if picture.crop else None)
    except LessonpackError as exc:
        raise LessonpackError(exc.message, where, exc.hint) from None
    marked = draw_marks(image, [(c.x, c.y) for c in picture.callouts], picture.grid_size,
                        _label_share(picture, image.size, page_size))
    return CheckedPicture(encoded(marked, kind if marked is image else "PNG"), marked.size)


def _label_share(picture: Picture, pixels: tuple[int, int], page_size: str) -> float:
    """The marks' type size as a share of the picture's width that prints at least at the body size
    on every paper: on large print a picture grows less than its type (it stops at the text width)."""
    papers = [theme_for(page_size, name) for name in PROFILES]
    return max(t.body_size / printed_size(pixels, picture.width_share, picture.width_mm, t)[0] for t in papers)


def _resolution_warning(picture: Picture, pixels: tuple[int, int], page_size: str,
                        where: Location) -> LessonpackError | None:
    """A warning naming the paper on which the picture prints with the fewest pixels to the inch, if under MIN_DPI."""
    worst = min((dots_per_inch(pixels, printed_size(pixels, picture.width_share, picture.width_mm,
                                                    theme_for(page_size, name))[0]), name) for name in PROFILES)
    if worst[0] >= MIN_DPI:
        return None
    return LessonpackError(f'picture "{picture.file}" prints at {worst[0]:.0f} pixels to the inch on the '
                           f"{worst[1]} paper, under {MIN_DPI}: it will look blurred",
                           where, f"use a larger image (about {MIN_DPI / worst[0] * pixels[0]:.0f} pixels wide), "
                                  "or print it smaller")


def _figures(root: Path, stats: Statistics, where: Location) -> Figures:
    if not stats.csv:
        return Figures(tuple(stats.columns), tuple(check_table(stats.columns, stats.rows)))
    name = stats.csv
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise LessonpackError(f'csv "{name}" is not a path inside the course folder', where,
                              "copy the file into the course folder and name it from there, e.g. data/strikes.csv")
    raw = read_input(Path(root) / name, within=root, limit=CSV_BYTES, where=where, what=f'csv "{name}"')
    try:
        text = decode_text(raw, Path(root) / name, "save the table from your spreadsheet as CSV (UTF-8)")
        table = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    except (csv.Error, LessonpackError) as exc:
        raise LessonpackError(f'csv "{name}" is not a readable table: {getattr(exc, "message", exc)}', where,
                              "save the table from your spreadsheet as CSV (UTF-8)") from None
    if len(table) < 2 or len(table) - 1 > STAT_ROWS or len(table[0]) > STAT_SERIES + 1:
        raise LessonpackError(f'csv "{name}" has {len(table) - 1} rows and {len(table[0]) if table else 0} columns',
                              where, f"give a heading line and 1 to {STAT_ROWS} rows of a label and 1 to "
                                     f"{STAT_SERIES} figures")
    try:
        rows = check_table(table[0], table[1:])
    except Exception as exc:  # a PydanticCustomError from check_table: the row at fault, in the CSV
        context = getattr(exc, "context", None) or {}
        raise LessonpackError(f'csv "{name}": {context.get("message", exc)}', where, context.get("hint")) from None
    return Figures(tuple(c.strip() for c in table[0]), tuple(rows))
