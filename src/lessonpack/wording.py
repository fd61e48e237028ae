"""Every fixed word the writers print, in one table, so a translation swaps one object.

Both writers read these through the functions below (`printed_words()` for the plain words),
at the moment they print, so a replaced `WORDING` (another language, or a test's) changes the
PDF and the DOCX alike.
Templates hold their own words and are not listed here: they are the teacher's to change;
only words lessonpack works out for a template (whose line numbers a paper uses) are here too.
"""

from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Wording:
    """The printed words, English by default; `{name}` marks what is filled in."""

    marks_one: str = "[{n} mark]"
    marks_many: str = "[{n} marks]"
    minutes: str = "{n} min"
    question: str = "Question {number}"
    """Names a question's answer space: its form field's tooltip, and where its lines continue."""
    continued: str = "{label} (continued)"
    """Heads answer lines continued on a new page; an empty label leaves no space at either end."""
    true: str = "True"
    false: str = "False"
    word_bank: str = "Word bank:"
    source: str = "Source {letter}{adapted}: {title}"
    adapted: str = " (adapted)"
    source_continued: str = "Source {letter} (continued)"
    """Heads the piece of a source box printed on the next page."""
    adapted_continued: str = "Source {letter} (adapted, continued)"
    """Heads the next page's piece of an adapted version (one pair of brackets, not "(adapted) (continued)")."""
    adapted_caption: str = ("Adapted (simplified) from Source {letter}, numbered on its own: a question's line numbers "
                            "are those of Source {letter}, not these. ")
    """Starts an adapted version's caption: its lines are numbered on their own, the questions cite the original's."""
    glossary: str = "Glossary"
    glossary_run_on: str = "Glossary — "
    """Before a glossary printed as one run-on paragraph."""
    details_field: str = "{label}:"
    details_labels: tuple[str, str, str] = ("Name", "Class", "Date")
    figures_source: str = "Source of the figures: {source}"
    """Under a statistics source's table or chart."""
    figures_units: str = "Figures in {units}"
    """Over a statistics source's table."""
    chart_alt: str = "{kind} of {series}{units} by {labels}: {figures}. Source: {source}"
    """A chart's alt text, the figures in words for a screen reader."""
    chart_kinds: tuple[str, str, str] = ("Table", "Bar chart", "Line chart")
    timeline_date: str = "Date"
    timeline_event: str = "Event"
    page_of: str = "Page {page} of {total}"
    page_of_kind: str = "{kind} · {numbers}"
    """The footer's page numbers with the document kind, where a large print's header has no room for it."""
    copy_owner: str = "{name} · {group}"
    """A class-set copy's footer: whose copy it is; without a class only the name is printed."""
    running_title: str = "{course} — {title}"
    """The page header's left side."""
    document_title: str = "{title} — {kind}"
    """The file's title, as PDF readers and file browsers show it."""
    logo_alt: str = "{school} logo"
    """The alt text of the school's logo in the header (a screen reader reads it)."""
    logo_alt_unnamed: str = "School logo"
    line_numbers_shared: str = "Line numbers are those of the standard, dyslexia-friendly and high-contrast papers."
    """The teacher notes of a paper that prints the shared extract lines: whose "lines 12–14" they use."""
    line_numbers_own: str = "Line numbers are those of the {paper} paper."
    """The teacher notes of a paper whose extracts are broken at its own measure (large print)."""
    skip_link: str = "Skip to the worksheet"
    """An HTML page's first link, for keyboard and screen-reader users: it jumps past the header."""
    line_label: str = "line {number}"
    """Read out (not shown) before an extract line a question cites, in an HTML page."""
    answer_lines: str = "Space to write your answer: {n} lines"
    """Read out (not shown) where an HTML page shows ruled answer lines or an answer box."""
    answer_to: str = "Your answer to {label}"
    """Labels a text box to type an answer in (a fillable HTML page)."""
    gap: str = "{label}: gap {n}"
    """Names a gap to type a word in, in a fillable HTML page ("Question 4: gap 2")."""
    save_answers: str = "Save my answers"
    """The button of a fillable HTML page that saves the answers as a text file to hand in."""
    no_answer: str = "(no answer)"
    """In the saved answers file, for a question left blank."""
    statement: str = "Statement"
    """Names the statement column of a true/false grid for screen readers (HTML)."""
    large_print_paper: str = "large-print ({size} pt)"
    own_paper: str = "{size} pt"
    """A paper narrower than the standard one but not large print (a school's own profile)."""
    question_elsewhere: str = "{questions} on the worksheet"
    """A homework or exit-ticket question's reference to a question that sheet leaves out."""


WORDING = Wording()
"""The table in use; a translation replaces it (the writers read it each time they print)."""


def printed_words() -> Wording:
    """The table in use now: read at print time, never kept, so a replaced table takes effect."""
    return WORDING


