"""A small build's PDF and DOCX files made side by side: this process writes the PDFs while one
forked process writes the DOCX files of the same documents.

A pool of workers, one per CPU, each rendering whole documents, cost a one-lesson build about a
tenth more CPU time than one process (two forked copies of a large process, each making its own
caches again, and the pool's own machinery), for six documents. Here each document's model is made
once, before the fork, so the other process has it for nothing, and each process imports and fills
only its own writer (python-docx imported by the forked process while this one imports reportlab,
side by side). The PDF and DOCX halves of a lesson take about the same time, so the two
processes finish together. The other process's results come back through an unnamed temporary
file (a pipe would stall it once full, until this process read).
"""

from __future__ import annotations

import os
import pickle
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import LessonpackError
from .job_render import Prepared, inputs_of, prepare, write_formats

if TYPE_CHECKING:
    from .build import Job
    from .course import LoadedCourse

Result = tuple[dict[Path, bytes], list[Path]] | LessonpackError
FORKED_FORMAT = "docx"
"""What the forked process writes; this process writes every other format asked for."""


def can_split(jobs: list[Job], formats: tuple[str, ...]) -> bool:
    """Whether these jobs can be split by format: both formats asked for, and a system that forks."""
    return hasattr(os, "fork") and FORKED_FORMAT in formats and len(formats) > 1 and bool(jobs)


def render_split(course: LoadedCourse, jobs: list[Job]) -> Iterator[tuple[Job, Result]]:
    """Each job with its files (or its mistake), in order, once both processes have written them."""
    ready: list[Prepared | LessonpackError] = []
    for job in jobs:
        try:
            ready.append(prepare(course, job))
        except LessonpackError as exc:
            ready.append(exc)
    with tempfile.TemporaryFile() as results:
        pid = os.fork()
        if pid == 0:  # the forked process: write the DOCX files, hand them back, never return
            _write_forked(ready, results)
        try:
            own = [item if isinstance(item, LessonpackError) else _write(item, _others(item.job))
                   for item in ready]
            _, status = os.waitpid(pid, 0)
        except BaseException:  # a bug, Ctrl-C, SIGTERM: the forked process is ended too
            _stop(pid)
            raise
        theirs = _collect(status, results)
    for job, item, mine, forked in zip(jobs, ready, own, theirs):
        if isinstance(item, LessonpackError):
            yield job, item
            continue
        if isinstance(forked, tuple):  # not a mistake in the user's input: a bug, raised here
            raise forked[0] from _Remote(forked[1])
        yield job, _joined(course, item, mine, forked)


def _others(job: Job) -> tuple[str, ...]:
    return tuple(fmt for fmt, _ in job.outputs if fmt != FORKED_FORMAT)


def _write(item: Prepared, formats: tuple[str, ...]) -> dict[Path, bytes] | LessonpackError:
    try:
        return write_formats(item, formats)
    except LessonpackError as exc:
        return exc


def _write_forked(ready: list[Prepared | LessonpackError], results) -> None:
    """In the forked process: every document's DOCX (or its mistake, or a bug with its traceback)."""
    status = 1
    try:
        made: list = []
        for item in ready:
            if isinstance(item, LessonpackError):
                made.append(None)
                continue
            try:
                made.append(_write(item, (FORKED_FORMAT,)))
            except Exception as exc:  # a bug: the parent raises it, with this process's traceback
                made.append((_picklable(exc), traceback.format_exc()))
                break
        results.write(pickle.dumps(made, pickle.HIGHEST_PROTOCOL))
        results.flush()
        status = 0
    finally:
        os._exit(status)  # never the parent's clean-up, buffers or exit handlers


def _picklable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _collect(status: int, results) -> list:
    """The forked process's results, once it has ended (with `status`)."""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("the process writing the DOCX files stopped before it finished "
                           f"(exit status {os.waitstatus_to_exitcode(status)})")
    results.seek(0)
    return pickle.loads(results.read())


def _stop(pid: int) -> None:
    """The forked process ended when this one stops early (a bug, Ctrl-C)."""
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except OSError:
        pass


def _joined(course: LoadedCourse, item: Prepared, mine, forked) -> Result:
    """A job's files in its order of formats, or the mistake of the first format that failed, as one
    process writing the formats in turn would have reported."""
    for fmt, _ in item.job.outputs:
        failed = forked if fmt == FORKED_FORMAT else mine
        if isinstance(failed, LessonpackError):
            return failed
    files = {**mine, **forked}
    return {path: files[path] for _, path in item.job.outputs}, inputs_of(course, item)


class _Remote(Exception):
    """The traceback of a bug in the forked process, shown under the error raised here."""

    def __init__(self, text: str):
        super().__init__(text)

    def __str__(self) -> str:
        return "\n" + self.args[0]
