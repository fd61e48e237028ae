"""Timeline dates read as points in time, and the events a lesson chooses to print.

A course's dates are written as they should print ("Oct 1905", "13 Oct 1905", "Mid-Oct 1905",
"Early 1907", "1905–06", "Feb 1917 (Mar N.S.)"), so this reads a point from them for the drawing
to scale: the first four-digit year, the month named before it and a day before that month; a
range ("Sep–Nov 1906", "1926–27") stands at its start. Imports no loader or writer: the schema,
the reference checks and the pipeline all use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SEASONS = {"early": 0.1, "spring": 0.3, "mid": 0.5, "summer": 0.55, "autumn": 0.8, "late": 0.85, "winter": 0.95}
"""Where in a year (or month) a word puts a date: "Early 1907" reads as February, "Mid-Oct" as the 15th."""
YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
DAY = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
WORD = re.compile(r"[A-Za-z]+")
OLD_STYLE_UNTIL = 1918 + 1 / 12
"""Russia used the Old Style (Julian) calendar until February 1918: a date before it gets the note."""


def year_of(date: str) -> int | None:
    """The first four-digit year in a printed date, or None when it names none."""
    match = YEAR.search(date)
    return int(match.group(1)) if match else None


def when(date: str, year: int) -> float:
    """The date as a fractional year (1905.79 for "13 Oct 1905"), for drawing to scale.

    Reads what comes before the year: a month's first three letters, a day number before the
    month, a word such as Early, Mid or Late; what follows the year (a range's end, "(Mar N.S.)")
    is not read, so a range stands at its start."""
    match = YEAR.search(date)
    head = date[:match.start()] if match else date
    month, month_at = None, len(head)
    for word in WORD.finditer(head):
        if word.group().lower()[:3] in MONTHS:
            month, month_at = MONTHS.index(word.group().lower()[:3]), word.start()
            break
    season = next((SEASONS[w.group().lower()] for w in WORD.finditer(head[:month_at])
                   if w.group().lower() in SEASONS), None)
    if month is None:
        return year + (season if season is not None else 0.0)
    day = DAY.search(head[:month_at])
    within = (int(day.group(1)) - 1) / 31 if day and 1 <= int(day.group(1)) <= 31 else (season or 0.0)
    return year + (month + within) / 12


def old_style(points: Sequence[float]) -> bool:
    """Whether any date is from before Russia's change of calendar (the O.S./N.S. note is needed)."""
    return any(p < OLD_STYLE_UNTIL for p in points)


def chosen(events: Sequence[Any], choice: Any) -> list[Any]:
    """The course events a lesson's `timeline:` prints: all for true, none for false, else those
    named by id (in the course's order) or with a year in the range, or both."""
    if choice is True:
        return list(events)
    if not choice:
        return []
    named = set(choice.events)
    first, last = choice.start, choice.end
    ranged = first is not None or last is not None or not named  # `{scale: true}` alone: every event
    picked = []
    for event in events:
        year = event.year
        in_range = ranged and (first is None or year >= first) and (last is None or year <= last)
        if in_range or (event.id is not None and event.id in named):
            picked.append(event)
    return picked


def lesson_events(events: Sequence[Any], choice: Any) -> list[Any]:
    """The events a lesson's templates see and `::: timeline` draws: its choice, or the whole course
    timeline when it chooses none (a template may draw the timeline anyway)."""
    return chosen(events, choice) if choice else list(events)
