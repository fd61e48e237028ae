"""Check a course end to end without writing anything: what `lessonpack validate` runs."""

from __future__ import annotations

import re
from pathlib import Path

from . import glyphs
from .check_report import Report
from .course import LoadedCourse, LoadedLesson, inspect_course
from .errors import ErrorGroup, LessonpackError, Location, flatten
from .expand import TemplateSet
from .made_from import course_inputs
from .context import TIERS, for_tier, lesson_context
from .pipeline import check_kinds, make_document
from .questions import referenced_numbers
from .timeline import lesson_events
from .validate_cache import remember_rendered, rendered_clean


def check(root: Path, only: list[Path] | None = None) -> Report:
    """Load and check a course (or some of its lessons), then render each clean lesson's documents."""
    found = inspect_course(root, only)
    report = Report(list(found.errors), list(found.warnings))
    course = found.loaded()
    if course is not None:
        report.errors.extend(render_errors(course))
        report.warnings.extend(pack_warnings(course))
        report.lessons = len(course.lessons)
        report.inputs = course_inputs(course)
    report.errors = _unique(report.errors)
    report.warnings = _unique(report.warnings)
    return report


def render_errors(course: LoadedCourse) -> list[LessonpackError]:
    """Expand every document of every lesson through its template, in memory; collect what fails."""
    templates = TemplateSet(course.templates_dir)
    errors: list[LessonpackError] = []
    try:
        check_kinds(course, templates)
    except ErrorGroup as group:
        errors.extend(group.errors)
    kinds = set(templates.kinds())
    templates_sound = not errors
    for lesson in course.lessons:
        if templates_sound and rendered_clean(course, lesson):
            continue  # its files, the templates and lessonpack as when it last rendered cleanly
        shared = None  # the lesson's context, made for its first document and shared by the rest
        clean = len(errors)
        for kind in dict.fromkeys(lesson.lesson.documents):
            if kind not in kinds:
                continue
            try:
                shared = shared or lesson_context(course, lesson)
                document = make_document(course, lesson, kind, templates, shared=shared)
            except LessonpackError as exc:
                for problem in flatten([exc]):
                    if problem.location is None:
                        problem.location = Location(lesson.file)
                    errors.append(problem)
                continue
            # Characters the PDF could not print, reported as the build would report them.
            errors.extend(glyphs.located([p for p in glyphs.check(document) if p.severe], course, lesson))
        if len(errors) == clean:
            remember_rendered(course, lesson)
    return errors


# What a question or activity may tell students to use. A pack that lacks it leaves marks
# students cannot earn from what they hold (a lesson once said "Use the timeline" and printed none).
TIMELINE = re.compile(r"\btimeline\b", re.IGNORECASE)
YEAR = re.compile(r"(?<![\d–-])(1[0-9]{3}|20[0-9]{2})(?!\d)")
"""A year a question names; with "use the timeline" in the same prompt, the timeline must reach it."""
SOURCE_LETTERS = re.compile(r"\bSources?\s+([A-Z](?:\s*(?:,|and|or|&|–|-|to)\s*[A-Z])*)\b")
# A quoted key word may hold an apostrophe inside a word ('Lenin's Testament'); a closing quote may not.
KEY_WORD = re.compile(r"\bkey (?:word|term)s?\b(?:\s+['‘\"]((?:[^'’\"]|['’](?=\w))+)['’\"])?", re.IGNORECASE)
PARAGRAPH = re.compile(r"(?:¶\s*|\b(?i:paragraphs?)\s+)(\d+)(?:\s*[–-]\s*(\d+))?")


def pack_warnings(course: LoadedCourse) -> list[LessonpackError]:
    """Where a lesson asks for what its students' pack does not print, or a mark scheme
    cites a paragraph the question's sources leave out: marks no student could earn."""
    warnings: list[LessonpackError] = []
    for lesson in course.lessons:
        warnings.extend(_asks_for_missing(course, lesson))
        warnings.extend(_cites_outside_sources(lesson))
        warnings.extend(_refers_to_missing_questions(lesson))
    return warnings


def _refers_to_missing_questions(lesson: LoadedLesson) -> list[LessonpackError]:
    """A question's "see Question 8" that names no question of the worksheet, or one a tier paper
    it is printed on leaves out: the sheet would point students at another question or none."""
    questions = lesson.lesson.questions
    found = []
    for path, text in _student_texts(lesson):
        if path[0] != "questions":
            continue
        asking = questions[path[1]]
        for number in dict.fromkeys(referenced_numbers(text)):
            if not 1 <= number <= len(questions):
                found.append(LessonpackError(
                    f"refers to Question {number}, but the worksheet has {len(questions)} question"
                    f"{'s' if len(questions) != 1 else ''}", lesson.doc.location(path),
                    hint="questions are named by their number on the full worksheet, from 1"))
                continue
            left_out = [t for t in TIERS if for_tier(asking, t) and not for_tier(questions[number - 1], t)]
            if left_out:
                found.append(LessonpackError(
                    f"refers to Question {number}, which the {' and '.join(left_out)} paper"
                    f"{'s' if len(left_out) > 1 else ''} it is printed on leave{'' if len(left_out) > 1 else 's'} out",
                    lesson.doc.location(path),
                    hint="give both questions the same tier, or reword so the question stands on its own"))
    return found


