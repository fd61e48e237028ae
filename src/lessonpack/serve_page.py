"""The page `lessonpack serve` shows: the course's lessons, their documents with a first-page
preview and a link to each built file, the class sets' zips, and the last save's mistakes at
their file and line.

Plain HTML (headings, lists, labelled links), every text escaped with markupsafe as it is
placed; the only script is the few lines that reload the page after a rebuild.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from markupsafe import Markup, escape

from .build import BuildReport
from .context import kind_label
from .course import LoadedCourse
from .error_report import plural
from .errors import LessonpackError, Location, display_path, shown_line
from .filenames import safe_name
from .pipeline import output_path
from .serve_files import BuiltFile

FORMAT_NAMES = {"pdf": "PDF", "docx": "Word (DOCX)", "html": "web page (HTML)"}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the page shows after one rebuild."""

    root: Path
    out: Path
    formats: tuple[str, ...]
    suffix: str
    """What the file names add for the print profile served (Options.suffix)."""
    generation: int = 0
    """Counts rebuilds; the page reloads when it changes."""
    course: LoadedCourse | None = None
    """The last course that loaded without mistakes (its files are the ones listed)."""
    report: BuildReport | None = None
    problems: tuple[LessonpackError, ...] = ()
    internal: str = ""
    """A bug in lessonpack met during the last rebuild, in one line."""
    files: dict[str, BuiltFile] | None = None
    finished: float = 0.0


def page(snapshot: Snapshot) -> str:
    course = snapshot.course
    title = course.course.title if course else "lessonpack"
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{escape(title)} — lessonpack serve</title>\n",
        '<link rel="stylesheet" href="/serve.css">\n<script src="/serve.js" defer></script>\n</head>\n',
        f'<body data-generation="{snapshot.generation}">\n<header>\n<h1>{escape(title)}</h1>\n',
        f"<p>{_summary(snapshot)}</p>\n",
        '<p id="status" role="status" aria-live="polite"></p>\n</header>\n<main>\n',
        _problems(snapshot),
        _warnings(snapshot),
        _lessons(snapshot),
        "</main>\n</body>\n</html>\n",
    ]
    return "".join(str(p) for p in parts)


def _summary(snapshot: Snapshot) -> Markup:
    where = escape(display_path(snapshot.out))
    if snapshot.generation == 0:
        return Markup("Building the course into <code>{}</code>…").format(where)
    report = snapshot.report
    made = "" if report is None else f": {plural(len(report.written), 'file')} made, {len(report.skipped)} up to date"
    at = time.strftime("%H:%M:%S", time.localtime(snapshot.finished))
    return Markup("Output folder <code>{}</code>. Last rebuild at {}{}. Saving a lesson, essay or "
                  "template rebuilds it.").format(where, at, made)


def _problems(snapshot: Snapshot) -> Markup | str:
    report = snapshot.report
    failed = list(report.failed) if report else []
    problems = [*snapshot.problems, *failed]
    if not problems and not snapshot.internal:
        return ""
    items = [_problem(snapshot.root, p) for p in problems]
    if snapshot.internal:
        items.append(Markup('<li><p class="message">internal error: {}</p><p>This is a bug in lessonpack, '
                            "not in your files; please report it.</p></li>\n").format(snapshot.internal))
    kept = ("The files below are from the last build without mistakes; fix the problem and save."
            if snapshot.problems else "The other documents were made.")
    return Markup('<section id="problems" aria-labelledby="problems-heading">\n'
                  '<h2 id="problems-heading">Problems ({})</h2>\n<ol>\n{}</ol>\n<p>{}</p>\n</section>\n').format(
        len(items), Markup("").join(items), kept)


def _warnings(snapshot: Snapshot) -> Markup | str:
    """What loads but is probably a mistake (an invisible character, say), while there is no problem."""
    if snapshot.problems or snapshot.course is None or not snapshot.course.warnings:
        return ""
    items = [_problem(snapshot.root, w) for w in snapshot.course.warnings]
    return Markup('<section id="warnings" aria-labelledby="warnings-heading">\n'
                  '<h2 id="warnings-heading">Warnings ({})</h2>\n<ol>\n{}</ol>\n</section>\n').format(
        len(items), Markup("").join(items))


def _problem(root: Path, error: LessonpackError) -> Markup:
    location = error.location
    place = Markup("")
    shown = Markup("")
    if location is not None:
        place = Markup('<code class="where">{}</code>: ').format(_where(root, location))
        line = location.source_line()
        if line is not None:
            text, caret = shown_line(line, location.column)
            marker = "\n" + " " * (caret - 1) + "^" if caret else ""
            shown = Markup("<pre>{}{}</pre>\n").format(text, marker)
    hint = Markup('<p class="hint">Hint: {}</p>\n').format(error.hint) if error.hint else ""
    return Markup('<li>\n<p class="message">{}{}</p>\n{}{}</li>\n').format(place, error.message, shown, hint)


def _where(root: Path, location: Location) -> str:
    """file:line:column, the file as a path inside the course where it is one."""
    try:
        name = Path(location.file).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        name = display_path(location.file)
    return name + (f":{location.line}" if location.line else "") + (
        f":{location.column}" if location.line and location.column else "")


