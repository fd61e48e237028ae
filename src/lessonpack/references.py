"""Check what a lesson refers to (sections, paragraphs, quotes, sources, glossary, sums), part by part."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from .errors import LessonpackError, Location
from .essay import Essay, fold, load_essay
from .course_model import Course
from .lesson import Activity, FactCheck, Lesson, Passage, Source
from .question_model import LessonQuestion
from .nearest import describe, nearest
from .validation import dotted
from .yaml_document import YamlDocument

_ESSAY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of essay text in an extract: whole paragraph or a quoted part of one."""

    paragraph: int
    text: str
    cut_before: bool = False
    """True when the piece starts after the paragraph's first words."""
    cut_after: bool = False
    """True when the piece stops before the paragraph's last words."""


@dataclass
class Parts:
    """The parts of a lesson that are valid on their own, each with its index in the file."""

    essay: str | None = None
    duration: int | None = None
    total_marks: int | None = None
    homework: list[int] = field(default_factory=list)
    exit_ticket: list[int] = field(default_factory=list)
    sources: list[tuple[int, Source]] = field(default_factory=list)
    questions: list[tuple[int, LessonQuestion]] = field(default_factory=list)
    activities: list[tuple[int, Activity]] = field(default_factory=list)
    keywords: list[tuple[int, str]] = field(default_factory=list)
    fact_checks: list[tuple[int, FactCheck]] = field(default_factory=list)
    timeline: Any = False
    complete: set[str] = field(default_factory=set)
    """Top-level keys read without any mistake; sums and cross-checks need them whole."""

    @classmethod
    def of(cls, lesson: Lesson) -> Parts:
        return cls(lesson.essay, lesson.duration, lesson.total_marks, lesson.homework, lesson.exit_ticket,
                   [*enumerate(lesson.sources)],
                   [*enumerate(lesson.questions)], [*enumerate(lesson.activities)], [*enumerate(lesson.keywords)],
                   [*enumerate(lesson.teacher_notes.fact_checks)], lesson.timeline, set(Lesson.model_fields))

    @classmethod
    def salvage(cls, data: dict) -> Parts:
        """Read what can be read from a lesson that failed validation."""
        parts = cls()
        for name in ("essay", "duration", "total_marks", "homework", "exit_ticket", "timeline"):
            ok, value = _field(name, data)
            if ok:
                setattr(parts, name, value)
                parts.complete.add(name)
        notes = data.get("teacher_notes")
        lists = {"sources": (Source, data.get("sources")), "questions": (LessonQuestion, data.get("questions")),
                 "activities": (Activity, data.get("activities")), "keywords": (str, data.get("keywords")),
                 "fact_checks": (FactCheck, notes.get("fact_checks") if isinstance(notes, dict) else None)}
        for name, (model, items) in lists.items():
            good = _items(model, items)
            setattr(parts, name, good)
            if items is None or (isinstance(items, list) and len(good) == len(items)):
                parts.complete.add(name)
        return parts


def _field(name: str, data: dict) -> tuple[bool, Any]:
    info = Lesson.model_fields[name]
    if name not in data:
        return True, info.default
    try:
        return True, TypeAdapter(Annotated[info.annotation, info]).validate_python(data[name])
    except ValidationError:
        return False, None


def _items(model: Any, items: Any) -> list[tuple[int, Any]]:
    if not isinstance(items, list):
        return []
    good = []
    for i, item in enumerate(items):
        if model is str:
            if isinstance(item, str):
                good.append((i, item))
            continue
        try:
            good.append((i, model.model_validate(item)))
        except ValidationError:
            pass
    return good


class Essays:
    """Essays loaded once per course; a broken essay is reported once, not once per lesson."""

    def __init__(self, root: Path):
        self.root, self.loaded, self.broken = root, {}, set()
        self.folder = root / "lessons" / "essays"

    def get(self, name: str, where: Location, errors: list[LessonpackError]) -> Essay | None:
        if name in self.loaded:
            return self.loaded[name]
        file = self.folder / f"{name}.md"
        known = sorted(p.stem for p in self.folder.glob("*.md"))
        if not _ESSAY_NAME.match(name) or not os.path.lexists(file):  # a FIFO or link: load_essay refuses it
            close = get_close_matches(name.removesuffix(".md"), known, n=1, cutoff=0.6)
            errors.append(LessonpackError(
                f'essay "{name}" not found in lessons/essays/', where,
                f'did you mean "{close[0]}"? (the file name without .md)' if close
                else f"essays in lessons/essays/: {', '.join(known) or 'none'}"))
            return None
        if name in self.broken:
            return None
        try:
            self.loaded[name] = load_essay(file, within=self.root)
        except LessonpackError as exc:
            self.broken.add(name)
            errors.append(exc)
            return None
        return self.loaded[name]


