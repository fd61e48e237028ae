"""A lesson's timeline, as its students see it: only the events the lesson chooses, drawn to scale
(dots as far apart as their dates, a break mark across a long gap), the Old Style note only with
dates before February 1918, and in the DOCX the same drawing as a picture whose alt text lists the
events, not a table. Each test copies the shipped course, changes its timeline or a lesson's
choice, and reads back the PDF (pypdf: text, and the dots and strokes of its content streams) or the DOCX (its XML, as a reader opens it)."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import REPO, _mult, overprinted, pdf_runs, pdf_text, run_cli, squash
from lessonpack.course import load_course
from lessonpack.errors import ErrorGroup
from lessonpack.pipeline import course_theme, make_document, template_set
from lessonpack.timeline import when
from lessonpack.writers.docx import write_docx
from lessonpack.writers.pdf import write_pdf

LESSON = "03-stalin-bureaucracy"
OLD_STYLE = "Dates before February 1918 are Old Style"
COURSE_EVENTS = re.compile(r"^timeline:\n(?:  - .*\n)+", re.M)
LESSON_CHOICE = re.compile(r"^timeline: .*$", re.M)


def course_copy(tmp_path: Path, events: str | None = None, choice: str | None = None) -> Path:
    """The shipped course with its timeline events (then every lesson prints them all) and lesson 03's
    `timeline:` line replaced."""
    root = tmp_path / "course"
    shutil.copytree(REPO / "lessons", root / "lessons")
    shutil.copytree(REPO / "templates", root / "templates")
    if events is not None:
        course = root / "lessons" / "course.yaml"
        course.write_text(COURSE_EVENTS.sub("timeline:\n" + events, course.read_text(encoding="utf-8")),
                          encoding="utf-8")
        for other in (root / "lessons").glob("0*.yaml"):  # the shipped lessons' ranges fit the shipped events
            other.write_text(LESSON_CHOICE.sub("timeline: true", other.read_text(encoding="utf-8")), encoding="utf-8")
    if choice is not None:
        lesson = root / "lessons" / f"{LESSON}.yaml"
        lesson.write_text(LESSON_CHOICE.sub("timeline: " + choice, lesson.read_text(encoding="utf-8"), count=1),
                          encoding="utf-8")
    return root


def worksheet(root: Path, profile: str = "standard", fmt: str = "pdf", kind: str = "worksheet") -> Path:
    course = load_course(root)
    lesson = next(le for le in course.lessons if le.id == LESSON)
    document = make_document(course, lesson, kind, template_set(course.templates_dir),
                             theme=course_theme(course, profile))
    path = root / f"{kind}-{profile}.{fmt}"
    writer = write_pdf if fmt == "pdf" else write_docx
    path.write_bytes(writer(document, course_theme(course, profile)))
    return path


def timeline_paper(root: Path, profile: str = "standard", fmt: str = "pdf") -> Path:
    """The student paper that prints the timeline: the worksheet, or on large print the source booklet."""
    booklet = course_theme(load_course(root), profile).source_booklet
    return worksheet(root, profile, fmt, "extract" if booklet else "worksheet")


def events(*dated: tuple[str, str]) -> str:
    return "".join(f'  - {{date: "{date}", event: "{event}"}}\n' for date, event in dated)


# ----------------------------------------------------------------- dates


@pytest.mark.parametrize("date, point", [
    ("1905", 1905.0), ("Jan 1905", 1905.0), ("Oct 1905", 1905 + 9 / 12), ("13 Oct 1905", 1905 + (9 + 12 / 31) / 12),
    ("Mid-Oct 1905", 1905 + 9.5 / 12), ("Early 1907", 1907.1), ("1905–06", 1905.0),
    ("Feb 1917 (Mar N.S.)", 1917 + 1 / 12), ("25–26 Oct 1917", 1917 + (9 + 24 / 31) / 12), ("Sep–Nov 1906", 1906 + 8 / 12),
])
def test_a_printed_date_is_read_as_its_point_in_time(date, point):
    assert when(date, int(re.search(r"\d{4}", date).group())) == pytest.approx(point)


# ----------------------------------------------------------------- the lesson's choice


def test_a_lesson_range_prints_only_its_events_and_no_old_style_note_after_1918(tmp_path):
    path = worksheet(course_copy(tmp_path, choice="{from: 1922, to: 1926}"))
    text = squash(pdf_text(path))
    course = load_course(REPO).course
    inside = [e for e in course.timeline if 1922 <= e.year <= 1926]
    assert inside and all(squash(e.event) in text for e in inside)
    assert not [e.event for e in course.timeline if not 1922 <= e.year <= 1926 and squash(e.event) in text]
    assert OLD_STYLE not in text


def test_named_events_print_with_the_range_and_an_old_style_date_brings_the_note(tmp_path):
    path = worksheet(course_copy(tmp_path, choice="{from: 1922, to: 1922, events: [october-revolution]}"))
    text = squash(pdf_text(path))
    assert "Bolshevik revolution; Sovnarkom formed (26 Oct)" in text and "Stalin becomes General Secretary" in text
    assert "Lenin dies" not in text
    assert OLD_STYLE in text


def test_an_unknown_event_id_is_an_error_at_its_line_with_the_nearest_id(tmp_path):
    root = course_copy(tmp_path, choice="{events: [lenin-died]}")
    with pytest.raises(ErrorGroup) as caught:
        load_course(root)
    (error,) = caught.value.errors
    assert 'no timeline event with id "lenin-died"' in error.message and '"lenin-dies"' in error.hint
    lesson = root / "lessons" / f"{LESSON}.yaml"
    assert error.location.file == lesson
    assert error.location.line == lesson.read_text(encoding="utf-8").splitlines().index(
        "timeline: {events: [lenin-died]}") + 1


def test_a_range_no_event_falls_in_is_an_error_naming_the_course_s_years(tmp_path):
    with pytest.raises(ErrorGroup) as caught:
        load_course(course_copy(tmp_path, choice="{from: 1950}"))
    (error,) = caught.value.errors
    assert "no course event falls in 1950–…" in error.message and "1905 to 1940" in error.hint


def test_a_date_without_a_year_is_an_error_in_course_yaml(tmp_path):
    root = course_copy(tmp_path, events=events(("Oct", "The soviet meets"), ("1906", "Trial")), choice="true")
    with pytest.raises(ErrorGroup) as caught:
        load_course(root)
    assert any('the date "Oct" names no year' in e.message and e.location.file.name == "course.yaml"
               for e in caught.value.errors)


def test_validate_warns_when_a_question_uses_the_timeline_for_a_year_it_does_not_print(tmp_path):
    root = course_copy(tmp_path, choice="{from: 1922, to: 1925}")  # Question 8 asks about 1926
    result = run_cli("validate", "--format", "json", cwd=root)
    warnings = [w for w in json.loads(result.stdout) if w["severity"] == "warning"]
    assert [w["message"] for w in warnings] == [
        "tells students to use the timeline for 1926, but this lesson's timeline prints only 1922–1925"]


# ----------------------------------------------------------------- drawn to scale


def drawing(path: Path) -> tuple[list[tuple[int, float]], list[tuple[int, float, float, float, float]]]:
    """What the PDF draws besides text: the filled round paths (dots) as (page, centre down from the
    page top), and the straight strokes as (page, x0, top, x1, bottom), read from the content streams."""
    reader = PdfReader(str(path))
    dots, lines = [], []
    for number, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        ctm, stack, start, curve = [1, 0, 0, 1, 0, 0], [], (0.0, 0.0), []

        def at(x, y):
            return ctm[0] * float(x) + ctm[2] * float(y) + ctm[4], ctm[1] * float(x) + ctm[3] * float(y) + ctm[5]

        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                ctm = _mult([float(v) for v in operands], ctm)
            elif op == b"m":
                start, curve = at(*operands), [at(*operands)]
            elif op == b"l":
                end = at(*operands)
                lines.append((number, min(start[0], end[0]), height - max(start[1], end[1]),
                              max(start[0], end[0]), height - min(start[1], end[1])))
                start = end
            elif op == b"c":
                curve += [at(*operands[i:i + 2]) for i in (0, 2, 4)]
            elif op in (b"f", b"f*", b"B", b"b") and len(curve) > 4:
                xs, ys = [p[0] for p in curve], [p[1] for p in curve]
                if max(xs) - min(xs) < 12 and abs((max(xs) - min(xs)) - (max(ys) - min(ys))) < 0.5:
                    dots.append((number, height - (max(ys) + min(ys)) / 2))
                curve = []
    return sorted(dots), lines


def dots(path: Path) -> list[tuple[int, float]]:
    return drawing(path)[0]


def without_key_words(root: Path) -> Path:
    """The course with lesson 03 printing no key words, whose bullets read as dots."""
    lesson = root / "lessons" / f"{LESSON}.yaml"
    lesson.write_text(re.sub(r"^keywords:\n(?:  - .*\n)+", "", lesson.read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")
    return root


def slanted_lines(path: Path) -> list[tuple[int, float, float, float, float]]:
    """Short slanted strokes across an upright line (the axis): a break mark's. A leader's slant
    starts right of the axis."""
    lines = drawing(path)[1]
    upright = {(line[0], line[1]) for line in lines if line[1] == line[3] and line[4] - line[2] > 5}
    return [line for line in lines if line[3] - line[1] > 8 and 2 < line[4] - line[2] < 8
            and (line[4] - line[2]) / (line[3] - line[1]) > 0.25
            and any(page == line[0] and line[1] < x < line[3] for page, x in upright)]


def test_to_scale_the_distance_between_dots_follows_the_years_between_them(tmp_path):
    dated = events(("1922", "First"), ("1923", "Second"), ("1925", "Third"), ("1926", "Fourth"))
    path = worksheet(without_key_words(course_copy(tmp_path, events=dated, choice="{scale: true}")))
    (first, a), (_, b), (_, c), (last, e) = dots(path)
    assert first == last
    assert (c - b) / (b - a) == pytest.approx(2, rel=0.02)  # two years against one
    assert (e - c) / (b - a) == pytest.approx(1, rel=0.02)
    assert not slanted_lines(path)


def test_evenly_spaced_unless_the_lesson_asks_for_scale(tmp_path):
    dated = events(("1922", "First"), ("1923", "Second"), ("1925", "Third"), ("1926", "Fourth"))
    path = worksheet(without_key_words(course_copy(tmp_path, events=dated, choice="{from: 1922}")))
    (_, a), (_, b), (_, c), _ = dots(path)
    assert c - b == pytest.approx(b - a, abs=0.5)


def test_a_long_gap_is_cut_short_with_a_break_mark(tmp_path):
    dated = events(("1905", "A"), ("1906", "B"), ("1907", "C"), ("1917", "D"), ("1918", "E"))
    path = worksheet(without_key_words(course_copy(tmp_path, events=dated, choice="{scale: true}")))
    (_, a), (_, b), (_, c), (_, d), (_, e) = dots(path)
    assert b - a == pytest.approx(c - b, rel=0.02) == pytest.approx(e - d, rel=0.02)
    assert d - c < 4 * (b - a)  # ten years, not drawn ten times as long
    marks = slanted_lines(path)
    assert len(marks) == 2 and all(c < (m[2] + m[4]) / 2 < d for m in marks)


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_a_crowded_year_pushes_entries_apart_without_overprinting(tmp_path, profile):
    crowded = events(*[(f"{day} Oct 1905", f"Event on the {day}th of October, with words enough to wrap "
                                           "onto a second line in large print") for day in range(10, 20)],
                     ("1906", "The year after"))
    path = timeline_paper(course_copy(tmp_path, events=crowded, choice="{scale: true}"), profile)
    assert overprinted(path) == []
    assert len(dots(path)) == 11
    printed = [r for r in pdf_runs(path) if r.text.startswith("Event on the")]
    assert len({(r.page, round(r.y)) for r in printed}) == len(printed) == 10  # each on a line of its own


def leaders(path: Path, accent: str) -> list[tuple[int, list[tuple[float, float]]]]:
    """Every thin short line stroked in the accent colour (a leader: the axis and break marks are
    thicker, a box's rules longer or upright), as (page, its points top-down in page space), read
    from the content streams."""
    reader = PdfReader(str(path))
    target = tuple(int(accent[i:i + 2], 16) / 255 for i in (1, 3, 5))
    found = []
    for number, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        ctm, stack, width, colour, path_points = [1, 0, 0, 1, 0, 0], [], 1.0, (0.0, 0.0, 0.0), []

        def at(x, y):
            return (ctm[0] * float(x) + ctm[2] * float(y) + ctm[4],
                    height - (ctm[1] * float(x) + ctm[3] * float(y) + ctm[5]))

        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append((ctm, width, colour))
            elif op == b"Q":
                ctm, width, colour = stack.pop()
            elif op == b"cm":
                ctm = _mult([float(v) for v in operands], ctm)
            elif op == b"w":
                width = float(operands[0])
            elif op == b"RG":
                colour = tuple(float(v) for v in operands)
            elif op == b"m":
                path_points = [[at(*operands)]]
            elif op == b"l" and path_points:
                path_points[-1].append(at(*operands))
            elif op in (b"S", b"s"):
                if width < 1.0 and all(abs(a - b) < 0.01 for a, b in zip(colour, target)):
                    # not a box's rules: those run upright, or across the text width
                    found += [(number, points) for points in path_points
                              if len(points) > 1 and 4 < max(x for x, _ in points) - min(x for x, _ in points) < 80]
                path_points = []
            elif op == b"n":
                path_points = []
    return found


def crossing(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """Whether two polylines cross or touch anywhere but at a shared starting point (a shared dot)."""
    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    def meet(p1, p2, q1, q2):
        d1, d2, d3, d4 = side(q1, q2, p1), side(q1, q2, p2), side(p1, p2, q1), side(p1, p2, q2)
        return ((d1 > 1e-6 and d2 < -1e-6) or (d1 < -1e-6 and d2 > 1e-6)) and \
               ((d3 > 1e-6 and d4 < -1e-6) or (d3 < -1e-6 and d4 > 1e-6))
    if a[0] == b[0]:  # leaders from one dot (events on one date) share their start, then part
        return any(pa != pb for pa, pb in zip(a[1:], b[1:])) and \
            any(meet(p1, p2, q1, q2) for p1, p2 in zip(a[1:], a[2:]) for q1, q2 in zip(b[1:], b[2:]))
    return any(meet(p1, p2, q1, q2) for p1, p2 in zip(a, a[1:]) for q1, q2 in zip(b, b[1:]))


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_crowded_events_listed_out_of_order_get_leaders_that_never_cross(tmp_path, profile):
    """Ten events in a week of October 1905, listed out of date order: to scale, each stands at its
    date in date order, its entry pushed apart from the others and joined to its dot by a leader, and
    no leader crosses another. Before, an event listed after a later one was drawn at that one's date,
    and the leaders were slants in the few points between axis and text, lying across one another."""
    days = [14, 10, 17, 11, 19, 12, 16, 13, 18, 15]
    crowded = events(*[(f"{day} Oct 1905", f"Event on the {day}th of October, with words enough to wrap "
                                           "onto a second line in large print") for day in days],
                     ("1906", "The year after"))
    path = timeline_paper(course_copy(tmp_path, events=crowded, choice="{scale: true}"), profile)
    theme = course_theme(load_course(tmp_path / "course"), profile)
    drawn = leaders(path, theme.accent_colour)
    assert len(drawn) == 11  # one leader per event
    for i, (page, a) in enumerate(drawn):
        for other, b in drawn[i + 1:]:
            assert page != other or not crossing(a, b), (a, b)
    # each leader ends at its event's first line; in date order down the page, the dots too
    runs = [r for r in pdf_runs(path) if r.text.startswith(("Event on the", "The year after"))]
    top = float(PdfReader(str(path)).pages[0].mediabox.height)
    order = []
    for page, points in sorted(drawn, key=lambda d: (d[0], d[1][-1][1])):
        run = min((r for r in runs if r.page == page), key=lambda r: abs(top - r.y - points[-1][1]))
        order.append((page, points[0][1], 99 if run.text.startswith("The year") else int(run.text.split()[3][:-2])))
    assert [day for *_, day in order] == [*sorted(days), 99]
    assert all((p1, y1) < (p2, y2) for (p1, y1, _), (p2, y2, _) in zip(order, order[1:]))  # each at its own date


# ----------------------------------------------------------------- the DOCX


def docx_pictures(path: Path) -> tuple[list[str], str]:
    """The alt text of each picture, and the document's XML."""
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert media
    return re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml), xml


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_the_docx_draws_the_timeline_as_pictures_whose_alt_text_lists_the_events(tmp_path, profile):
    root = course_copy(tmp_path, choice="{from: 1922, to: 1926}")
    alts, xml = docx_pictures(timeline_paper(root, profile, "docx"))
    timeline = [a for a in alts if a.startswith("Timeline: ")]
    assert timeline
    listed = " ".join(timeline)
    for event in load_course(root).course.timeline:
        assert (event.event in listed) == (1922 <= event.year <= 1926), event.event
    assert ">Date<" not in xml and "Stalin becomes General Secretary<" not in xml  # no table, no text copy


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_the_docx_timeline_to_scale_stands_in_date_order_like_the_pdf(tmp_path, profile):
    """The DOCX pictures are the PDF's layout: events listed out of order stand (and are read out) in
    date order; before, they kept the course's order, each drawn at the date of the one above."""
    listed = events(("Dec 1905", "Third"), ("Jan 1905", "First"), ("Oct 1905", "Second"), ("1906", "Fourth"))
    root = course_copy(tmp_path, events=listed, choice="{scale: true}")
    alts, _ = docx_pictures(timeline_paper(root, profile, "docx"))
    read = " ".join(a for a in alts if a.startswith("Timeline: "))
    assert [read.index(word) for word in ("First", "Second", "Third", "Fourth")] == sorted(
        read.index(word) for word in ("First", "Second", "Third", "Fourth"))
    pdf = [r.text for r in pdf_runs(timeline_paper(root, profile)) if r.text in ("First", "Second", "Third", "Fourth")]
    assert pdf == ["First", "Second", "Third", "Fourth"]


