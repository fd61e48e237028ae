"""What a template receives: the course, the lesson, its sources and numbered questions.

Sources are broken into numbered lines here, before any template runs, for the
paper being made (`linebreak.measures_for`), so a question can cite "lines 12–14"
and both formats print those same lines on that paper.

Templates get data, not objects: the models become read-only `Record`s (their
fields and worked-out values), lists, text and numbers, so a shared template
cannot reach a method of pydantic or of lessonpack (`parse_file`, `model_fields`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from .course import LoadedCourse, LoadedLesson
from .document import KIND_LABELS, Picture, SourceBox, SourceItem
from .extract import adapted_box, quote_lines, source_box
from .linebreak import measures_for, shares_numbering
from .paper_words import lesson_for_paper
from .questions import STANDARD_BODY, question_view, renumbered_texts, seeded, shuffled
from .source_blocks import question_pictures, source_items
from .source_media import picture_key
from .template_data import Record
from .page_rules import LARGE_PRINT_SIZE
from .theme import Theme
from .timeline import lesson_events, old_style, when
from .wording import line_numbers_note

def kind_label(kind: str) -> str:
    """How a document kind is named on the page and in its file name."""
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())


@dataclass(frozen=True)
class Student:
    """One student of a class set, printed in the student-details line."""

    name: str = ""
    group: str = ""


@dataclass(frozen=True)
class Version:
    """One shuffled version of a worksheet (A, B, …), from a seed, so it can be made again."""

    index: int
    seed: int = 0

    @property
    def letter(self) -> str:
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[self.index]

    @property
    def shuffle_seed(self) -> int:
        return self.seed * 1000 + self.index + 1


@dataclass(frozen=True)
class Expansion:
    """A template's context plus the source boxes the `source` directive prints."""

    context: dict[str, Any]
    sources: dict[str, SourceBox | SourceItem] = field(default_factory=dict)
    adapted: dict[str, SourceBox] = field(default_factory=dict)
    pictures: dict[str, Picture] = field(default_factory=dict)
    """The questions' pictures, by `picture_key` (the `::: picture` directive)."""


def computed(model: type[BaseModel]) -> list[str]:
    """Read-only values a model works out from its fields (e.g. Question.answer_lines)."""
    return [name for name, value in vars(model).items() if isinstance(value, property) and not name.startswith("_")]


_ITEM_NAMES = {"questions": "question", "sources": "source", "versions": "version"}
"""What one item of a list of mappings is called in messages ("question has no 'promt'")."""


def template_data(value: Any, name: str = "mapping") -> Any:
    """A value as templates get it: models and mappings as Records, lists, text and numbers.

    Anything else (a date, an enum) becomes the text it prints as, so it prints as before.
    `name` is what a mapping is called in messages.
    """
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, BaseModel):
        model = type(value)
        return Record({key: template_data(getattr(value, key)) for key in [*model.model_fields, *computed(model)]},
                      model.__name__)
    if isinstance(value, Mapping):
        return Record({key if type(key) in (str, int) else str(key): template_data(item, _ITEM_NAMES.get(key, key))
                       for key, item in value.items()}, name)
    if isinstance(value, tuple):
        return tuple(template_data(item, name) for item in value)
    if isinstance(value, (list, set, frozenset)):
        return [template_data(item, name) for item in value]
    return str(value)


def line_ref(span: tuple[int, int] | None) -> str:
    """`(12, 14)` as "lines 12–14"; one line as "line 12"."""
    if span is None:
        return ""
    first, last = span
    return f"line {first}" if first == last else f"lines {first}–{last}"



def chosen(questions: list[dict], numbers: list[int], default: Callable[[list[dict]], list[dict]]) -> list[dict]:
    """The questions a lesson names by their full-paper numbers (`homework:`, `exit_ticket:`), in this
    paper's order; the default choice where it names none. One place, so the homework sheet and
    the mark scheme that keys it agree."""
    return [q for q in questions if q["lesson_number"] in numbers] if numbers else default(questions)