def passage_pieces(essay: Essay, passage: Passage, at: tuple, doc: YamlDocument,
                   errors: list[LessonpackError]) -> list[Piece] | None:
    """The essay text a passage names, or None (with the error recorded) if it names nothing."""
    if passage.section is not None:
        where = at + ("section",)
        section = essay.section(passage.section)
        if section is None:
            ids = [s.id for s in essay.sections]
            close = get_close_matches(passage.section, ids, n=1, cutoff=0.5)
            listed = ", ".join(f"{s.id} ({span(s.first, s.last)})" for s in essay.sections) or "none"
            errors.append(LessonpackError(
                f'{_dotted(where)}: unknown section "{passage.section}" in essay "{essay.name}"', doc.location(where),
                (f'did you mean "{close[0]}"? If' if close else "If")
                + f" the essay was edited, its sections may have been renamed; the sections it has now: {listed}"))
            return None
        return [Piece(n, essay.paragraph(n).text) for n in range(section.first, section.last + 1)]
    if passage.paragraphs is not None:
        where = at + ("paragraphs",)
        bounds = essay.parse_range(passage.paragraphs)
        if bounds is None:
            count = len(essay.paragraphs)
            hint = f'write a paragraph number or range between 1 and {count}, e.g. "4" or "4-7"'
            if re.match(r"^\s*\d+\s*([-–]\s*\d+\s*)?$", passage.paragraphs):
                hint += (f"; the essay has {count} paragraphs now, so if it was edited, "
                         "check the numbers with `lessonpack sections`")
            errors.append(LessonpackError(f'{_dotted(where)}: "{passage.paragraphs}" is not a paragraph range '
                                          f'in essay "{essay.name}"', doc.location(where), hint))
            return None
        return [Piece(n, essay.paragraph(n).text) for n in range(bounds[0], bounds[1] + 1)]
    where = at + ("quote",)
    matches = list(essay.find_quotes(passage.quote or ""))
    if not matches:
        errors.append(quote_error(essay, passage.quote or "", where, doc))
        return None
    if len(matches) > 1:
        errors.append(ambiguous_quote_error(matches, where, doc))
        return None
    match = matches[0]
    text = essay.paragraph(match.paragraph).text
    return [Piece(match.paragraph, text[match.start:match.end],
                  cut_before=match.start > 0, cut_after=match.end < len(text))]


def span(first: int, last: int) -> str:
    """A paragraph range as printed: "¶4–7", or "¶6" for one paragraph."""
    return f"¶{first}" if first == last else f"¶{first}–{last}"


def quote_error(essay: Essay, quote: str, where: tuple, doc: YamlDocument) -> LessonpackError:
    """A quote not in the essay: the closest passage, its ¶ number and the words that differ."""
    found = nearest(quote, [(p.number, p.text) for p in essay.paragraphs])
    return LessonpackError(f"{_dotted(where)}: these words are not in the essay “{essay.meta.title}”",
                           doc.location(where), describe(quote, found, "the essay"))


def ambiguous_quote_error(matches: list, where: tuple, doc: YamlDocument) -> LessonpackError:
    """A quote that stands in more than one place: the teacher says which, never a silent first pick."""
    places = ", ".join(f"¶{m.paragraph}" for m in matches)
    return LessonpackError(f"{_dotted(where)}: these words occur {len(matches)} times in the essay ({places})",
                           doc.location(where), "quote a few more words before or after them, so that they "
                           "stand in one place only")


def source_quote_error(letter: str, pieces: list[Piece], adapted: str | None, quote: str, where: tuple,
                       doc: YamlDocument, essay: Essay | None = None) -> LessonpackError | None:
    """A question's quote must be in its source's extract (or its adapted text).

    Words that are in the essay but outside the source get where they are instead of
    a "closest passage" hint, which would only send the teacher back to the same words."""
    texts = [" ".join(p.text for p in pieces), adapted or ""]
    if any(fold(quote)[0] and fold(quote)[0] in fold(t)[0] for t in texts):
        return None
    elsewhere = essay.find_quote(quote) if essay else None
    if elsewhere:
        section = essay.section_of(elsewhere.paragraph)
        found = f"¶{elsewhere.paragraph}" + (f" (section “{section.title}”)" if section else "")
        extract = _spans(sorted({p.paragraph for p in pieces})) or "no paragraphs"
        return LessonpackError(f"{_dotted(where)}: these words are in the essay at {found}, "
                               f"but source {letter} prints only {extract}", doc.location(where),
                               f"add ¶{elsewhere.paragraph} to source {letter}'s extract, name a source that "
                               f"prints it, or quote words from {extract}")
    found = nearest(quote, [(p.paragraph, p.text) for p in pieces])
    return LessonpackError(f"{_dotted(where)}: these words are not in source {letter}", doc.location(where),
                           describe(quote, found, f"source {letter}"))


