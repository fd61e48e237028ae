"""`lessonpack serve`: a local page to see a course while writing it, rebuilt on every save.

A Starlette app (served by uvicorn from cli_serve.py, on 127.0.0.1 only). It only reads:
every route is GET; the page, its style and script, a JSON status the page polls to reload
after a rebuild, the built files (serve_files.py decides which) and first-page previews.
Requests whose Host is not this computer are refused, so a web page elsewhere cannot reach
the course through a name that points here (DNS rebinding).

Imported only by the serve command: `lessonpack build` never loads the web stack.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path, PurePosixPath

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .build import Options, default_workers, run_build
from .course import load_course
from .errors import ErrorGroup, LessonpackError, flatten
from .serve_files import Previews, built_files, read_built
from .serve_page import SCRIPT, STYLE, Snapshot, page
from .watch import on_every_save

LOCAL_HOSTS = ["127.0.0.1", "localhost"]
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".zip": "application/zip",
}
INLINE = {".pdf", ".html"}
"""Opened in the browser; the others are saved."""
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class Site:
    """The course being served: rebuilt now and on every save; the page reads its latest snapshot."""

    def __init__(self, root: Path, out: Path, options: Options, workers: int | None = None):
        self.root, self.out, self.options = root, out, options
        self.workers = workers or default_workers()
        self.snapshot = Snapshot(root, out, options.formats, options.suffix)
        self.building = False
        self.previews = Previews()
        self._lock = threading.Lock()

    def rebuild(self) -> None:
        """Load the course and build what changed; a mistake is shown, the last good files stay."""
        with self._lock:
            self.building = True
            before = self.snapshot
            course, report, problems, internal = before.course, None, (), ""
            try:
                course = load_course(self.root)
                report = run_build(course, self.out, self.options.formats, workers=self.workers,
                                   options=self.options)
            except LessonpackError as exc:
                problems = tuple(flatten([exc]) if isinstance(exc, ErrorGroup) else [exc])
            except Exception as exc:  # a bug in lessonpack: show it in the page, keep serving
                traceback.print_exc()
                internal = f"{type(exc).__name__}: {exc}"
            self.snapshot = replace(before, generation=before.generation + 1, course=course, report=report,
                                    problems=problems, internal=internal,
                                    files=built_files(self.out, course), finished=time.time())
            self.building = False

    def watch(self, stop: threading.Event) -> threading.Thread:
        """Rebuild now and after every save, in a thread, until stop is set."""
        thread = threading.Thread(target=on_every_save, args=(self.root, self.rebuild, stop),
                                  name="lessonpack-rebuild", daemon=True)
        thread.start()
        return thread


def create_app(site: Site) -> Starlette:
    """The read-only app: GET routes only, for this computer only."""

    def index(request: Request) -> Response:
        return HTMLResponse(page(site.snapshot), headers={"Content-Security-Policy": PAGE_POLICY,
                                                          "Cache-Control": "no-store"})

    def status(request: Request) -> Response:
        return JSONResponse({"generation": site.snapshot.generation, "building": site.building},
                            headers={"Cache-Control": "no-store"})

    def built(request: Request) -> Response:
        key = request.path_params["key"]
        data = read_built(site.out, site.snapshot.files or {}, key)
        if data is None:
            return PlainTextResponse("Not found", status_code=404)
        name = PurePosixPath(key).name
        suffix = PurePosixPath(key).suffix.lower()
        disposition = "inline" if suffix in INLINE else "attachment"
        return Response(data, media_type=MEDIA_TYPES.get(suffix, "application/octet-stream"), headers={
            "Content-Disposition": f'{disposition}; filename="{name}"', "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store"})

    def preview(request: Request) -> Response:
        key = request.path_params["key"]
        data = read_built(site.out, site.snapshot.files or {}, key) if key.endswith(".pdf") else None
        if data is None:
            return PlainTextResponse("Not found", status_code=404)
        return Response(site.previews.png(data), media_type="image/png", headers={"Cache-Control": "no-store"})

    def text(body: str, media_type: str):
        return lambda request: Response(body, media_type=media_type)

    routes = [
        Route("/", index),
        Route("/status", status),
        Route("/serve.css", text(STYLE, "text/css; charset=utf-8")),
        Route("/serve.js", text(SCRIPT, "text/javascript; charset=utf-8")),
        Route("/files/{key:path}", built),
        Route("/preview/{key:path}", preview),
    ]
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=LOCAL_HOSTS)])
