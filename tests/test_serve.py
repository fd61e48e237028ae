"""`lessonpack serve`, the app itself (Starlette's TestClient, no server, no browser): the page lists
the lessons and links every built file, previews are pictures of first pages, nothing outside what
the build wrote is served (`..`, encoded, absolute, links out of out/, files the build did not
write), a mistake shows at its file and line, class sets' zips are offered, and no request writes.

Each test rebuilds by calling Site.rebuild() itself, as the file watcher does after a save.
tests/test_serve_browser.py runs the real command in headless Chromium.
"""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_root, line_of, run_cli

from starlette.testclient import TestClient

from lessonpack.build import Options
from lessonpack.manifest import MANIFEST_NAME
from lessonpack.serve import Site, create_app

LESSON = "01-first-soviet"
WORKSHEET = f"{LESSON}/{LESSON}_student-worksheet"
PNG = b"\x89PNG\r\n\x1a\n"


class Page(HTMLParser):
    """What the page shows: its language, headings, links (address, and name as a screen reader
    reads it), pictures, problems."""

    def __init__(self, text: str):
        super().__init__()
        self.lang = None
        self.headings: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self.images: list[dict] = []
        self.problems: list[str] = []
        self._open: list[list] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "img":
            self.images.append(attrs)
        if tag in ("h1", "h2", "h3", "h4", "a") or (tag == "li" and self._in_problems()):
            self._open.append([tag, attrs, ""])
        if tag == "section" and attrs.get("id") == "problems":
            self._open.append(["problems", attrs, ""])

    def _in_problems(self) -> bool:
        return any(entry[0] == "problems" for entry in self._open)

    def handle_data(self, data):
        for entry in self._open:
            entry[2] += data

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            name, attrs, text = self._open[i]
            if name == tag or (tag == "section" and name == "problems"):
                del self._open[i]
                text = " ".join(text.split())
                if tag == "a":
                    self.links.append((attrs["href"], attrs.get("aria-label") or text))
                elif tag == "li":
                    self.problems.append(text)
                elif tag.startswith("h"):
                    self.headings.append((tag, text))
                break


@pytest.fixture
def course(tmp_path) -> Path:
    return copy_root("good", tmp_path)


def serving(root: Path, formats=("pdf", "docx", "html")) -> tuple[Site, TestClient]:
    site = Site(root, root / "out", Options(formats), workers=1)
    site.rebuild()
    return site, TestClient(create_app(site), base_url="http://127.0.0.1")


def file_links(page: Page) -> dict[str, str]:
    return {href: text for href, text in page.links if href.startswith("/files/")}


