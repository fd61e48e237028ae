"""`lessonpack serve` as a teacher uses it: the real command in its own process, the page in
headless Chromium driven by Playwright. The page loads and lists the lessons; an edit saved to
a lesson shows up after the rebuild without touching the browser; a mistake shows its message
at its file and line; a built file downloads with the bytes the build wrote; axe-core finds no
WCAG 2.1 A or AA violation on the page (light and dark, with and without a mistake shown);
the real server refuses `..` paths sent as typed.

Needs Debian's `chromium` (Playwright launches it; no browser of Playwright's own is
downloaded) and npm for axe-core, as tests/test_html_browser.py; without them the test skips,
unless LESSONPACK_REQUIRE_CLIENTS=1 (CI), where it fails.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_root, line_of
from test_html_browser import REQUIRE, WCAG_AA, axe, chromium  # noqa: F401 - axe is a fixture

LESSON = "01-first-soviet"
WAIT = 120.0
"""Longest wait, in seconds, for the first build or a rebuild to show."""
RESAVE = 4.0
"""A change is saved again this often until the page shows it (the watcher starts after the first build)."""
SCREENSHOTS = os.environ.get("LESSONPACK_SCREENSHOTS")
"""A folder to keep the page's screenshots in (docs/serve.md's picture comes from here)."""


def playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if REQUIRE:
            pytest.fail("playwright not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("playwright not installed (pip install -e '.[test]')")
    return sync_playwright


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url + "status", timeout=5) as response:
            return json.loads(response.read())
    except OSError:
        return None


def raw_get(port: int, path: str) -> bytes:
    """A request sent as typed: no client tidies `..` away."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.fixture
def served(tmp_path):
    """`lessonpack serve --no-open --port N` in a copy of a course; (course, url, port) once built."""
    root = copy_root("good", tmp_path)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "lessonpack", "serve", "--no-open", "--port", str(port),
                               "--format", "pdf,docx"], cwd=root, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + WAIT
        while (state := status(url)) is None or state["generation"] < 1:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "the first build did not finish"
            time.sleep(0.5)
        yield root, url, port
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    assert server.returncode in (0, -15, 143), (tmp_path / "serve.log").read_text()


def shows(page, selector: str, save=None) -> None:
    """Wait until the page shows selector, saving again every RESAVE seconds (save may be None)."""
    deadline = time.monotonic() + WAIT
    while True:
        if save:
            save()
        try:
            page.wait_for_selector(selector, timeout=RESAVE * 1000)
            return
        except Exception:  # Playwright's TimeoutError: try again until the deadline
            if time.monotonic() > deadline:
                raise


def violations(page, axe_script: Path) -> list[str]:
    """What axe-core finds against WCAG 2.1 A and AA on the page as it is now."""
    page.add_script_tag(path=str(axe_script))
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                         ".then(r => r.violations.map(v => v.id + ': ' + v.help))", WCAG_AA)


def keep(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def test_the_page_follows_saves_shows_mistakes_and_hands_out_files(served, axe, tmp_path):  # noqa: F811 - the fixture
    root, url, port = served
    lesson = root / "lessons" / f"{LESSON}.yaml"
    good = lesson.read_text(encoding="utf-8")
    with playwright()() as driver:
        browser = driver.chromium.launch(executable_path=chromium(), headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(accept_downloads=True, bypass_csp=True,
                                          viewport={"width": 1100, "height": 900})
            page = context.new_page()
            page.goto(url)
            assert page.inner_text("h1") == "Test course"
            assert page.inner_text(f"#lesson-{LESSON}") == "The first soviet"
            assert page.locator("img[alt='First page of the student worksheet']").evaluate(
                "img => img.complete && img.naturalWidth") == 360  # the preview loaded
            page.screenshot(path=str(tmp_path / "page.png"), full_page=True)
            keep(page, "serve-lessons.png")

            assert violations(page, axe) == []

            edited = good.replace('title: "The first soviet"', 'title: "The first soviet, revised"')
            shows(page, "h3:text-is('The first soviet, revised')",
                  lambda: lesson.write_text(edited, encoding="utf-8"))

            broken = edited.replace("marks: 2", "marks: two")
            line = line_of(lesson, "marks: 2")
            shows(page, f"#problems code:has-text('lessons/{LESSON}.yaml:{line}:')",
                  lambda: lesson.write_text(broken, encoding="utf-8"))
            problem = page.inner_text("#problems li")
            assert "marks" in problem and "marks: two" in problem
            keep(page, "serve-mistake.png")
            assert violations(page, axe) == []
            page.emulate_media(color_scheme="dark")
            assert violations(page, axe) == []
            keep(page, "serve-dark.png")
            page.emulate_media(color_scheme="light")

            with page.expect_download() as waiting:
                page.get_by_role("link", name="Word (DOCX), Student worksheet, The first soviet, revised").click()
            download = waiting.value
            assert download.suggested_filename == f"{LESSON}_student-worksheet.docx"
            built = root / "out" / LESSON / f"{LESSON}_student-worksheet.docx"
            assert Path(download.path()).read_bytes() == built.read_bytes()
        finally:
            browser.close()

    for path in ("/files/../../etc/passwd", "/files/%2e%2e/%2e%2e/etc/passwd",
                 f"/files/{LESSON}/../../lessons/course.yaml"):
        answer = raw_get(port, path)
        assert answer.startswith(b"HTTP/1.1 404"), (path, answer[:200])
        assert b"root:" not in answer and b"title:" not in answer
