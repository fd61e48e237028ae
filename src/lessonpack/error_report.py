"""How a command's failure is shown: a user's mistakes plainly, a bug in lessonpack briefly with a log.

Never a traceback: a teacher's mistake is `file:line:col: message` + hint and exit
status 1; a bug is one short paragraph, exit status 3, its details saved to a file
to attach to a report.
"""

from __future__ import annotations

import functools
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import ErrorGroup, LessonpackError, display_path
from .files import write_atomic, writes

WRITERS = {"build", "new", "schema", "import_essay", "copy_template", "template_reference"}
"""Commands that write files: their error report says what was written."""

PROBLEM_FOUND = 1
"""Exit status for a mistake in the teacher's files or settings (2 is click's, for a usage error)."""
INTERNAL_ERROR = 3
"""Exit status for a bug in lessonpack."""
ERROR_LOG = "lessonpack-error.log"


def reports_errors(command):
    """Print a user's mistakes as `file:line:col: message` + hint and exit 1; a bug in lessonpack
    as one short paragraph, its details saved to a log, exit 3; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        writes.reset()
        try:
            return command(*args, **kwargs)
        except LessonpackError as exc:
            click.echo(exc.render(), err=True)
            count = len(exc.errors) if isinstance(exc, ErrorGroup) else 1
            written = f"; {_what_was_written()}" if command.__name__ in WRITERS else ""
            click.echo(f"lessonpack: {plural(count, 'problem')} found{written}.", err=True)
            sys.exit(PROBLEM_FOUND)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the output was piped into `head` or a pager that closed early
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:  # a bug in lessonpack, not the teacher's mistake: say so, briefly
            if os.environ.get("LESSONPACK_DEBUG"):
                raise
            written = _what_was_written()
            log = _save_error_log(exc, written)
            click.echo(f"lessonpack: internal error ({type(exc).__name__}: {exc}); {written}.", err=True)
            click.echo(f"the details are in {display_path(log)}" if log else
                       "the details could not be saved (run with LESSONPACK_DEBUG=1 to see them)", err=True)
            click.echo("hint: this is a bug in lessonpack, not in your files; please report it, with that file",
                       err=True)
            sys.exit(INTERNAL_ERROR)

    return wrapper


def _what_was_written() -> str:
    """What this command has put on disk so far, e.g. "3 files were written before the error
    (out/…, …); 27 were not" (the build's hidden bookkeeping files left out)."""
    done = [p for p in writes.done if not p.name.startswith(".")]
    if not done:
        return "nothing was written"
    shown = ", ".join(display_path(p) for p in done[:3]) + (", …" if len(done) > 3 else "")
    text = f"{plural(len(done), 'file')} {_was(len(done))} written before the error ({shown})"
    if writes.planned > len(done):
        text += f"; {writes.planned - len(done)} {_was(writes.planned - len(done))} not"
    return text


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


def _save_error_log(exc: Exception, written: str) -> Path | None:
    """Save what a bug report needs to the output folder (else a temporary file); None if neither works."""
    data = "".join([
        f"lessonpack {__version__}, Python {platform.python_version()}, {platform.platform()}\n",
        f"command: {' '.join(sys.argv)}\n",
        f"{written}\n", *[f"    {p}\n" for p in writes.done], "\n",
        *traceback.format_exception(exc),
    ]).encode("utf-8", "replace")
    if writes.out is not None:
        try:
            write_atomic(writes.out / ERROR_LOG, data, within=writes.out)
            return writes.out / ERROR_LOG
        except (LessonpackError, OSError):
            pass
    try:
        fd, name = tempfile.mkstemp(prefix="lessonpack-error-", suffix=".log")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return Path(name)
    except OSError:
        return None



def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
