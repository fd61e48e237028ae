"""The school's name and crest from course.yaml on every page of the PDF and the DOCX (issue 17),
built from the worked example of docs/branding.md (tests/roots/school-crest), and the crest
refused, at its line of course.yaml, when it is not a small PNG or JPEG inside the course."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, copy_root, line_of, made_once, root_path, run_cli

ROOT = "school-crest"
LESSON = "01-first-soviet"
SCHOOL = "Northfield Academy"
MM = 72 / 25.4
DOC = REPO / "docs" / "branding.md"
PROFILES = ("standard", "large-print-24")
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def build(folder: Path, profile: str) -> dict:
    course = folder / ROOT
    shutil.copytree(root_path(ROOT), course)
    result = run_cli("build", str(course), "--out", str(folder / "out"), "--profile", profile, "--quiet",
                     "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return {}


@pytest.fixture(scope="module", params=PROFILES)
def built(request, tmp_path_factory) -> tuple[str, Path]:
    folder, _ = made_once(tmp_path_factory, f"branding-{request.param}", lambda f: build(f, request.param))
    return request.param, folder / "out" / LESSON


def files(built, fmt: str) -> list[Path]:
    profile, folder = built
    found = sorted(folder.rglob(f"*.{fmt}"))
    assert found
    return found


def test_the_docs_example_is_the_course_the_tests_build():
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"<!-- example course: tests/roots/school-crest builds this -->\s*```yaml\n(.*?)```",
                        text, re.DOTALL)
    assert example, "docs/branding.md lost its course.yaml example"
    shown = yaml.safe_load(textwrap.dedent(example[1]))
    course = yaml.safe_load((root_path(ROOT) / "lessons" / "course.yaml").read_text(encoding="utf-8"))
    assert shown == {key: course[key] for key in shown}
    assert (REPO / "docs" / "branding-header.png").is_file()


def test_every_pdf_page_starts_with_the_crest_and_the_school_above_the_running_header(built):
    for path in files(built, "pdf"):
        reader = PdfReader(str(path))
        for number, page in enumerate(reader.pages, 1):
            top = float(page.mediabox.height)
            lines: list[tuple[str, float]] = []
            page.extract_text(visitor_text=lambda t, cm, tm, f, s: lines.append((t.strip(), tm[5] * cm[3] + cm[5]))
                              if t.strip() else None)
            images = list(page.images)
            assert len(images) == 1, f"{path.name} page {number} shows {len(images)} pictures"
            school = [y for text, y in lines if text.startswith(SCHOOL)]
            course = [y for text, y in lines if text.startswith("Test course")]
            assert school and course, f"{path.name} page {number}: {lines[:4]}"
            assert max(school) > max(course), "the school's name stands above the course title"
            assert top - max(school) < 40 * MM


def test_the_pdf_crest_is_printed_at_its_height_in_mm(built):
    profile, folder = built
    pdf = folder / f"{LESSON}_student-worksheet{'' if profile == 'standard' else '_' + profile}.pdf"
    result = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("pdfimages (poppler) reads the picture's size")
    rows = [line.split() for line in result.stdout.splitlines()[2:] if line.split()[2] == "image"]
    assert rows
    for row in rows:
        pixels_high, ppi_y = int(row[4]), int(row[13])
        assert abs(pixels_high / ppi_y * 25.4 - 14) < 0.3  # height_mm: 14 in course.yaml


def test_every_docx_header_holds_the_crest_and_the_school(built):
    for path in files(built, "docx"):
        document = docx.Document(str(path))
        header = document.sections[0].header
        assert header.tables, f"{path.name} has no masthead in its header"
        cells = header.tables[0].rows[0].cells
        assert cells[1].text == SCHOOL
        assert all(run.bold for run in cells[1].paragraphs[0].runs)
        inlines = cells[0]._tc.findall(f".//{WP}inline")  # noqa: SLF001 - reading the file, not writing it
        assert len(inlines) == 1
        extent = inlines[0].find(f"{WP}extent")
        assert abs(int(extent.get("cy")) / 36000 - 14) < 0.1  # EMU → mm: the printed height
        description = inlines[0].find(f"{WP}docPr").get("descr")
        assert description == f"{SCHOOL} logo"
        assert header.paragraphs[0].text.startswith("Test course"), "the running header's lines follow"


def write_course(tmp_path: Path, logo_file: str, height: float = 14) -> Path:
    course = copy_root(ROOT, tmp_path)
    yaml_path = course / "lessons" / "course.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("file: images/crest.png", f"file: {logo_file}").replace("height_mm: 14",
                                                                                 f"height_mm: {height:g}")
    yaml_path.write_text(text, encoding="utf-8")
    return course


def refused(course: Path, needle: str) -> str:
    result = run_cli("validate", str(course))
    assert result.returncode == 1, result.stdout
    line = line_of(course / "lessons" / "course.yaml", "file:")
    assert re.search(rf"lessons/course\.yaml:{line}:\d+: .*{needle}", result.stderr), result.stderr
    return result.stderr


def test_a_crest_outside_the_course_is_refused_at_its_line(tmp_path):
    outside = tmp_path / "elsewhere.png"
    shutil.copy(root_path(ROOT) / "images" / "crest.png", outside)
    refused(write_course(tmp_path, "../elsewhere.png"), 'logo "../elsewhere.png"')


def test_a_file_that_is_not_a_png_or_jpeg_is_refused_at_its_line(tmp_path):
    course = write_course(tmp_path, "images/crest.gif")
    from PIL import Image

    Image.new("RGB", (40, 40), "navy").save(course / "images" / "crest.gif", "GIF")
    refused(course, "is not a PNG or JPEG image")
    course2 = write_course(tmp_path / "two", "images/notes.png")
    (course2 / "images" / "notes.png").write_text("not a picture", encoding="utf-8")
    refused(course2, "is not a PNG or JPEG image")


def test_a_damaged_png_is_refused_at_its_line(tmp_path):
    course = write_course(tmp_path, "images/broken.png")
    data = (course / "images" / "crest.png").read_bytes()
    (course / "images" / "broken.png").write_bytes(data[: len(data) // 2])
    refused(course, "not a readable image")


def test_a_crest_too_large_or_too_wide_is_refused_with_what_would_fit(tmp_path):
    from PIL import Image

    course = write_course(tmp_path, "images/banner.png", height=20)
    Image.new("RGB", (1000, 100), "navy").save(course / "images" / "banner.png")
    stderr = refused(course, "would print 200 mm wide")
    assert "height_mm (at most 6)" in stderr
    course2 = write_course(tmp_path / "two", "images/huge.png")
    (course2 / "images" / "huge.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024 + 10))
    refused(course2, 'logo "images/huge.png"')
