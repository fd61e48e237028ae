"""Write a Document as one self-contained HTML page, for students who read on a screen.

writer holds the dispatch table, the simple blocks and the page; questions the questions and
their answer forms; sources the numbered extracts; styles the style sheet made from the theme.
"""

from .writer import write_html

__all__ = ["write_html"]