def _student_texts(lesson: LoadedLesson):
    """(path, text) of every instruction students read or hear: prompts, parts, scaffolds, activities."""
    for i, q in enumerate(lesson.lesson.questions):
        yield ("questions", i, "prompt"), q.prompt
        for j, part in enumerate(q.parts):
            yield ("questions", i, "parts", j, "prompt"), part.prompt
        for j, line in enumerate(q.scaffold):
            yield ("questions", i, "scaffold", j), line
        if q.extension:
            yield ("questions", i, "extension"), q.extension
    for i, activity in enumerate(lesson.lesson.activities):
        yield ("activities", i, "description"), activity.description


def _letters(run: str) -> set[str]:
    """'A', 'A and B', 'A–C' → the letters named."""
    letters = re.findall(r"[A-Z]", run)
    if re.search(r"[–-]|\bto\b", run) and len(letters) == 2:
        return {chr(c) for c in range(ord(letters[0]), ord(letters[1]) + 1)}
    return set(letters)


def _asks_for_missing(course: LoadedCourse, lesson: LoadedLesson) -> list[LessonpackError]:
    printed_letters = {s.source.letter for s in lesson.sources}
    timeline = lesson.lesson.timeline and bool(course.course.timeline)
    printed_years = [e.year for e in lesson_events(course.course.timeline, lesson.lesson.timeline)] if timeline else []
    key_words = {w.casefold() for w in lesson.lesson.keywords}
    key_words |= {w.casefold() for s in lesson.sources for w in s.source.glossary}
    found = []
    for path, text in _student_texts(lesson):
        where = lesson.doc.location(path)
        if not timeline and TIMELINE.search(text):
            found.append(LessonpackError(
                "tells students to use the timeline, but this lesson's pack prints none", where,
                hint="add `timeline: true` to the lesson (and events to course.yaml), or reword"))
        elif printed_years and path[0] == "questions" and TIMELINE.search(text):
            # Only questions: an activity's notes for the teacher cite dates the timeline need not hold.
            first, last = min(printed_years), max(printed_years)
            outside = sorted({int(y) for y in YEAR.findall(text)} - set(range(first, last + 1)))
            if outside:
                found.append(LessonpackError(
                    f"tells students to use the timeline for {', '.join(map(str, outside))}, but this lesson's "
                    f"timeline prints only {first}–{last}" if first != last else
                    f"tells students to use the timeline for {', '.join(map(str, outside))}, but this lesson's "
                    f"timeline prints only {first}", where,
                    hint="widen the lesson's timeline: range (from:, to:) or name the events by id (events: [...])"))
        for match in SOURCE_LETTERS.finditer(text):
            missing = sorted(_letters(match.group(1)) - printed_letters)
            if missing:
                found.append(LessonpackError(
                    f"tells students to use Source {', '.join(missing)}, but this lesson's pack prints "
                    f"only Source{'s' if len(printed_letters) != 1 else ''} {', '.join(sorted(printed_letters)) or 'none'}",
                    where, hint="add the source to the lesson's sources, or name one it prints"))
        for match in KEY_WORD.finditer(text):
            word = match.group(1)
            if (word and word.casefold() not in key_words) or (not word and not key_words):
                found.append(LessonpackError(
                    f"tells students to use the key word{' ' + repr(word) if word else 's'}, "
                    "but this lesson's pack does not print " + ("it" if word else "any"), where,
                    hint="add it under keywords: (with a meaning in course.yaml's glossary) or to a source's glossary"))
    return found


def _cites_outside_sources(lesson: LoadedLesson) -> list[LessonpackError]:
    by_letter = {s.source.letter: {p.paragraph for p in s.pieces} for s in lesson.sources}
    every = set().union(*by_letter.values()) if by_letter else set()
    found = []
    for i, q in enumerate(lesson.lesson.questions):
        allowed = by_letter.get(q.source, every) if q.source else every
        scheme = q.mark_scheme
        texts = [(("questions", i, "model_answer"), q.model_answer)]
        if scheme is not None:
            texts += [(("questions", i, "mark_scheme", "points", j), t) for j, t in enumerate(scheme.points)]
            texts += [(("questions", i, "mark_scheme", "levels", j, "descriptor"), lv.descriptor)
                      for j, lv in enumerate(scheme.levels)]
            texts += [(("questions", i, "mark_scheme", "indicative", j), t) for j, t in enumerate(scheme.indicative)]
        for path, text in texts:
            for match in PARAGRAPH.finditer(text):
                first = int(match.group(1))
                cited = set(range(first, int(match.group(2) or first) + 1))
                outside = sorted(cited - allowed)
                if outside:
                    shown = ", ".join(f"¶{n}" for n in outside)
                    found.append(LessonpackError(
                        f"cites {shown}, which the question's sources do not print "
                        f"(they hold {_ranges(sorted(allowed))})", lesson.doc.location(path),
                        hint="cite a paragraph the students hold, or add it to the question's source"))
    return found


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 17] → '¶1–3, ¶17'."""
    if not numbers:
        return "no paragraphs"
    runs, start = [], numbers[0]
    for prev, n in zip(numbers, numbers[1:] + [None]):
        if n != prev + 1:
            runs.append(f"¶{start}" if start == prev else f"¶{start}–{prev}")
            start = n
    return ", ".join(runs)


def _unique(problems: list[LessonpackError]) -> list[LessonpackError]:
    """One report per problem: a broken template fails every lesson the same way."""
    seen: set[tuple] = set()
    out = []
    for problem in problems:
        key = (problem.message, str(problem.location), problem.hint)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out
