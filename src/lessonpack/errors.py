"""One family of user-facing errors, each knowing where it happened and how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a user's file: path, 1-based line and column (0 when unknown)."""

    file: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        text = display_path(self.file)
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text

    def source_line(self) -> str | None:
        """The text of the offending line, for showing under the message."""
        from .inputs import read_input  # here, not at the top: inputs imports errors (a cycle)

        if not self.line:
            return None
        try:
            # Split only where YAML sees line breaks, so line numbers agree with the parser's.
            lines = re.split(r"\r\n|\r|\n", read_input(self.file).decode("utf-8-sig"))
        except (LessonpackError, UnicodeDecodeError):
            return None
        return lines[self.line - 1] if self.line <= len(lines) else None


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


class LessonpackError(Exception):
    """A mistake in the user's input: a message, where it is, and a hint to fix it."""

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        return prefix + self.message

    def record(self) -> dict:
        """The problem as plain data (with the absolute file), to be given back by from_record: how the
        build's manifest and the validate cache remember a course's warnings."""
        loc = self.location
        return {"message": self.message, "hint": self.hint or "",
                "file": str(loc.file) if loc else "", "line": loc.line if loc else 0,
                "column": loc.column if loc else 0}

    @classmethod
    def from_record(cls, entry: dict) -> LessonpackError:
        where = Location(Path(entry["file"]), entry["line"], entry["column"]) if entry["file"] else None
        return cls(entry["message"], where, entry["hint"] or None)

    def render(self) -> str:
        """The full report: `file:line:col: message`, the offending line, then `hint: …`."""
        parts = [str(self)]
        if self.location and (line := self.location.source_line()) is not None:
            shown, caret = shown_line(line, self.location.column)
            parts.append(f"    {shown}")
            if caret:
                parts.append("    " + " " * (caret - 1) + "^")
        if self.hint:
            parts.append(f"hint: {self.hint}")
        return "\n".join(parts)

    def as_dict(self) -> dict:
        """Machine-readable form for `--format json`."""
        loc = self.location
        return {
            "file": display_path(loc.file) if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "message": self.message,
            "hint": self.hint,
        }


SHOWN_LINE = 160
"""Characters of the offending line shown under a message: a 10 MB line would flood the terminal."""


def shown_line(line: str, column: int) -> tuple[str, int]:
    """The part of a long line around `column` (cut ends marked …), and where the column falls in it."""
    if len(line) <= SHOWN_LINE:
        return line, column
    start = max(0, min(column - 1 - SHOWN_LINE // 2, len(line) - SHOWN_LINE)) if column else 0
    piece = line[start:start + SHOWN_LINE]
    prefix, suffix = ("…" if start else ""), ("…" if start + SHOWN_LINE < len(line) else "")
    return prefix + piece + suffix, (column - start + len(prefix) if column else 0)


class ErrorGroup(LessonpackError):
    """Several user mistakes found together, reported at once."""

    def __init__(self, errors: list[LessonpackError]):
        self.errors = flatten(errors)
        super().__init__(f"{len(self.errors)} problem(s) found")

    def render(self) -> str:
        return "\n\n".join(e.render() for e in self.errors)


def flatten(errors: list[LessonpackError]) -> list[LessonpackError]:
    """Expand nested groups so every error is reported once, in order."""
    out: list[LessonpackError] = []
    for error in errors:
        out.extend(error.errors if isinstance(error, ErrorGroup) else [error])
    return out


def well_formed_record(entry) -> bool:
    """A problem as `LessonpackError.record` writes it: anything else read back from a file is dropped."""
    return (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("message", "hint", "file"))
            and "\x00" not in entry["file"]
            and all(type(entry.get(k)) is int and entry[k] >= 0 for k in ("line", "column")))
