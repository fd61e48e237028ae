"""What a reportlab list holds and how it was made: read from its private attributes, here only.

reportlab's `ListFlowable` and `ListItem` keep their children and options in `_flowables`,
`_leftIndent`, `_bulletType`, `_bulletFontName`, `_bulletFontSize`, `_bulletFormat` and `_start`,
with no public reader (reportlab 4–5); tests/test_compat_reportlab.py pins each.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable


def list_children(flowable: Flowable) -> list[Flowable]:
    """A list's items, or a list item's flowables ([] for anything else)."""
    return list(getattr(flowable, "_flowables", None) or [])


def list_indent(flowable: Flowable) -> float:
    """A list's left indent, in points (0 for anything else)."""
    return float(getattr(flowable, "_leftIndent", 0) or 0)


def list_options(flowable: Flowable) -> dict[str, Any]:
    """The options a list was made with, to make a list like it: its bullet and numbering."""
    return {"bulletType": flowable._bulletType, "bulletFontName": flowable._bulletFontName,
            "bulletFontSize": flowable._bulletFontSize, "bulletFormat": flowable._bulletFormat,
            "leftIndent": list_indent(flowable), "start": flowable._start}
