"""What `lessonpack validate` found, kept apart from the checking itself so that a check remembered
by the validate cache is reported without importing the schema and the templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import LessonpackError

SEVERITIES = ("error", "warning")


@dataclass
class Report:
    """What a check found: errors stop a build, warnings are probably mistakes but do not."""

    errors: list[LessonpackError] = field(default_factory=list)
    warnings: list[LessonpackError] = field(default_factory=list)
    lessons: int = 0
    """How many lessons were checked and found clean."""
    inputs: list[Path] = field(default_factory=list)
    """The course files the check read (course.yaml, the lessons and what they name): what the
    validate cache hashes to tell that the course has not changed."""

    def diagnostics(self) -> list[dict]:
        """`--format json`: each problem as `LessonpackError.as_dict()` plus its severity."""
        return [{**problem.as_dict(), "severity": severity}
                for severity, problems in zip(SEVERITIES, (self.errors, self.warnings)) for problem in problems]
