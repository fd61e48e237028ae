"""The reference of what a template receives, made from the code so that docs/templates.md cannot go stale.

Two parts: the variables `context.build_context` and `questions.question_view` add
(described once, in `VARIABLES` below: a test checks that a real context has exactly
these keys), and the pydantic models behind `course`, `lesson` and `essay` (field
names, types, defaults and docstrings, as schema.py describes them for
docs/lesson-format.md). Templates receive each model as a read-only mapping of those
fields and worked-out values (`context.template_data`), never the model itself.

Regenerate the reference part of docs/templates.md with

    lessonpack templates reference docs/templates.md
"""

from __future__ import annotations

import inspect
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .context import computed
from .errors import LessonpackError, Location
from .files import write_atomic
from .inputs import decode_text, read_input
from .essay import EssayMeta
from .field_docs import describe
from .course_model import Course
from .lesson import Lesson
from .schema import table_cell, constraints_text, kind_text, models_in, doc_name

CONTEXT_START = "<!-- context: made by lessonpack.template_docs.context_reference(); do not edit by hand -->"
CONTEXT_END = "<!-- end of context -->"

VARIABLES: dict[str, tuple[str, str]] = {
    # name: (type, what it is). `a.b` is key b of mapping a; `a[].b` is key b of each item of list a.
    "course": ("[Course](#course)", "The course, `lessons/course.yaml` as checked: every key as written or its default."),
    "lesson": ("[Lesson](#lesson)",
               "The lesson file as checked. `lesson.questions` are the questions as written: unnumbered, in the "
               "teacher's order and with every tier; print `questions` instead."),
    "lesson_id": ("text", "The lesson's id (its `id:`, or the file name without .yaml), as used in file names."),
    "essay": ("[EssayMeta](#essaymeta)", "The front matter of the lesson's essay: title, author, form, date, url."),
    "sources": ("list of mappings",
                "The lesson's sources, in order, one mapping each (keys below). The extract itself is printed with "
                "`::: source {{ s.letter }}`, never from these keys."),
    "sources[].letter": ("text", 'The source\'s letter, "A" to "Z".'),
    "sources[].kind": ("text", '"extract" (essay text in numbered lines), "picture" or "statistics" (a table or '
                               "chart of figures); `::: source C` prints each kind."),
    "sources[].title": ("text", "The source's title, as in the lesson."),
    "sources[].caption": ("text", "The provenance caption: the lesson's `caption`, or one made from the essay's "
                                  "front matter."),
    "sources[].headnote": ("text", "The headnote printed above the extract; empty when there is none."),
    "sources[].has_adapted": ("`true` or `false`",
                              "Whether the source has an adapted version, printed with `::: source A adapted`."),
    "sources[].line_count": ("whole number", "How many numbered lines the extract has."),
    "sources[].paragraphs": ("list of whole numbers", "The essay paragraphs (¶) the extract quotes from, in order."),
    "questions": ("list of mappings",
                  "The questions this paper shows: numbered from 1, in this version's order, only those of the tier "
                  "being built. Each has every key of [Question](#question) plus the `questions[].…` keys below; a "
                  "\"see Question 8\" in its texts (typed in full-worksheet numbers) is numbered as this paper numbers it."),
    "questions[].number": ("whole number", "The question's number on this paper."),
    "questions[].lesson_number": ("whole number", "The question's number on the full paper (its place in the "
                                                  "lesson), as the lesson plan and `tiers` count; differs from "
                                                  "`number` on a tier's paper after a question it leaves out."),
    "questions[].picture_key": ("text", 'The name of the question\'s picture for `::: picture`, e.g. '
                                        '"question-2"; empty when it has none.'),
    "questions[].line_ref": ("text", 'Where the question\'s `quote` is in its source, e.g. "lines 12–14" or '
                                     '"line 8"; empty when the question quotes nothing.'),
    "questions[].answer_space": ("one of `lines`, `box`, `none`",
                                 "The answer space: the question's `space`, else `none` for choice, matching, "
                                 "gap-fill, ordering and table questions and for questions with parts, else `lines`."),
    "questions[].answer_lines": ("whole number", "Ruled lines (or the box's height in lines): the question's `lines`, "
                                                 "else two per mark, at least two."),
    "questions[].option_texts": ("list of text", "The options' texts in the order written (for ordering questions: "
                                                 "the right order). Empty for other types."),
    "questions[].choices": ("list of text", "multiple-choice and ordering only: the options in the order printed "
                                            "(shuffled unless `shuffle: false`; ordering items always shuffled)."),
    "questions[].answer_letter": ("text", 'multiple-choice only: the letter of the right option as printed, "A", '
                                          '"B", …'),
    "questions[].order_key": ("list of whole numbers", "ordering only: for each printed box, top to bottom, the "
                                                       "number it should hold."),
    "questions[].left": ("list of text", "matching only: the left column, in the order written."),
    "questions[].right": ("list of text", "matching only: the right column, shuffled as printed."),
    "questions[].match_key": ("list of text", "matching only: for each left item, the letter of its match in "
                                              "the printed right column."),
    "questions[].gap_text": ("text", 'gap-fill only: the text with each gap printed as "(1) __________", the number '
                                     "tied to its blank, every blank as long as the word bank's longest entry needs."),
    "questions[].gap_words": ("list of text", "gap-fill only: the missing words, in gap order (the answers)."),
    "questions[].word_bank": ("list of text", "gap-fill only: the gap words and distractors, alphabetical."),
    "questions[].show_scaffold": ("`true` or `false`", "Whether to print the sentence starters (`scaffold`): "
                                                       "on the full paper and the support tier."),
    "questions[].show_extension": ("`true` or `false`", "Whether to print the `extension` task: on the full "
                                                        "paper and the extension tier."),
    "total_marks": ("whole number", "The marks of `questions` added up."),
    "homework": ("list of mappings", "The questions the homework sheet sets, as in `questions`: the lesson's "
                                     "`homework`, else those worth 4 marks or more; their texts' \"see Question 8\" "
                                     "numbered as the sheet numbers them (from 1), or \"Question 3 on the worksheet\"."),
    "exit_ticket": ("list of mappings", "The questions on the exit ticket, as in `questions`: the lesson's "
                                        "`exit_ticket`, else the three worth fewest marks; cross-references numbered "
                                        "as on `homework`."),
    "tier": ("text", "The tier being built: `support`, `core` or `extension`; empty for the full paper."),
    "tiers": ("mapping of text to list of whole numbers",
              "For each tier, the full paper's numbers (`questions[].lesson_number`) of the questions it gets; "
              "a tier's own paper numbers them from 1."),
    "tiers.support": ("list of whole numbers", "The questions of the support tier (`--tier support`)."),
    "tiers.core": ("list of whole numbers", "The questions of the core tier."),
    "tiers.extension": ("list of whole numbers", "The questions of the extension tier."),
    "glossary": ("list of (text, text) pairs",
                 "The lesson's `keywords` with the course glossary's definitions, in the lesson's order: "
                 "`{% for word, meaning in glossary %}`."),
    "timeline": ("list of [TimelineEvent](#timelineevent)",
                 "The events the lesson's `timeline:` chooses (the whole course timeline when it sets none); "
                 "empty when the course has none. Draw them with `::: timeline`."),
    "timeline_old_style": ("`true` or `false`",
                           "Whether any of those events is dated before February 1918, when Russia changed "
                           "from the Old Style calendar: the templates print the O.S./N.S. note then."),
    "document": ("mapping", "Which document is being made."),
    "document.kind": ("text", 'The document kind: the template\'s name without .md.j2, e.g. "worksheet".'),
    "document.label": ("text", 'How the kind is named on the page and in file names, e.g. "Student worksheet".'),
    "student": ("mapping", "Who this copy is for, in a class set (`--roster`); every key is empty otherwise."),
    "student.name": ("text", "The student's name."),
    "student.group": ("text", "The student's class or group."),
    "student.version": ("text", 'The letter of the shuffled version this copy shows ("A", "B", …).'),
    "versions": ("list of mappings",
                 "For the teacher's copy of a class set with several versions (`--variants`): the answer key of "
                 "each version; empty otherwise."),
    "versions[].letter": ("text", 'The version\'s letter, "A", "B", ….'),
    "versions[].tier": ("text", 'The tier paper the key is for ("support", "core", "extension"), or "" for the full paper.'),
    "versions[].questions": ("list of mappings", "That version's questions, with the same keys as `questions`."),
    "line_numbers": ("text", "Which paper's extract line numbers this document's `line_ref`s use, as a sentence: "
                             '"Line numbers are those of the standard, dyslexia-friendly and high-contrast papers.", '
                             "or, on a paper too narrow for those lines (large print), that paper's own "
                             '("… of the large-print (24 pt) paper.").'),
    "paper": ("mapping", "The paper this document is printed on."),
    "paper.large_print": ("`true` or `false`", "Whether the body text is large print (16 pt or more): print fewer, "
                                        "larger pieces to a page, as the exit ticket does."),
    "paper.source_booklet": ("`true` or `false`", "Whether the sources and timeline are printed once, in the source "
                                            "booklet (the extracts) the student keeps beside the worksheet, and "
                                            "not in the worksheet too: true on the large-print papers, "
                                            "where the lesson makes its extracts (a class set's large-print "
                                            "copy then holds the booklet after the worksheet)."),
}
"""Every variable a template receives besides the models' own fields: type and description."""