def on_own_sheet(views: list[dict], questions: list[dict], loaded: LoadedLesson) -> list[dict]:
    """Questions for a sheet that numbers its own from 1 (the homework, an exit ticket): each
    "see Question 8" in their texts made that sheet's number, or "Question 3 on the worksheet"
    for one it leaves out (as this paper's worksheet, `questions`, numbers it)."""
    here = {q["lesson_number"]: n for n, q in enumerate(views, start=1)}
    worksheet = {q["lesson_number"]: q["number"] for q in questions}
    return [{**q, **renumbered_texts(loaded.lesson.questions[q["lesson_number"] - 1], here, worksheet)}
            for q in views]


def line_numbers(theme: Theme | None) -> str:
    """The sentence that says whose line numbers a document uses: the shared ones or its own paper's."""
    if shares_numbering(theme):
        return line_numbers_note()
    return line_numbers_note(theme.body_size, large_print=theme.body_size >= LARGE_PRINT_SIZE)


def source_booklet(theme: Theme | None, documents: list[str]) -> bool:
    """Whether this paper's sources go in the source booklet only: where the theme asks for it and the
    lesson makes the booklet (its extracts). A student's class-set copy then holds the booklet
    after the worksheet (handout.py)."""
    return theme is not None and theme.source_booklet and "extract" in documents


TIERS = ("support", "core", "extension")
TIER_MARKS = {"support": "●", "core": "■", "extension": "▲"}
"""Discreet symbols printed in the footer: the teacher recognises them, students hardly notice."""


def for_tier(question, tier: str) -> bool:
    """Whether a question belongs on a tier's paper ("" = the full paper with everything)."""
    return not tier or question.tier == "all" or question.tier == tier


def question_views(loaded: LoadedLesson, boxes: dict[str, SourceBox],
                   version: Version | None = None, tier: str = "", body_size: float = STANDARD_BODY
                   ) -> list[dict[str, Any]]:
    """The lesson's questions as templates see them, in this version's order and numbering
    (`body_size`: the paper's, which sets how many characters a gap's blank needs)."""
    lesson = loaded.lesson
    order = [q for q in lesson.questions if for_tier(q, tier)]
    # The number each question has on the full paper: a tier's notes name it for the lesson plan.
    lesson_numbers = {id(q): n for n, q in enumerate(lesson.questions, start=1)}
    seed = version.seed * 1000 if version else 0
    index = version.index if version else 0
    if version and lesson.shuffle_questions:
        keep = [not q.shuffle for q in order]
        order = shuffled(order, seeded(loaded.id, version.shuffle_seed), keep)
    views = []
    # A question's "see Question 8" names the question as this paper numbers it.
    numbers = {lesson_numbers[id(q)]: number for number, q in enumerate(order, start=1)}
    for number, q in enumerate(order, start=1):
        span = quote_lines(boxes[q.source], q.quote) if q.source and q.quote else None
        view = question_view(q, number, line_ref(span), seed, index, body_size)
        view.update(renumbered_texts(q, numbers, numbers))
        view["lesson_number"] = lesson_numbers[id(q)]
        view["picture_key"] = picture_key("question", lesson_numbers[id(q)]) if q.picture else ""
        view["show_scaffold"] = bool(q.scaffold) and tier in ("", "support")
        view["show_extension"] = bool(q.extension) and tier in ("", "extension")
        views.append(view)
    return views


def build_context(course: LoadedCourse, loaded: LoadedLesson, kind: str,
                  student: Student | None = None, version: Version | None = None,
                  versions: int = 0, seed: int = 0, tier: str = "",
                  key_tiers: tuple[str, ...] = ("",), theme: Theme | None = None) -> Expansion:
    """The full context for one document of one lesson.

    `version` is the shuffled version this copy shows; `versions` (with `seed`)
    asks for an answer key to every version, for the teacher's copy. `tier`
    (support, core or extension) leaves out what that tier does not get. `theme` is
    the paper it is printed on: its extracts, and so every "lines 12–14", are broken
    for it (the shared standard, dyslexia and high-contrast lines when None).
    """
    return for_kind(lesson_context(course, loaded, student, version, versions, seed, tier, key_tiers, theme), kind)


def for_kind(lesson: Expansion, kind: str) -> Expansion:
    """A lesson's context (`lesson_context`) for one document kind: only `document` differs between kinds."""
    context = dict(lesson.context)  # the values are read-only (Records, lists the sandbox cannot change)
    context["document"] = template_data({"kind": kind, "label": kind_label(kind)}, "document")
    return Expansion(context, lesson.sources, lesson.adapted, lesson.pictures)