# ----------------------------------------------------------------- lesson 03 at 24 pt


def pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


@pytest.mark.slow
def test_lesson_03_s_timeline_costs_its_large_print_source_booklet_two_pages_not_seven(tmp_path):
    """The lesson's own events (1922–26), about a page and a third at 24 pt, cost at most two pages;
    the course's whole timeline cost seven."""
    chosen = pages(timeline_paper(course_copy(tmp_path / "chosen"), "large-print-24"))
    none = pages(timeline_paper(course_copy(tmp_path / "none", choice="false"), "large-print-24"))
    everything = pages(timeline_paper(course_copy(tmp_path / "all", choice="true"), "large-print-24"))
    assert chosen <= none + 2 and everything >= chosen + 4


@pytest.mark.slow
def test_lesson_03_at_24_pt_takes_under_two_and_a_half_times_the_standard_pages(tmp_path):
    """28 pages against 7, when the large-print worksheet printed its sources and timeline as well
    as the source booklet, on the standard paper's margins: now the booklet holds them."""
    root = course_copy(tmp_path)
    assert pages(worksheet(root, "large-print-24")) < 2.5 * pages(worksheet(root, "standard"))


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_large_print_dates_and_events_stand_clear_of_their_dots(tmp_path_factory, profile):
    """At 24 pt the axis kept a fixed 10 pt each side: "Jan 1905•Bloody Sunday" read as one run, 3 pt
    from the date to the dot's edge. Now a dot's radius and a quarter em each side."""
    from conftest import course_in_profile, run_width
    from lessonpack.theme import theme_for

    size = theme_for("A4", profile).note
    pdf = next((course_in_profile(tmp_path_factory, profile) / "02-trotsky-following").glob("*source-extracts*.pdf"))
    runs = pdf_runs(pdf)
    date = next(r for r in runs if r.text == "Jan 1905")
    event = next(r for r in runs if r.page == date.page and r.text.startswith("Bloody Sunday") and r.x > date.x)
    radius = max(3.0, size * 0.2)
    assert event.x - (date.x + run_width(date)) >= 2 * (radius + 0.25 * size) - 0.5
