"""The DOCX timeline breaks between entries as the PDF's does: one picture per entry, stacked with no
gap, so the reader's program can end a page after any entry. Drawn as one picture a page's worth, a
timeline that did not fit under its heading moved whole to the next page, and lesson 02's worksheet
took a page more in LibreOffice than in the PDF."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.writers import write

EVENTS = tuple(d.TimelineEvent(f"{month} 1905", 1905, f"Event {n} of the year, told in a few words", 1905 + n / 12)
               for n, month in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"), start=0))
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


YEARLY = tuple(d.TimelineEvent(str(year), year, f"Event of {year}") for year in range(1905, 1912))


def written(to_scale: bool, profile: str, events=EVENTS):
    document = d.Document(d.DocumentInfo("A lesson", "Student worksheet", "A course"),
                          (d.Timeline("Timeline", events, to_scale),))
    return docx.Document(BytesIO(write(document, theme_for("A4", profile), "docx")))


def pictures(doc) -> list:
    """The body's paragraphs that hold a picture, with the picture's alt text."""
    found = []
    for paragraph in doc.paragraphs:
        described = [p.get("descr") for p in paragraph._p.iter(f"{PIC}docPr")]
        if described:
            found.append((paragraph, described[0]))
    return found


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_each_entry_is_a_picture_of_its_own_so_a_page_may_break_after_it(profile):
    """Each entry but the first two and the last two, which go in one picture each (the PDF never
    splits them off; a chain of pictures kept with the next let LibreOffice leave the heading at a page's foot)."""
    alts = [alt for _, alt in pictures(written(False, profile))]
    assert len(alts) == len(EVENTS) - 2, alts
    entries = [[event for event in EVENTS if f"{event.date}: {event.event}" in alt] for alt in alts]
    assert [len(group) for group in entries] == [2] + [1] * (len(EVENTS) - 4) + [2]
    assert [event for group in entries for event in group] == list(EVENTS)
    assert all(alt.startswith("Timeline: ") for alt in alts)


@pytest.mark.parametrize("events", [EVENTS, YEARLY])
@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_to_scale_entries_whose_dot_stands_beside_another_entry_share_a_picture(profile, events):
    """To scale, entries are pushed apart around their dots, so a dot may stand level with the entry
    above's text: no page may part a dot from its event, so no cut is made there, but elsewhere."""
    alts = [alt for _, alt in pictures(written(True, profile, events))]
    assert all(alt.startswith("Timeline: ") for alt in alts) and 1 < len(alts) < len(events)
    listed = "; ".join(alt.removeprefix("Timeline: ") for alt in alts)
    assert listed == "; ".join(f"{event.date}: {event.event}" for event in events)


def test_the_pictures_stand_edge_to_edge_the_heading_kept_with_the_first():
    doc = written(False, "standard")
    strips = [paragraph for paragraph, _ in pictures(doc)]
    heading = doc.paragraphs[0]
    assert heading.text == "Timeline" and heading.paragraph_format.keep_with_next
    for paragraph in strips:
        fmt = paragraph.paragraph_format
        style = paragraph.style.paragraph_format
        assert (fmt.space_before or style.space_before).pt == (fmt.space_after or style.space_after).pt == 0
        extent = next(paragraph._p.iter(f"{PIC}extent"))
        # the line at least the picture's height, and the descent of a font too small to open a gap
        assert 0 < fmt.line_spacing.pt - int(extent.get("cy")) / 12700 < 0.5
        assert paragraph.style.font.size.pt <= 1 and all(run.font.size is None for run in paragraph.runs)
    assert not any(p.paragraph_format.keep_with_next for p in strips)
