"""Rebuild what changed on every save, keeping the last good output when a save has a mistake."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import watch as changes

from .build import Options, run_build
from .course import load_course
from .errors import LessonpackError
from .expand import default_templates_dir


def watched_folders(root: Path) -> list[Path]:
    """The folders whose files a build reads: lessons (with essays and images), templates."""
    folders = [root / "lessons", root / "templates", root / "images", default_templates_dir()]
    return [f for f in folders if f.is_dir()]


def watch(root: Path, out: Path, options: Options, *, workers: int = 1,
          on_result: Callable[[object], None], on_error: Callable[[LessonpackError], None],
          stop: threading.Event | None = None) -> None:
    """Build now, then again after every change, until stop is set (or Ctrl-C).

    A mistake is reported and the watch goes on; since a course that does not
    load writes nothing, the last good files stay in place.
    """
    def once() -> None:
        try:
            course = load_course(root)
            on_result(run_build(course, out, options.formats, workers=workers, options=options))
        except LessonpackError as exc:
            on_error(exc)

    on_every_save(root, once, stop)


def on_every_save(root: Path, action: Callable[[], None], stop: threading.Event | None = None) -> None:
    """Run action now, then again after every save in the folders a build reads, until stop is set.

    `watch` and `lessonpack serve` share this loop, so both see the same saves.
    """
    action()
    for _ in changes(*watched_folders(root), stop_event=stop, debounce=300, rust_timeout=500,
                     watch_filter=lambda change, path: not Path(path).name.startswith(".")):
        action()
