"""The base every schema model shares, and the limits that apply to any text.

The models themselves: `course_model.py` (course.yaml), `question_model.py` (a worksheet
question), `lesson.py` (a lesson file).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

# Limits: what a worksheet can print, checked where the teacher typed it, so that
# anything `lessonpack validate` accepts also builds, in every format and profile.
TEXT_CHARS = 200_000
"""Any one text in a lesson or course.yaml: about 30,000 words, far more than a worksheet prints."""
TITLE_CHARS = 200
"""A title: printed in page headers and stored in the files' metadata, so a line, not a page."""


class Strict(BaseModel):
    """Base for every schema model: unknown keys are mistakes, docstrings are docs."""

    model_config = ConfigDict(extra="forbid", frozen=True,
                              str_max_length=TEXT_CHARS)
