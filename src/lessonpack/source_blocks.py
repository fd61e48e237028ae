"""A lesson's picture and statistics sources, and its questions' pictures, as blocks of the document model.

Built once per document from what the loader checked (`source_media.py`), before any template
runs; a template names them (`::: source C`, `::: picture question-3`) and cannot change them.
"""

from __future__ import annotations

from .course import LoadedLesson
from .document import Picture, SourceItem, Statistics
from .source_kinds import Picture as PictureSpec
from .source_media import picture_key
from .wording import chart_alt


def picture_block(spec: PictureSpec, loaded: LoadedLesson, key: str) -> Picture:
    checked = loaded.media.pictures[key]
    return Picture(checked.data, checked.pixels, spec.alt, spec.width_share, spec.width_mm, spec.file)


def source_items(loaded: LoadedLesson) -> dict[str, SourceItem]:
    """The lesson's non-text sources by letter."""
    items: dict[str, SourceItem] = {}
    for s in loaded.lesson.sources:
        body: Picture | Statistics
        if s.picture:
            body = picture_block(s.picture, loaded, picture_key("source", s.letter))
        elif s.statistics:
            figures = loaded.media.figures[s.letter]
            st = s.statistics
            body = Statistics(figures.columns, figures.rows, st.units, st.source, st.chart,
                              chart_alt(st.chart, figures.columns, figures.rows, st.units, st.source))
        else:
            continue
        items[s.letter] = SourceItem(s.letter, s.title, s.caption or "", s.headnote, body)
    return items


def question_pictures(loaded: LoadedLesson) -> dict[str, Picture]:
    """The questions' pictures by key ("question-3": the third question of the lesson)."""
    return {key: picture_block(q.picture, loaded, key) for i, q in enumerate(loaded.lesson.questions, start=1)
            if q.picture and (key := picture_key("question", i))}