def _lessons(snapshot: Snapshot) -> Markup | str:
    course, files = snapshot.course, snapshot.files or {}
    if course is None:
        return Markup("<p>No lesson has been built yet.</p>\n") if snapshot.generation else ""
    sections = [_lesson(snapshot, lesson, files) for lesson in course.lessons]
    return Markup('<section aria-labelledby="lessons-heading">\n<h2 id="lessons-heading">Lessons ({})</h2>\n'
                  "{}</section>\n").format(len(sections), Markup("").join(sections))


def _lesson(snapshot: Snapshot, lesson, files: dict[str, BuiltFile]) -> Markup:
    anchor = "lesson-" + safe_name(lesson.id)
    title = lesson.lesson.title
    source = _where(snapshot.root, Location(lesson.file))
    documents = []
    listed: set[str] = set()
    for kind in lesson.lesson.documents:
        keys = {fmt: _key(snapshot, lesson.id, kind, fmt) for fmt in snapshot.formats}
        listed.update(keys.values())
        documents.append(_document(kind, title, keys, files))
    folder = safe_name(lesson.id) + "/"
    zips = [f for k, f in files.items() if k.startswith(folder) and k.endswith(".zip")]
    others = [f for k, f in files.items() if k.startswith(folder) and k not in listed and not k.endswith(".zip")]
    parts = [Markup('<article aria-labelledby="{}">\n<h3 id="{}">{}</h3>\n<p>From <code>{}</code></p>\n'
                    '<ul class="documents">\n{}</ul>\n').format(anchor, anchor, title, source,
                                                                Markup("").join(documents))]
    if zips:
        parts.append(Markup('<h4>Class sets</h4>\n<ul class="files">\n{}</ul>\n').format(Markup("").join(
            Markup("<li>{}</li>\n").format(_link(f, PurePosixPath(f.key).parent.name,
                                                  f"{PurePosixPath(f.key).parent.name}, zip, {title}"))
            for f in zips)))
    if others:
        parts.append(Markup('<h4>Other files built earlier</h4>\n<ul class="files">\n{}</ul>\n').format(
            Markup("").join(Markup("<li>{}</li>\n").format(_link(f, PurePosixPath(f.key).name)) for f in others)))
    parts.append(Markup("</article>\n"))
    return Markup("").join(parts)


def _key(snapshot: Snapshot, lesson_id: str, kind: str, fmt: str) -> str:
    path = output_path(snapshot.out, lesson_id, kind, fmt, snapshot.suffix)
    return path.relative_to(snapshot.out).as_posix()


def _document(kind: str, title: str, keys: dict[str, str], files: dict[str, BuiltFile]) -> Markup:
    label = kind_label(kind)
    pdf = files.get(keys.get("pdf", ""))
    preview = (Markup('<img src="/preview/{}" alt="First page of the {}" width="180">\n').format(
        pdf.key, label.lower()) if pdf else Markup('<p class="no-preview">No PDF to preview.</p>\n'))
    links = []
    for fmt, key in keys.items():
        if key in files:
            name = FORMAT_NAMES.get(fmt, fmt)
            links.append(Markup("<li>{}</li>").format(_link(files[key], name, f"{name}, {label}, {title}")))
    listing = (Markup('<ul class="files">{}</ul>\n').format(Markup("").join(links)) if links
               else Markup("<p>Not built yet.</p>\n"))
    return Markup('<li class="document">\n<h4>{}</h4>\n{}{}</li>\n').format(label, preview, listing)


def _link(file: BuiltFile, text: str, label: str = "") -> Markup:
    """A link to a built file and its size; label, when given, names it fully for a screen reader
    (which lists links out of context), starting with the words shown."""
    size = f"{max(1, round(file.size / 1024))} KB"
    named = Markup(' aria-label="{}"').format(label) if label else ""
    return Markup('<a href="/files/{}"{}>{}</a> ({})').format(file.key, named, text, size)


STYLE = """\
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 72rem; padding: 1rem;
       color: #1a1a1a; background: #fff; }
code, pre { font-family: ui-monospace, monospace; }
#problems, #warnings { border: 3px solid #b00020; padding: 0 1rem; margin: 1rem 0; }
#warnings { border-color: #8a5a00; }
.where { font-weight: bold; }
pre { background: #f4f4f4; padding: 0.5rem; overflow-x: auto; }
.hint { font-style: italic; }
ul.documents { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
li.document { border: 1px solid #767676; padding: 0.5rem; width: 14rem; }
li.document h4 { margin: 0 0 0.5rem; }
li.document img { display: block; width: 100%; height: auto; border: 1px solid #ccc; }
ul.files { padding-left: 1.2rem; }
a { color: #0645ad; }
a:focus { outline: 3px solid #1a1a1a; outline-offset: 2px; }
article { border-top: 1px solid #ccc; margin-top: 1.5rem; }
#status:empty { display: none; }
#status { font-weight: bold; }
@media (prefers-color-scheme: dark) {
  body { color: #eee; background: #121212; }
  pre { background: #222; }
  a { color: #8ab4f8; }
  a:focus { outline-color: #eee; }
  #problems { border-color: #ff6b81; }
  #warnings { border-color: #f0b429; }
}
"""

SCRIPT = """\
// Reload when a rebuild has finished; say when one is running or the server has stopped.
var shown = document.body.dataset.generation, status = document.getElementById("status");
function poll() {
  fetch("/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
    if (String(s.generation) !== shown) { location.reload(); return; }
    status.textContent = s.building ? "Rebuilding…" : "";
    setTimeout(poll, 1000);
  }, function () { status.textContent = "lessonpack serve has stopped."; setTimeout(poll, 3000); });
}
poll();
"""