def variables_table() -> str:
    """The table of context variables, in the order of `VARIABLES`."""
    lines = ["| variable | type | what it is |", "| --- | --- | --- |"]
    for name, (kind, about) in VARIABLES.items():
        lines.append(f"| `{name}` | {table_cell(kind)} | {table_cell(about)} |")
    return "\n".join(lines)


def template_default(info: FieldInfo) -> str:
    """What a template reads when the teacher left a field out."""
    if info.is_required():
        return "always given"
    value = info.default
    if value is None or value is PydanticUndefined:
        return "*none*"
    if isinstance(value, BaseModel):
        return "all defaults"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f"`{value}`" if value else "`\"\"` (empty)"
    if isinstance(value, list):
        return "`[" + ", ".join(map(str, value)) + "]`" if value else "`[]` (empty)"
    if isinstance(value, dict):
        return "`{}` (empty)" if not value else f"`{value}`"
    return f"`{value}`"


def model_section(model: type[BaseModel]) -> str:
    """One model's section: its docstring, then a table of its fields as templates read them."""
    lines = [f"### {doc_name(model)}", "", inspect.cleandoc(model.__doc__ or ""), "",
             "| field | type | when not given | what it is |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        about = describe(name, model)
        lines.append(f"| `{name}` | {table_cell(kind_text(info.annotation) + constraints_text(info))} | {template_default(info)} "
                     f"| {table_cell(about)} |")
    worked_out = computed(model)
    if worked_out:
        lines += ["", "Also readable, worked out from the fields: " + ", ".join(f"`{p}`" for p in worked_out) + "."]
    return "\n".join(lines)


def context_models() -> list[type[BaseModel]]:
    """The models a template reads through `lesson`, `course` and `essay`, each once, depth first."""
    return models_in(EssayMeta, models_in(Course, models_in(Lesson, [])))


def context_reference() -> str:
    """The generated part of docs/templates.md, markers included: the variables, then every model."""
    intro = ("Types: *text* is a string, *whole number* an integer, *mapping* a read-only set of named values "
             "(read its keys with a dot: `student.name`, or loop over `student.items()`), *list* a list (loop over "
             "it with `{% for … %}`). The course, lesson and essay (and each question, source, activity, …) are "
             "mappings too: their keys are the fields listed after this table. `a[].b` is key `b` of each item "
             "of the list `a`. A key described as \"multiple-choice only\" (or another type) is there only on "
             "questions of that type: test `q.type` first, since reading a key that is not there is an error. A field that is *none* when not given must be "
             "tested before it is printed (`{% if q.minutes %}…{% endif %}`): printing none is an error.")
    parts = [CONTEXT_START, "### Variables", intro, variables_table(),
             *(model_section(m) for m in context_models()), CONTEXT_END]
    return "\n\n".join(parts) + "\n"


def reference_in(text: str) -> str | None:
    """The generated part of a Markdown document, markers included, or None."""
    start, end = text.find(CONTEXT_START), text.find(CONTEXT_END)
    if start < 0 or end < start:
        return None
    return text[start:end + len(CONTEXT_END)] + "\n"


def update(path: Path) -> bool:
    """Replace the generated part of the document at path; return whether it changed."""
    text = decode_text(read_input(path, where=Location(path), what="the document"), path,
                       "the reference goes in a Markdown file such as docs/templates.md")
    old = reference_in(text)
    if old is None:
        raise LessonpackError("the document has no place for the template reference", Location(path),
                              hint=f"add the lines {CONTEXT_START} and {CONTEXT_END} where it goes")
    new = text.replace(old, context_reference())
    if new != text:
        write_atomic(path, new.encode("utf-8"))
    return new != text
