"""`lessonpack watch`: rebuild on every save, keep the last good files when a save has a mistake.

lessonpack.watch.watch runs in a thread with a threading.Event to stop it; its callbacks
put each build report or error on a queue that the test reads. Every wait is bounded,
and the watch is always stopped in a finally block. A change is saved again every few
seconds until the watch reports a build, because the file watcher starts only after the
first build and there is no signal for "ready".
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, copy_root, docx_text, squash

from lessonpack.build import Options
from lessonpack.watch import watch

WAIT = 20.0
"""Longest wait, in seconds, for the watch to report something."""
RESAVE = 2.0
"""How often a change is saved again while waiting for the watch to notice it."""

SMALL = ("01-first-soviet", "02-councils-1917")
NAMES = {"worksheet": "{lid}/{lid}_student-worksheet", "extract": "{lid}/{lid}_source-extracts",
         "teacher-notes": "{lid}/teacher/{lid}_teacher-notes"}


def documents(lid: str) -> set[str]:
    return {f"{name.format(lid=lid)}.{fmt}" for name in NAMES.values() for fmt in ("pdf", "docx")}


class Watching:
    """The watch running in a thread; what it reports arrives on a queue."""

    def __init__(self, root: Path, out: Path):
        self.root, self.out = root, out
        self.events: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            watch(self.root, self.out, Options(("pdf", "docx")), workers=1,
                  on_result=lambda report: self.events.put(("result", report)),
                  on_error=lambda error: self.events.put(("error", error)), stop=self.stop)
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            self.events.put(("crash", exc))
        finally:
            self.events.put(("stopped", None))

    def __enter__(self) -> Watching:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=WAIT)
        assert not self.thread.is_alive(), "the watch did not stop when asked"

    def wait_for(self, wanted, save=None, timeout: float = WAIT):
        """The first event (kind, detail) for which wanted(kind, detail) is true; save() is called
        now and again every RESAVE seconds until then. Fails after timeout seconds."""
        deadline = time.monotonic() + timeout
        next_save = 0.0
        seen = []
        while time.monotonic() < deadline:
            if save and time.monotonic() >= next_save:
                save()
                next_save = time.monotonic() + RESAVE
            try:
                kind, detail = self.events.get(timeout=0.2)
            except queue.Empty:
                continue
            if kind == "crash":
                raise AssertionError(f"the watch crashed: {detail!r}")
            if kind == "stopped":
                raise AssertionError("the watch stopped by itself")
            if wanted(kind, detail):
                return detail
            seen.append((kind, detail))
        raise AssertionError(f"nothing wanted arrived within {timeout} s; saw {seen}")


def all_text(path: Path) -> str:
    """Every word a PDF or DOCX prints, running headers included (text repeated on every page
    is what these tests look for, so no furniture is stripped)."""
    if path.suffix == ".docx":
        return squash(docx_text(path))
    from pypdf import PdfReader

    return squash(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def relative(out: Path, paths) -> set[str]:
    return {Path(p).relative_to(out).as_posix() for p in paths}


def files(out: Path) -> dict[str, tuple[int, int, bytes]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(out.rglob("*")) if p.suffix in (".pdf", ".docx")}


def wrote(out: Path, names: set[str]):
    """An event test: a build report that wrote (at least) these files."""
    return lambda kind, report: kind == "result" and names <= relative(out, report.written)


@pytest.fixture
def course(tmp_path) -> Path:
    return copy_root("inc-two-essays", tmp_path)


def test_a_saved_lesson_is_rebuilt_a_broken_one_reported_and_the_fix_rebuilt(course):
    out = course / "out"
    lesson = course / "lessons" / f"{SMALL[1]}.yaml"
    good = lesson.read_text(encoding="utf-8")
    with Watching(course, out) as watching:
        first = watching.wait_for(lambda kind, report: kind == "result")
        assert relative(out, first.written) == documents(SMALL[0]) | documents(SMALL[1])
        assert not first.failed

        # 1. A change to one lesson: a second report, which wrote that lesson's files (and no other's).
        edited = good.replace('title: "The councils return"', 'title: "The councils return (edited)"')
        report = watching.wait_for(wrote(out, documents(SMALL[1])),
                                   save=lambda: lesson.write_text(edited, encoding="utf-8"))
        assert not relative(out, report.written) & documents(SMALL[0])
        worksheet = out / f"{NAMES['worksheet'].format(lid=SMALL[1])}.pdf"
        assert "The councils return (edited)" in all_text(worksheet)

        # 2. A save with a YAML mistake: on_error, and the files stay exactly as they were.
        before = files(out)
        broken = edited.replace("marks: 1", "marks: [1")
        error = watching.wait_for(lambda kind, _: kind == "error",
                                  save=lambda: lesson.write_text(broken, encoding="utf-8"))
        assert f"{SMALL[1]}.yaml" in error.render()
        assert files(out) == before

        # 3. Fixed: rebuilt, with the fix in it.
        fixed = good.replace('title: "The councils return"', 'title: "The councils return (fixed)"')
        watching.wait_for(wrote(out, documents(SMALL[1])), save=lambda: lesson.write_text(fixed, encoding="utf-8"))
        assert "The councils return (fixed)" in all_text(worksheet)
        assert {n: v for n, v in files(out).items() if n in documents(SMALL[0])} == \
            {n: v for n, v in before.items() if n in documents(SMALL[0])}


def test_an_essay_saved_while_watching_rebuilds_the_lesson_citing_it(course):
    out = course / "out"
    essay = course / "lessons" / "essays" / "councils.md"
    text = essay.read_text(encoding="utf-8").replace("watched each other closely", "watched each other warily")
    with Watching(course, out) as watching:
        watching.wait_for(lambda kind, report: kind == "result")
        report = watching.wait_for(wrote(out, documents(SMALL[1])),
                                   save=lambda: essay.write_text(text, encoding="utf-8"))
        assert not relative(out, report.written) & documents(SMALL[0])
    extract = out / f"{NAMES['extract'].format(lid=SMALL[1])}.pdf"
    assert "watched each other warily" in all_text(extract)


def test_a_template_saved_while_watching_shows_in_the_rebuilt_worksheet(course):
    out = course / "out"
    partial = course / "templates" / "partials" / "question.md.j2"
    partial.parent.mkdir(parents=True)
    default = (REPO / "templates" / "partials" / "question.md.j2").read_text(encoding="utf-8")
    partial.write_text(default, encoding="utf-8")
    edited = default.replace("\n::::\n", "\n*Show your working.*\n\n::::\n")
    assert edited != default
    worksheets = {f"{NAMES['worksheet'].format(lid=lid)}.pdf" for lid in SMALL}
    with Watching(course, out) as watching:
        watching.wait_for(lambda kind, report: kind == "result")
        watching.wait_for(wrote(out, worksheets), save=lambda: partial.write_text(edited, encoding="utf-8"))
    for name in worksheets:
        assert "Show your working" in all_text(out / name), name


def test_the_watch_stops_when_asked_without_a_change(course):
    with Watching(course, course / "out") as watching:
        watching.wait_for(lambda kind, report: kind == "result")
    # __exit__ set the event and joined the thread: it ended.
    assert not watching.thread.is_alive()