def test_the_page_lists_the_lesson_and_links_every_built_file_with_its_bytes(course):
    site, client = serving(course)
    response = client.get("/")
    assert response.status_code == 200
    page = Page(response.text)
    assert page.lang == "en"
    assert ("h1", "Test course") in page.headings
    assert ("h3", "The first soviet") in page.headings
    assert {"Student worksheet", "Source extracts", "Teacher notes"} <= {t for h, t in page.headings if h == "h4"}
    links = file_links(page)
    written = sorted(p.relative_to(course / "out").as_posix() for p in site.snapshot.report.written)
    assert sorted(href.removeprefix("/files/") for href in links) == written
    assert len(written) == 9  # three documents in three formats
    assert links[f"/files/{WORKSHEET}.pdf"] == "PDF, Student worksheet, The first soviet"  # what it is
    for href in links:
        got = client.get(href)
        assert got.status_code == 200, href
        assert got.content == (course / "out" / href.removeprefix("/files/")).read_bytes()
    pdf = client.get(f"/files/{WORKSHEET}.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    docx = client.get(f"/files/{WORKSHEET}.docx")
    assert docx.headers["content-disposition"] == f'attachment; filename="{LESSON}_student-worksheet.docx"'


def test_each_pdf_has_a_picture_of_its_first_page(course):
    from PIL import Image

    _, client = serving(course, formats=("pdf",))
    page = Page(client.get("/").text)
    previews = [img for img in page.images if img["src"].startswith("/preview/")]
    assert len(previews) == 3
    assert all(img["alt"].startswith("First page of the ") for img in previews)
    got = client.get(f"/preview/{WORKSHEET}.pdf")
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    picture = Image.open(io.BytesIO(got.content))
    assert picture.width == 360 and 1.3 < picture.height / picture.width < 1.5  # an A4 page
    dark = sum(1 for value in picture.convert("L").tobytes() if value < 128)
    assert dark > 1000, "the preview is blank"  # the page's text is drawn


TRAVERSALS = [
    "/files/../../etc/passwd",
    "/files/%2e%2e/%2e%2e/etc/passwd",
    "/files/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    f"/files/{LESSON}/..%2f..%2f..%2fetc/passwd",
    "/files/%2Fetc%2Fpasswd",
    "/files//etc/passwd",
    f"/files/{LESSON}/%2e%2e/%2e%2e/lessons/course.yaml",
    "/files/..%5c..%5cetc%5cpasswd",
    f"/files/{WORKSHEET}.pdf%00.png",
    "/preview/../../etc/passwd",
    f"/preview/{WORKSHEET}.docx",
]


def test_nothing_outside_the_built_files_is_served(course):
    _, client = serving(course)
    for address in TRAVERSALS:
        response = client.get(address)
        assert response.status_code == 404, address
        assert b"root:" not in response.content and b"title:" not in response.content


def test_files_the_build_did_not_write_are_not_served(course):
    _, client = serving(course)
    out = course / "out"
    (out / LESSON / "notes.txt").write_text("private", encoding="utf-8")  # a teacher's own file
    for address in ("/files/" + MANIFEST_NAME, f"/files/{LESSON}/notes.txt", "/files/../lessons/course.yaml"):
        assert client.get(address).status_code == 404, address
    extracts = out / LESSON / f"{LESSON}_source-extracts.pdf"
    extracts.write_bytes(extracts.read_bytes() + b"% edited by hand\n")
    assert client.get(f"/files/{LESSON}/{LESSON}_source-extracts.pdf").status_code == 404


def test_a_link_out_of_the_output_folder_is_not_followed(course, tmp_path):
    site, client = serving(course)
    out = course / "out"
    worksheet = out / f"{WORKSHEET}.pdf"
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(worksheet.read_bytes())  # the very bytes the manifest records
    assert client.get(f"/files/{WORKSHEET}.pdf").status_code == 200
    worksheet.unlink()
    worksheet.symlink_to(outside)
    assert client.get(f"/files/{WORKSHEET}.pdf").status_code == 404
    assert client.get(f"/preview/{WORKSHEET}.pdf").status_code == 404
    # a whole lesson folder swapped for a link to a copy elsewhere
    teacher = out / LESSON / "teacher"
    moved = tmp_path / "teacher-copy"
    teacher.rename(moved)
    teacher.symlink_to(moved, target_is_directory=True)
    assert client.get(f"/files/{LESSON}/teacher/{LESSON}_teacher-notes.pdf").status_code == 404
    # a link the manifest is made to name, to a file outside
    (out / LESSON / "passwd.pdf").symlink_to("/etc/passwd")
    assert client.get(f"/files/{LESSON}/passwd.pdf").status_code == 404
    from lessonpack.serve_files import built_files

    offered = built_files(out, site.snapshot.course)
    assert f"{WORKSHEET}.pdf" not in offered and f"{LESSON}/teacher/{LESSON}_teacher-notes.pdf" not in offered
    assert f"{WORKSHEET}.docx" in offered


def test_a_mistake_shows_at_its_file_and_line_and_the_last_good_files_stay(course):
    site, client = serving(course, formats=("pdf",))
    lesson = course / "lessons" / f"{LESSON}.yaml"
    good = lesson.read_text(encoding="utf-8")
    lesson.write_text(good.replace("marks: 2", "marks: two"), encoding="utf-8")
    line = line_of(lesson, "marks: two")
    site.rebuild()
    page = Page(client.get("/").text)
    assert ("h2", "Problems (1)") in page.headings
    [problem] = page.problems
    assert problem.startswith(f"lessons/{LESSON}.yaml:{line}:")
    assert "marks" in problem and "marks: two" in problem  # the message and the line as typed
    assert client.get(f"/files/{WORKSHEET}.pdf").status_code == 200  # the last good worksheet
    assert ("h3", "The first soviet") in page.headings

    lesson.write_text(good, encoding="utf-8")
    site.rebuild()
    page = Page(client.get("/").text)
    assert page.problems == [] and not any(h == "h2" and t.startswith("Problems") for h, t in page.headings)
    assert client.get("/status").json() == {"generation": 3, "building": False}


def test_a_class_sets_zip_is_offered_and_downloads(tmp_path):
    root = copy_root("class-small", tmp_path)
    made = run_cli("build", "--roster", str(FIXTURES / "rosters" / "pair.csv"), "--jobs", "1", cwd=root)
    assert made.returncode == 0, made.stderr
    [zip_file] = (root / "out").rglob("*.zip")
    _, client = serving(root, formats=("pdf",))
    page = Page(client.get("/").text)
    assert ("h4", "Class sets") in page.headings
    key = zip_file.relative_to(root / "out").as_posix()
    assert (f"/files/{key}", f"{zip_file.parent.name}, zip, One page") in page.links
    got = client.get(f"/files/{key}")
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    assert got.headers["content-disposition"].startswith("attachment")
    assert "manifest.csv" in zipfile.ZipFile(io.BytesIO(got.content)).namelist()


def test_no_request_writes_and_only_this_computer_is_answered(course):
    _, client = serving(course, formats=("pdf",))
    before = {p: p.stat().st_mtime_ns for p in course.rglob("*")}
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert client.request(method, "/").status_code == 405
        assert client.request(method, f"/files/{WORKSHEET}.pdf").status_code == 405
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    assert {p: p.stat().st_mtime_ns for p in course.rglob("*")} == before


def test_the_page_loads_its_style_and_script_only_from_itself(course):
    """A content security policy: nothing from elsewhere, no inline script."""
    _, client = serving(course, formats=("pdf",))
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert client.get("/serve.js").status_code == 200 and client.get("/serve.css").status_code == 200


def test_building_does_not_load_the_web_stack(course, tmp_path):
    from test_startup import run

    result, loaded = run("build", str(course / "lessons" / f"{LESSON}.yaml"), "--out", str(tmp_path / "built"),
                         "--jobs", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "reportlab" in loaded  # it did build
    assert loaded & {"starlette", "uvicorn", "pypdfium2", "httpx2"} == set()
    result, loaded = run("serve", "--help")
    assert result.returncode == 0 and "--no-open" in result.stdout
    assert "127.0.0.1" in result.stdout


def test_a_port_in_use_is_refused_plainly(course):
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        result = run_cli("serve", "--no-open", "--port", str(taken.getsockname()[1]), cwd=course)
    finally:
        taken.close()
    assert result.returncode == 1
    assert "cannot serve on port" in result.stderr and "Traceback" not in result.stderr
    assert not (course / "out").exists()  # nothing built for a server that could not start


def test_a_warning_shows_at_its_file_and_line_while_the_documents_are_made(course):
    lesson = course / "lessons" / f"{LESSON}.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("The first soviet", "The first\u200b soviet", 1),
                      encoding="utf-8")
    _, client = serving(course, formats=("pdf",))
    page = Page(client.get("/").text)
    assert ("h2", "Warnings (1)") in page.headings
    assert client.get(f"/files/{WORKSHEET}.pdf").status_code == 200
    text = client.get("/").text
    assert f"lessons/{LESSON}.yaml:{line_of(lesson, 'The first')}:" in text and "zero-width space" in text


def test_a_course_that_never_loaded_shows_its_mistake_and_no_lesson(course):
    course_file = course / "lessons" / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace("page_size: A4", "page_size: A5"),
                           encoding="utf-8")
    _, client = serving(course, formats=("pdf",))
    page = Page(client.get("/").text)
    [problem] = page.problems
    assert problem.startswith(f"lessons/course.yaml:{line_of(course_file, 'page_size')}:")
    assert not any(h == "h3" for h, _ in page.headings)
    assert "No lesson has been built yet." in client.get("/").text
    assert not (course / "out" / LESSON).exists()


def test_a_name_with_dots_slashes_or_a_link_on_its_way_names_no_file(tmp_path):
    from lessonpack.serve_files import inside_output

    out = tmp_path / "out"
    (out / "lesson").mkdir(parents=True)
    (out / "lesson" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "secret.pdf").write_bytes(b"secret")
    (out / "lesson" / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    (out / "folder").symlink_to(out / "lesson", target_is_directory=True)
    assert inside_output(out, "lesson/a.pdf") == out / "lesson" / "a.pdf"
    for key in ("../secret.pdf", "lesson/../../secret.pdf", "lesson/../lesson/a.pdf", "/etc/passwd",
                "lesson\\a.pdf", "lesson//a.pdf", "./lesson/a.pdf", "lesson/a.pdf/", "", ".", "lesson",
                "lesson/link.pdf", "folder/a.pdf", "lesson/a.pdf\x00"):
        assert inside_output(out, key) is None, key