def marks_label(n: int) -> str:
    """The marks label: "[1 mark]", "[4 marks]"."""
    return (WORDING.marks_one if n == 1 else WORDING.marks_many).format(n=n)


def minutes_label(n: int) -> str:
    return WORDING.minutes.format(n=n)


def question_label(number: str) -> str:
    return WORDING.question.format(number=number)


def question_elsewhere(questions: str) -> str:
    """A cross-reference to a question not on the sheet it is printed on: "Question 3 on the worksheet"."""
    return WORDING.question_elsewhere.format(questions=questions)


def continued_label(label: str) -> str:
    """What heads answer lines continued on a new page: the question's label, if any."""
    return WORDING.continued.format(label=label).strip()


def source_title(letter: str, title: str, adapted: bool) -> str:
    return WORDING.source.format(letter=letter, adapted=WORDING.adapted if adapted else "", title=title)


def adapted_caption(letter: str) -> str:
    return WORDING.adapted_caption.format(letter=letter)


def source_continued(letter: str, adapted: bool = False) -> str:
    """The title over the rest of a source box continued on a new page: "Source B (continued)",
    "Source B (adapted, continued)" (it says which version the line numbers count)."""
    return (WORDING.adapted_continued if adapted else WORDING.source_continued).format(letter=letter)


def details_field(label: str) -> str:
    """A student-details label as printed before its value ("Name:")."""
    return WORDING.details_field.format(label=label)


def page_of(page: int, total: int) -> str:
    return WORDING.page_of.format(page=page, total=total)


def page_of_kind(kind: str, numbers: str) -> str:
    return WORDING.page_of_kind.format(kind=kind, numbers=numbers)


def page_of_pieces(kind: str = "") -> list[tuple[str, str | None]]:
    """The page footer as (text, field) pieces, field "page" or "total" or None: for a format
    whose reader fills in the numbers itself (DOCX), in the order this language puts them;
    with `kind`, the document kind where `page_of_kind` puts it."""
    numbers = page_of_kind(kind, WORDING.page_of) if kind else WORDING.page_of
    pieces = []
    for text, name, _, _ in string.Formatter().parse(numbers.replace("{", "{{").replace("}", "}}")
                                                     .replace("{{page}}", "{page}").replace("{{total}}", "{total}")):
        if text:
            pieces.append((text, None))
        if name is not None:
            pieces.append(("", name))
    return pieces


def copy_owner(name: str, group: str) -> str:
    """Whose copy this is, for its footer ("Zoë Ångström · 10B"); just the name when no class is known."""
    return WORDING.copy_owner.format(name=name, group=group) if group else name


def running_title(course: str, title: str) -> str:
    return WORDING.running_title.format(course=course, title=title)


def document_title(title: str, kind: str) -> str:
    return WORDING.document_title.format(title=title, kind=kind)


def logo_alt(school: str) -> str:
    """The logo's alt text: "Northfield Academy logo", or "School logo" where course.yaml names no school."""
    return WORDING.logo_alt.format(school=school) if school else WORDING.logo_alt_unnamed


def line_numbers_note(size: float | None = None, large_print: bool = False) -> str:
    """Which paper's line numbers a document uses: the shared ones (no size) or those of a paper of this text size."""
    if size is None:
        return WORDING.line_numbers_shared
    paper = (WORDING.large_print_paper if large_print else WORDING.own_paper).format(size=f"{size:g}")
    return WORDING.line_numbers_own.format(paper=paper)


def line_label(number: int) -> str:
    return WORDING.line_label.format(number=number)


def answer_lines_label(n: int) -> str:
    return WORDING.answer_lines.format(n=n)


def answer_to(label: str) -> str:
    return WORDING.answer_to.format(label=label)


def gap_label(label: str, n: int) -> str:
    return WORDING.gap.format(label=label, n=n)


def figure_text(value: float) -> str:
    """A figure as printed: whole numbers without ".0", thousands with commas (13,995)."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def figures_source(source: str) -> str:
    return WORDING.figures_source.format(source=source)


def figures_units(units: str) -> str:
    return WORDING.figures_units.format(units=units)


def chart_alt(chart: str, columns: tuple[str, ...], rows: tuple[tuple[str, tuple[float, ...]], ...],
              units: str, source: str) -> str:
    """The figures of a table or chart in words, so a screen reader hears what the chart shows."""
    kind = WORDING.chart_kinds[("table", "bar", "line").index(chart)]
    figures = "; ".join(f"{label}: " + ", ".join(figure_text(v) for v in values) for label, values in rows)
    return WORDING.chart_alt.format(kind=kind, series=", ".join(columns[1:]), units=f" ({units})" if units else "",
                                    labels=columns[0].lower(), figures=figures, source=source)
