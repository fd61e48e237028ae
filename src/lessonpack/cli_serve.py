"""`lessonpack serve`: the course as a local web page, rebuilt on every save (serve.py).

The web stack (Starlette, uvicorn, sockets) is imported inside the command, so other commands never load it.
"""

from __future__ import annotations

from pathlib import Path

import click

from .error_report import reports_errors
from .files import writes

HOST = "127.0.0.1"
"""Only this computer: the page shows a course's files and mistakes to whoever can reach it."""


@click.command()
@click.argument("course", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port to serve on (default: a free one).")
@click.option("--no-open", is_flag=True, help="Do not open the page in a web browser.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: out/ in the course folder).")
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              help="Formats to make: pdf, docx, html (previews need pdf).")
@click.option("--profile", default="standard", show_default=True, help="Print profile.")
@reports_errors
def serve(course: Path | None, port: int, no_open: bool, out: Path | None, formats: str,
          profile: str) -> None:
    """Show the course (COURSE, or the one in the current folder) on a page in your web browser:
    every lesson's documents with a preview of their first page, a link to each built file and
    each class set's zip, and any mistake at its file and line. Saving a lesson, essay or
    template rebuilds it and the page follows.

    Served on 127.0.0.1 only (this computer); read-only. Stop with Ctrl-C.
    """
    import socket
    import threading
    import webbrowser

    import uvicorn

    from .build import Options
    from .cli import _formats
    from .serve import Site, create_app
    from .targets import course_root, output_folder

    root = course_root(course)
    out = writes.out = output_folder(out, root)
    site = Site(root, out, Options(_formats(formats), profile))
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listening.bind((HOST, port))
    except OSError as exc:
        listening.close()
        raise click.ClickException(f"cannot serve on port {port}: {exc.strerror or exc}; "
                                   "choose another with --port, or leave it out for a free one") from None
    listening.listen(64)
    url = f"http://{HOST}:{listening.getsockname()[1]}/"
    click.echo(f"serving {root} at {url} (Ctrl-C to stop)")
    stop = threading.Event()
    rebuilding = site.watch(stop)
    if not no_open:
        webbrowser.open(url)
    server = uvicorn.Server(uvicorn.Config(create_app(site), log_level="warning", access_log=False,
                                           lifespan="off"))
    try:
        server.run(sockets=[listening])
    finally:
        stop.set()
        rebuilding.join(timeout=10)
        listening.close()
    click.echo("stopped.")
