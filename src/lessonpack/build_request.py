"""What `lessonpack build` was asked for: the options checked against one another, then one build run.

An option that does not apply to what was asked is refused with a message, never
ignored: a teacher who typed --seed or --fillable expects it to change the papers.
The command line only collects the options; the build or the class set is chosen here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import collecting
from .build import BuildReport, Options, default_workers, run_build
from .errors import LessonpackError
from .roster import load_roster

if TYPE_CHECKING:
    from .classset import ClassSet
    from .masters import VersionSet
    from .course import LoadedCourse

DEFAULT_FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class BuildRequest:
    """The options of one `lessonpack build`; None for an option the command line did not give."""

    formats: tuple[str, ...] | None = None
    profile: str = "standard"
    tier: str = ""
    fillable: bool = False
    roster: Path | None = None
    variants: int | None = None
    seed: int | None = None
    force: bool = False
    workers: int | None = None
    only: str = ""
    """"students" or "teacher": build only that audience's documents."""

    @property
    def chosen_formats(self) -> tuple[str, ...]:
        """The formats asked for; a fillable build, unless told otherwise, makes PDFs only (DOCX has no fields)."""
        if self.formats is None and self.fillable:
            return ("pdf",)
        return self.formats or DEFAULT_FORMATS

    def notes(self) -> list[str]:
        """What the build does differently from a plain one, said before it starts."""
        said = []
        if self.fillable and self.formats is None:
            said.append("--fillable: making PDF files only (--format html makes fillable web pages), and fillable "
                        "copies only of the documents students write on")
        return said

    def refuse_what_does_not_apply(self) -> None:
        """Raise a LessonpackError for the first option that would change nothing, saying why."""
        asked = ",".join(self.chosen_formats)
        if self.roster is not None and self.formats is not None and set(self.formats) != {"pdf"}:
            raise LessonpackError(f"--format {asked} does not apply to a class set (--roster): class sets are "
                                  "PDF only (a worksheet per student, a print file and a zip)",
                                  hint="leave out --format, or give --format pdf; for DOCX files, build "
                                       "without --roster")
        if self.fillable and not set(self.chosen_formats) <= {"pdf", "html"}:
            raise LessonpackError(f"--fillable puts form fields in PDF files and HTML pages only, and --format "
                                  f"{asked} asks for other formats too",
                                  hint="give --format pdf, html or pdf,html (or leave out --format), "
                                       "or leave out --fillable")
        if self.only and (self.roster is not None or self.variants is not None):
            raise LessonpackError(f"--only {self.only} chooses among a lesson's documents, but --roster and "
                                  "--variants make student copies and their mark scheme, always both",
                                  hint="leave out --only, or build without --roster and --variants")
        if self.only == "teacher" and self.fillable:
            raise LessonpackError("--fillable makes the documents students fill in, and --only teacher makes none",
                                  hint="give --only students, or leave out --fillable")
        if self.roster is None and self.variants == 1:
            raise LessonpackError("--variants 1 without --roster makes one version: that is a plain build",
                                  hint="give --variants 2 (or more) for versions A, B, …, or leave it out")
        if self.seed is not None and self.roster is None and self.variants is None:
            raise LessonpackError("--seed chooses how versions are shuffled, so it needs --variants",
                                  hint="add --variants 2 (or more), or leave out --seed")
        if self.seed is not None and (self.variants or 1) == 1 and not _roster_names_versions(self.roster):
            raise LessonpackError("--seed chooses how the versions are shuffled, but without --variants (and "
                                  "with no variant column in the roster) every student gets the same paper",
                                  hint="add --variants 2 (or more), or leave out --seed")

    @property
    def may_have_nothing_to_do(self) -> bool:
        """A plain build, not forced: the manifest alone may tell that every document is up to date."""
        return self.roster is None and self.variants is None and not self.force

    def options(self) -> Options:
        return Options(self.chosen_formats, self.profile, self.tier, self.fillable, self.only)

    def run(self, course: LoadedCourse, out: Path, *, on_event: Callable | None = None,
            on_warning: Callable[[LessonpackError], None] | None = None) -> BuildOutcome:
        """Build the course's documents, or with a roster its class sets, into `out`."""
        self.refuse_what_does_not_apply()
        collecting.rendering()
        workers = self.workers or default_workers()
        if self.roster is not None:
            from .classset import build_class_sets  # here: a plain build never imports them

            sets = build_class_sets(course, self.roster, out, variants=self.variants or 1, seed=self.seed or 0,
                                    fillable=self.fillable, profile=self.profile, tier=self.tier,
                                    workers=workers, force=self.force, on_warning=on_warning)
            return BuildOutcome(class_sets=sets)
        if self.variants is not None:  # masters A, B, … to photocopy, no names
            from .masters import build_versions

            versions = build_versions(course, out, variants=self.variants, seed=self.seed or 0,
                                      formats=self.chosen_formats, fillable=self.fillable,
                                      profile=self.profile, tier=self.tier)
            return BuildOutcome(versions=versions)
        report = run_build(course, out, self.chosen_formats, workers=workers, force=self.force,
                           on_event=on_event, options=self.options())
        return BuildOutcome(report=report)


@dataclass
class BuildOutcome:
    """What a build made: a report of documents, or the class sets of a roster."""

    report: BuildReport | None = None
    class_sets: list[ClassSet] = field(default_factory=list)
    versions: VersionSet | None = None


def _roster_names_versions(roster: Path | None) -> bool:
    """Whether the roster gives some students a version (its variant column), which the seed shuffles."""
    return roster is not None and any(entry.variant is not None for entry in load_roster(roster))