def _spans(numbers: list[int]) -> str:
    """Sorted paragraph numbers as printed ranges: "¶2, ¶8–10"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(span(first, last) for first, last in runs)


def _dotted(path: tuple) -> str:
    return dotted(path)


# What `lessonpack new` writes for the teacher to replace (scaffold.skeleton): printed as it is,
# "Why …?" would reach students, so a lesson that still has one is refused.
SKELETON_PLACEHOLDER = re.compile(r"^(?:Why …\?|Explain …|According to Source [A-Z], what …\?|"
                                  r"Study Source [A-Z]\. What …\?|Who made it, when, what kind of item, for whom …|"
                                  r"What the picture shows …)$")


def placeholder_errors(data: Any, doc: YamlDocument, at: tuple = ()) -> list[LessonpackError]:
    """Every value still as `lessonpack new` wrote it, at its line."""
    if isinstance(data, dict):
        return [e for key, value in data.items() for e in placeholder_errors(value, doc, at + (key,))]
    if isinstance(data, list):
        return [e for i, value in enumerate(data) for e in placeholder_errors(value, doc, at + (i,))]
    if isinstance(data, str) and SKELETON_PLACEHOLDER.match(data.strip()):
        return [LessonpackError(f"{_dotted(at)}: “{data.strip()}” is the placeholder `lessonpack new` wrote",
                                doc.location(at), "replace it with your own words: this is printed as it is")]
    return []


def check_lesson(parts: Parts, course: Course, essay: Essay | None, essays: Essays, doc: YamlDocument,
                 errors: list[LessonpackError]) -> dict[str, list[Piece]]:
    """Check every reference; return each fully resolved source's pieces by letter."""
    errors.extend(placeholder_errors(doc.data, doc))
    resolved: dict[str, list[Piece]] = {}
    letters = [s.letter for _, s in parts.sources]
    for i, source in parts.sources:
        target = essays.get(source.essay, doc.location(("sources", i, "essay")), errors) if source.essay else essay
        if target is None:
            continue
        pieces, whole = [], True
        for j, passage in enumerate(source.extract):
            got = passage_pieces(target, passage, ("sources", i, "extract", j), doc, errors)
            whole = whole and got is not None
            pieces.extend(got or [])
        if whole:
            resolved.setdefault(source.letter, pieces)
        if any(other.letter == source.letter for k, other in parts.sources if k < i):
            errors.append(LessonpackError(f'sources[{i}].letter: source "{source.letter}" is defined twice',
                                          doc.location(("sources", i, "letter")), "give each source its own letter"))
    adapted = {s.letter: s.adapted for _, s in parts.sources}
    essay_of = {s.letter: essays.loaded.get(s.essay) if s.essay else essay for _, s in parts.sources}
    not_text = {s.letter: "picture" if s.picture else "statistics" for _, s in parts.sources
                if s.picture or s.statistics}
    for i, q in parts.questions:
        if q.quote and q.source in not_text:
            errors.append(LessonpackError(
                f"{_dotted(('questions', i, 'quote'))}: source {q.source} is a {not_text[q.source]} source, "
                "with no words to quote", doc.location(("questions", i, "quote")),
                "remove the quote (it gives line numbers of an essay extract), or say in the prompt where to look"))
            continue
        _check_question(i, q, letters, "sources" in parts.complete, resolved, adapted, essay_of, doc, errors)
    for i, word in parts.keywords:
        if word not in course.glossary:
            close = get_close_matches(word, list(course.glossary), n=1)
            errors.append(LessonpackError(
                f'keywords[{i}]: "{word}" is not in the course glossary', doc.location(("keywords", i)),
                f'did you mean "{close[0]}"?' if close else
                f'define it in lessons/course.yaml under glossary:, e.g.  {word}: "…"'))
    _check_sums(parts, doc, errors)
    if "timeline" in parts.complete:
        _check_timeline(parts.timeline, course, doc, errors)
    for i, check in parts.fact_checks:
        at = ("teacher_notes", "fact_checks", i)
        target = essays.get(check.essay, doc.location(at + ("essay",)), errors) if check.essay else essay
        matches = list(target.find_quotes(check.quote)) if target is not None else [None]
        if not matches:
            errors.append(quote_error(target, check.quote, at + ("quote",), doc))
        elif len(matches) > 1:
            errors.append(ambiguous_quote_error(matches, at + ("quote",), doc))
    return resolved


