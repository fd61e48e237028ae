"""What `lessonpack build` was asked for: the options checked against one another, then one build run.

An option that does not apply to what was asked is refused with a message, never
ignored: a teacher who typed --seed or --fillable expects it to change the papers.
The command line only collects the options; the build or the class set is chosen here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .build import BuildReport, Options, default_workers, run_build
from .classset import ClassSet, build_class_sets
from .course import LoadedCourse
from .errors import LessonpackError
from .roster import load_roster

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

    @property
    def chosen_formats(self) -> tuple[str, ...]:
        return self.formats or DEFAULT_FORMATS

    def refuse_what_does_not_apply(self) -> None:
        """Raise a LessonpackError for the first option that would change nothing, saying why."""
        asked = ",".join(self.chosen_formats)
        if self.roster is not None and self.formats is not None and set(self.formats) != {"pdf"}:
            raise LessonpackError(f"--format {asked} does not apply to a class set (--roster): class sets are "
                                  "PDF only (a worksheet per student, a print file and a zip)",
                                  hint="leave out --format, or give --format pdf; for DOCX files, build "
                                       "without --roster")
        if self.fillable and not {"pdf", "html"} & set(self.chosen_formats):
            raise LessonpackError(f"--fillable puts form fields in PDF files, and --format {asked} makes none "
                                  "(nor HTML pages)",
                                  hint="add pdf to --format (--format pdf,docx) or html (--format html,docx), "
                                       "or leave out --fillable")
        if self.roster is None and self.variants is not None:
            raise LessonpackError("--variants hands out shuffled versions to a class, so it needs --roster",
                                  hint="add --roster class.csv (a CSV with a name column); the teacher notes "
                                       "then hold the answer key of every version")
        if self.seed is not None and self.roster is None:
            raise LessonpackError("--seed chooses how the versions of a class set are shuffled, so it needs "
                                  "--roster and --variants",
                                  hint="add --roster class.csv --variants 2 (or more), or leave out --seed")
        if self.seed is not None and (self.variants or 1) == 1 and not _roster_names_versions(self.roster):
            raise LessonpackError("--seed chooses how the versions are shuffled, but without --variants (and "
                                  "with no variant column in the roster) every student gets the same paper",
                                  hint="add --variants 2 (or more), or leave out --seed")

    def options(self) -> Options:
        return Options(self.chosen_formats, self.profile, self.tier, self.fillable)

    def run(self, course: LoadedCourse, out: Path, *, on_event: Callable | None = None,
            on_warning: Callable[[LessonpackError], None] | None = None) -> BuildOutcome:
        """Build the course's documents, or with a roster its class sets, into `out`."""
        self.refuse_what_does_not_apply()
        workers = self.workers or default_workers()
        if self.roster is not None:
            sets = build_class_sets(course, self.roster, out, variants=self.variants or 1, seed=self.seed or 0,
                                    fillable=self.fillable, profile=self.profile, tier=self.tier,
                                    workers=workers, on_warning=on_warning)
            return BuildOutcome(class_sets=sets)
        report = run_build(course, out, self.chosen_formats, workers=workers, force=self.force,
                           on_event=on_event, options=self.options())
        return BuildOutcome(report=report)


@dataclass
class BuildOutcome:
    """What a build made: a report of documents, or the class sets of a roster."""

    report: BuildReport | None = None
    class_sets: list[ClassSet] = field(default_factory=list)


def _roster_names_versions(roster: Path | None) -> bool:
    """Whether the roster gives some students a version (its variant column), which the seed shuffles."""
    return roster is not None and any(entry.variant is not None for entry in load_roster(roster))
