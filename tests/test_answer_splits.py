"""A question's answer space is not split into stubs (issue 16): where the question whole fits the
next page and moving it costs no paper, it moves whole; the pieces of a split leave a useful share."""

from __future__ import annotations

from test_layout_filled_pages import built, page_of, page_texts


def test_the_last_question_moves_whole_where_the_answer_space_above_fills_its_page(tmp_path):
    """Standard lesson 03's homework printed Question 2's stem and three lines at the foot of page 4 and
    thirteen lines overleaf under "Question 2 (continued)", though the question whole fits page 5:
    now Question 1's lines grow to fill page 4 and Question 2 is printed whole on page 5 (5 pages)."""
    pages = page_texts(built(tmp_path, "03-stalin-bureaucracy", "standard", "homework"))
    assert len(pages) == 5
    assert not any("Question 2 (continued)" in text for text in pages)
    assert page_of(pages, "Stalin rose to power because") == 5