def _check_question(i: int, q: LessonQuestion, letters: list[str], all_sources: bool,
                    resolved: dict[str, list[Piece]], adapted: dict[str, str | None],
                    essay_of: dict[str, Essay | None], doc: YamlDocument, errors: list[LessonpackError]) -> None:
    if q.source is None:
        if q.quote:
            errors.append(LessonpackError(f"{_dotted(('questions', i, 'quote'))}: a quote needs a source",
                                          doc.location(("questions", i, "quote")),
                                          "add `source: A` naming the source the words come from"))
        return
    if q.source not in letters:
        if all_sources:
            errors.append(LessonpackError(
                f'{_dotted(("questions", i, "source"))}: there is no source "{q.source}" in this lesson',
                doc.location(("questions", i, "source")),
                f"sources defined: {', '.join(letters)}" if letters else
                "define the source under `sources:` (letter, title, extract), or remove this line"))
        return
    if q.quote and q.source in resolved:
        error = source_quote_error(q.source, resolved[q.source], adapted.get(q.source), q.quote,
                                   ("questions", i, "quote"), doc, essay_of.get(q.source))
        if error:
            errors.append(error)


def _check_timeline(choice: Any, course: Course, doc: YamlDocument, errors: list[LessonpackError]) -> None:
    """A lesson's timeline names events the course has, and its range holds at least one."""
    if choice is True or not choice:
        return
    if not course.timeline:
        errors.append(LessonpackError("timeline: the course has no timeline to print", doc.location(("timeline",)),
                                      "add events under timeline: in lessons/course.yaml"))
        return
    ids = [e.id for e in course.timeline if e.id is not None]
    for i, name in enumerate(choice.events):
        if name not in ids:
            close = get_close_matches(name, ids, n=1)
            errors.append(LessonpackError(
                f'timeline.events[{i}]: there is no timeline event with id "{name}" in course.yaml',
                doc.location(("timeline", "events", i)),
                f'did you mean "{close[0]}"?' if close else
                "give the event an id in lessons/course.yaml (- {date: …, event: …, id: NAME})"))
    if choice.start is not None or choice.end is not None:
        first, last = choice.start, choice.end
        if not any((first is None or e.year >= first) and (last is None or e.year <= last) for e in course.timeline):
            years = sorted({e.year for e in course.timeline})
            errors.append(LessonpackError(
                f"timeline: no course event falls in {first if first is not None else '…'}–"
                f"{last if last is not None else '…'}",
                doc.location(("timeline", "from" if first is not None else "to")),
                f"the course's events run from {years[0]} to {years[-1]}"))


def _check_sums(parts: Parts, doc: YamlDocument, errors: list[LessonpackError]) -> None:
    """Activities must fit in the lesson; questions' marks must make the stated total."""
    if {"activities", "duration"} <= parts.complete and parts.duration is not None:
        minutes = [a.minutes for _, a in parts.activities]
        if sum(minutes) > parts.duration:
            errors.append(LessonpackError(
                f"activities: the activities take {sum(minutes)} minutes ({' + '.join(map(str, minutes))}), "
                f"longer than the lesson's duration of {parts.duration}",
                doc.location(("activities",)), "shorten some activities, or raise `duration`"))
    for name in ("homework", "exit_ticket"):
        if {"questions", name} <= parts.complete:
            count = len(parts.questions)
            for k, number in enumerate(getattr(parts, name)):
                if number > count:
                    errors.append(LessonpackError(
                        f"{name}: there is no Question {number}: the worksheet has {count} question"
                        f"{'' if count == 1 else 's'}", doc.location((name, k)),
                        f"use the numbers the full worksheet prints, 1 to {count}"))
    if {"questions", "total_marks"} <= parts.complete and parts.total_marks is not None:
        marks = [q.marks for _, q in parts.questions]
        if sum(marks) != parts.total_marks:
            errors.append(LessonpackError(
                f"total_marks: the questions add up to {sum(marks)} marks, not {parts.total_marks} "
                f"({' + '.join(map(str, marks)) or 'no questions'})", doc.location(("total_marks",)),
                f"change a question's marks, or write total_marks: {sum(marks)}"))