def for_student(lesson: Expansion, student: Student, version: Version | None) -> Expansion:
    """A lesson's context (`lesson_context`, made for any student of this version) for this student:
    only `student` differs between a class set's copies, so the rest is made once a class."""
    context = dict(lesson.context)  # the values are read-only, as for_kind's
    context["student"] = template_data({"name": student.name, "group": student.group,
                                        "version": version.letter if version else ""}, "student")
    return Expansion(context, lesson.sources, lesson.adapted, lesson.pictures)


def lesson_context(course: LoadedCourse, loaded: LoadedLesson,
                   student: Student | None = None, version: Version | None = None,
                   versions: int = 0, seed: int = 0, tier: str = "",
                   key_tiers: tuple[str, ...] = ("",), theme: Theme | None = None) -> Expansion:
    """Everything of `build_context` but the document kind: made once for all of a lesson's documents
    (`for_kind` then adds the kind), as breaking the extracts into lines and turning the models into
    template data is most of the work. The arguments are `build_context`'s."""
    lesson = loaded.lesson
    measures = measures_for(theme)
    boxes = {s.source.letter: source_box(s, measures=measures) for s in loaded.sources}
    adapted = {s.source.letter: box for s in loaded.sources if (box := adapted_box(s, measures)) is not None}
    items = source_items(loaded)
    sources = [{
        "letter": s.source.letter,
        "kind": "picture" if s.source.picture else "statistics" if s.source.statistics else "extract",
        "title": s.source.title,
        "caption": boxes[s.source.letter].caption,
        "headnote": s.source.headnote,
        "has_adapted": s.source.letter in adapted,
        "line_count": len(boxes[s.source.letter].lines),
        "paragraphs": sorted({p.paragraph for p in s.pieces}),
    } for s in loaded.sources]
    body = theme.body_size if theme is not None else STANDARD_BODY
    questions = question_views(loaded, boxes, version, tier, body)
    # One key per version and paper: a tier paper leaves questions out, so its numbers differ.
    keys = [{"letter": v.letter, "tier": t, "questions": question_views(loaded, boxes, v, t, body)}
            for v in (Version(i, seed) for i in range(versions)) for t in key_tiers] if versions > 1 else []
    timeline = lesson_events(course.course.timeline, lesson.timeline)
    homework = chosen(questions, lesson.homework, lambda qs: [q for q in qs if q["marks"] >= 4] or qs)
    exit_ticket = chosen(questions, lesson.exit_ticket,
                         lambda qs: sorted(sorted(qs, key=lambda q: q["marks"])[:3], key=lambda q: q["number"]))
    context: dict[str, Any] = {
        "course": course.course,
        # The plan and notes worded for this paper: its source booklet, its tier's question numbers.
        "lesson": lesson_for_paper(lesson, source_booklet(theme, lesson.documents),
                                   {q["lesson_number"]: q["number"] for q in questions} if tier else None),
        "lesson_id": loaded.id,
        "essay": loaded.essay.meta,
        "sources": sources,
        "questions": questions,
        "total_marks": sum(q["marks"] for q in questions),
        "homework": on_own_sheet(homework, questions, loaded),
        "exit_ticket": on_own_sheet(exit_ticket, questions, loaded),
        "tier": tier,
        "tiers": {t: [i for i, q in enumerate(lesson.questions, start=1) if for_tier(q, t)] for t in TIERS},
        "glossary": [(word, course.course.glossary[word]) for word in lesson.keywords],
        "timeline": timeline,
        "timeline_old_style": old_style([when(e.date, e.year) for e in timeline]),
        "document": None,  # for_kind's: kept here so that the context's keys keep their order
        "student": {"name": student.name if student else "", "group": student.group if student else "",
                    "version": version.letter if version else ""},
        "versions": keys,
        "line_numbers": line_numbers(theme),
        # A large-print paper sets fewer to a page (the exit ticket's slips) and keeps its sources in the
        # source booklet; templates cannot see the theme.
        "paper": {"large_print": theme is not None and theme.body_size >= LARGE_PRINT_SIZE,
                  "source_booklet": source_booklet(theme, lesson.documents)},
    }
    return Expansion({key: template_data(value, _ITEM_NAMES.get(key, key)) for key, value in context.items()},
                     {**boxes, **items}, adapted, question_pictures(loaded))
