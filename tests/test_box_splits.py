"""A box of items (key words) is not split into a stub at a page foot where the page its last items
go to holds it whole and moving it pushes nothing else down (issue 16)."""

from __future__ import annotations

import pytest
from test_layout_filled_pages import built, page_texts


@pytest.mark.parametrize(("profile", "pages"), [("standard", 3), ("dyslexia", 4)])
def test_key_words_that_fit_the_last_page_are_printed_whole_there(tmp_path, profile, pages):
    """Standard lesson 03's extracts printed two key words at the foot of page 2 and eight under "Key words
    (continued)" on page 3, which holds all ten (the dyslexia paper the same, two and eight on pages 3
    and 4); now the box is whole on the last page, and the page count is unchanged."""
    texts = page_texts(built(tmp_path, "03-stalin-bureaucracy", profile, "source-extracts"))
    assert len(texts) == pages
    assert not any("Key words (continued)" in text for text in texts)
    assert "bureaucracy: The officials" in texts[-1]


def test_a_timeline_taller_than_a_page_starts_overleaf_rather_than_with_two_entries(tmp_path):
    """Dyslexia lesson 02's homework cut its timeline two entries at the foot of page 4, fifteen on page 5
    and two on page 6; started on page 5 it runs over two pages, sixteen and three (8 pages, unchanged)."""
    texts = page_texts(built(tmp_path, "02-trotsky-following", "dyslexia", "homework"))
    assert len(texts) == 8
    first = next(n for n, text in enumerate(texts) if "Shidlovsky Commission" in text)
    last = next(n for n, text in enumerate(texts) if "Sovnarkom formed" in text)
    assert last == first + 1


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_short_list_splits_with_two_items_on_each_side(tmp_path, profile):
    """Lesson 01's large-print worksheets printed three objectives on page 1 and the fourth alone on page 2
    ("Judge how useful the essay is…"); split two and two, each page holds two (9 pages, unchanged)."""
    texts = page_texts(built(tmp_path, "01-soviet-1905", profile, "student-worksheet"))
    assert len(texts) == 9
    assert "Compare a soviet with elections" in texts[0]
    assert "Judge how far the soviet was new" in texts[1]
