"""Picture and statistics sources, and a question's picture (issue 19), read back as a user gets them.

tests/roots/pictures has a text source, a poster with callouts (B), figures as a table from a CSV
(C), as a bar chart (D) and a line chart (E), and a question with a cropped photograph and a grid.
Its images were drawn for the tests with Pillow (the photograph carries EXIF data that must not
reach the outputs).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from conftest import copy_root, docx_paragraphs, line_of, made_once, pdf_text, root_path, run_cli, squash
from docx import Document
from PIL import Image

from lessonpack.theme import PROFILES, theme_for

ROOT = "pictures"
LESSON = "01-sources"
WORKSHEET = f"{LESSON}_student-worksheet"
POSTER_ALT = "A poster: a dark figure of a worker raises a red flag above a factory"
PHOTO_ALT = "A photograph of six people standing in a row in front of a grey wall."
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
EMU_PER_POINT = 12700


def build(folder: Path, profile: str, formats: str = "pdf,docx") -> None:
    course = copy_root(ROOT, folder)
    result = run_cli("build", str(course), "--out", str(folder / "out"), "--profile", profile, "--format", formats,
                     "--quiet", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr


@pytest.fixture(scope="module", params=sorted(PROFILES))
def built(request, tmp_path_factory) -> tuple[str, Path]:
    folder, _ = made_once(tmp_path_factory, f"pictures-{request.param}",
                          lambda f: build(f, request.param, "pdf,docx,html"))
    return request.param, folder / "out" / LESSON


def worksheet(folder: Path, profile: str, fmt: str, kind: str = "student-worksheet") -> Path:
    return folder / f"{LESSON}_{kind}{'' if profile == 'standard' else '_' + profile}.{fmt}"


def student_papers(folder: Path, profile: str, fmt: str) -> list[Path]:
    """The papers a student holds, in reading order: the worksheet, or on large print the source
    booklet (which holds the sources and timeline) and the worksheet (its question's photograph)."""
    papers = [worksheet(folder, profile, fmt)]
    if theme_for("A4", profile).source_booklet:
        papers.insert(0, worksheet(folder, profile, fmt, "source-extracts"))
    return papers


def pictures_in_pdf(path: Path) -> list[float]:
    """The printed width in points of every picture in the PDF, in page order (poppler's pdfimages)."""
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    return [int(row[3]) / int(row[12]) * 72 for row in rows if row[2] == "image"]


def docx_drawings(path: Path) -> list:
    """Every inline picture of the DOCX body: (description, width in points)."""
    body = Document(str(path)).element.body
    return [(inline.find(f"{WP}docPr").get("descr"), int(inline.find(f"{WP}extent").get("cx")) / EMU_PER_POINT)
            for inline in body.iter(f"{WP}inline")]


def test_every_profile_prints_each_kind_of_source_in_pdf_docx_and_html(built):
    profile, folder = built
    text = squash(" ".join(pdf_text(paper) for paper in student_papers(folder, profile, "pdf")))
    for words in ("Source B: A poster", "A poster made for this test course", "Source C: Strikes in Russia, 1903–1908",
                  "Figures in strikes recorded", "13,995", "Source of the figures: Factory inspectorate returns",
                  "Source D: Strikes in Russia, as a chart", "Political strikes", "Study the photograph"):
        assert squash(words) in text, (profile, words)
    # the lesson's range of the timeline, to scale
    assert "Bloody Sunday" in text and "The Tsar abdicates" not in text and "Mensheviks" not in text
    # the poster, the photograph; the charts and the timeline are vector drawings, not pictures
    assert sum(len(pictures_in_pdf(paper)) for paper in student_papers(folder, profile, "pdf")) == 2
    papers = student_papers(folder, profile, "docx")
    paragraphs = " ".join(p.text for paper in papers for p in docx_paragraphs(paper))
    assert "Source B: A poster" in paragraphs and "Source of the figures" in paragraphs
    drawings = [drawing for paper in papers for drawing in docx_drawings(paper)]
    # poster, two charts, the timeline (a picture a page), photograph
    assert len(drawings) >= 5 and any("Bloody Sunday" in alt for alt, _ in drawings)
    assert (worksheet(folder, profile, "html")).is_file()


def test_the_alt_text_is_in_the_docx_drawings_and_the_html_images(built):
    profile, folder = built
    # (the timeline's pictures, tested in test_timeline.py, are a table in the HTML)
    descriptions = [alt for paper in student_papers(folder, profile, "docx") for alt, _ in docx_drawings(paper)
                    if not alt.startswith("Timeline:")]
    assert descriptions[0].startswith(POSTER_ALT)
    assert descriptions[-1] == PHOTO_ALT
    assert descriptions[1].startswith("Bar chart of Strikes, Political strikes (strikes recorded) by year: "
                                      "1904: 68, 0; 1905: 13,995, 6,024")
    assert descriptions[2].startswith("Line chart of Strikers (thousands of strikers) by year: 1905: 2,863")
    html = " ".join(paper.read_text(encoding="utf-8") for paper in student_papers(folder, profile, "html"))
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
    assert [a.startswith(POSTER_ALT) for a in alts] == [True, False, False, False]
    assert alts[1:] == [a.replace("&amp;", "&") for a in descriptions[1:]]


def test_a_picture_prints_at_the_same_size_in_pdf_and_docx(built):
    profile, folder = built
    pdf_widths = [w for paper in student_papers(folder, profile, "pdf") for w in pictures_in_pdf(paper)]
    drawings = [d for paper in student_papers(folder, profile, "docx") for d in docx_drawings(paper)]
    docx_widths = [width for alt, width in drawings if not alt.startswith(("Bar", "Line", "Timeline:"))]
    assert pdf_widths == pytest.approx(docx_widths, rel=0.005)


def grid_label_box(image) -> int:
    """The height in pixels of the photograph's first grid label ("A1"): a white box with a black
    outline in its top left corner, found along the diagonal."""
    grey = image.convert("L")
    corner = next(i for i in range(min(grey.size)) if grey.getpixel((i, i)) < 40)
    return next(j for j in range(corner, grey.size[1]) if grey.getpixel((corner, j)) >= 40) - corner


def test_grid_labels_print_at_least_at_the_body_size_on_every_paper(built):
    """A question says "square B1": its label is read like the question. The marks are drawn into the
    pixels once, sized for the paper where the picture grows least against its type; before, a fixed
    share of the picture printed them at 7 pt on the standard paper and 12 pt at large print 24."""
    profile, folder = built
    theme = theme_for("A3" if profile == "large-print-36" else "A4", profile)
    document = Document(str(worksheet(folder, profile, "docx")))
    for inline in document.element.body.iter(f"{WP}inline"):
        if inline.find(f"{WP}docPr").get("descr") == PHOTO_ALT:
            blip = next(inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
            rid = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
            image = Image.open(BytesIO(document.part.related_parts[rid].blob))
            printed = int(inline.find(f"{WP}extent").get("cx")) / EMU_PER_POINT
            box = grid_label_box(image) / image.size[0] * printed
            assert box >= 0.73 * theme.body_size, (profile, box)  # the box holds capitals of the body size
            return
    raise AssertionError("no photograph in the DOCX")


def test_large_print_enlarges_pictures_within_the_text_width(tmp_path_factory):
    widths = {}
    for profile in ("standard", "large-print-24"):
        folder, _ = made_once(tmp_path_factory, f"pictures-{profile}",
                              lambda f, p=profile: build(f, p, "pdf,docx,html"))
        images = [w for paper in student_papers(folder / "out" / LESSON, profile, "pdf") for w in pictures_in_pdf(paper)]
        widths[profile] = images
    mm = 72 / 25.4
    assert widths["standard"][1] == pytest.approx(90 * mm, rel=0.005)  # the photograph: width "90mm"
    standard = theme_for("A4", "standard")  # the poster (3:4) at 0.55 of the text width, or two fifths of a page high
    assert widths["standard"][0] == pytest.approx(min(0.55 * standard.text_width, standard.figure_max_height * 3 / 4),
                                                  rel=0.005)
    text_width = theme_for("A4", "large-print-24").text_width
    assert all(large > standard for large, standard in zip(widths["large-print-24"], widths["standard"]))
    assert all(width <= text_width * 1.005 for width in widths["large-print-24"])


def test_outputs_carry_no_image_metadata_and_rebuild_to_the_same_bytes(tmp_path):
    builds = []
    for name in ("one", "two"):
        build(tmp_path / name, "standard")
        builds.append(tmp_path / name / "out" / LESSON)
    for fmt in ("pdf", "docx"):
        assert worksheet(builds[0], "standard", fmt).read_bytes() == worksheet(builds[1], "standard", fmt).read_bytes()
    with zipfile.ZipFile(worksheet(builds[0], "standard", "docx")) as package:
        media = [package.read(name) for name in package.namelist() if name.startswith("word/media/")]
    assert media
    original = (root_path(ROOT) / "images" / "delegates.jpg").read_bytes()
    assert b"Camera maker" in original and b"2019:05:01" in original
    for data in media:
        assert b"Camera maker" not in data and b"2019:05:01" not in data and b"Exif" not in data
    assert b"Camera maker" not in worksheet(builds[0], "standard", "pdf").read_bytes()


# ------------------------------------------------------------------ refusals, through the CLI


LESSON_FILE = Path("lessons") / f"{LESSON}.yaml"


def edit(course: Path, old: str, new: str) -> Path:
    path = course / LESSON_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def refused_by_build(course: Path, needle: str, line_text: str) -> str:
    """The build stops with exit status 1, no traceback, the problem at its lesson line, nothing written."""
    out = course.parent / "out-refused"
    result = run_cli("build", str(course), "--out", str(out), "--jobs", "1")
    assert result.returncode == 1, (result.stdout, result.stderr)
    line = line_of(course / LESSON_FILE, line_text)
    assert re.search(rf"{LESSON}\.yaml:{line}:\d+: .*{needle}", result.stderr), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))
    return result.stderr


def test_a_picture_outside_the_course_is_refused(tmp_path):
    course = copy_root(ROOT, tmp_path)
    (tmp_path / "private.png").write_bytes((course / "images" / "poster.png").read_bytes())
    edit(course, "file: images/poster.png", "file: ../private.png")
    refused_by_build(course, "not a path inside the course folder", "file: ../private.png")
    edit(course, "file: ../private.png", f"file: {tmp_path / 'private.png'}")
    refused_by_build(course, "not a path inside the course folder", "private.png")


def test_a_link_out_of_the_course_is_refused(tmp_path):
    course = copy_root(ROOT, tmp_path)
    (tmp_path / "private.png").write_bytes((course / "images" / "poster.png").read_bytes())
    os.symlink(tmp_path / "private.png", course / "images" / "linked.png")
    edit(course, "file: images/poster.png", "file: images/linked.png")
    refused_by_build(course, "is a link to a file outside the course folder", "file: images/linked.png")


def test_a_file_that_is_not_the_image_it_claims_to_be_is_refused(tmp_path):
    course = copy_root(ROOT, tmp_path)
    (course / "images" / "poster.png").write_text("Minutes of the soviet, 13 October 1905", encoding="utf-8")
    refused_by_build(course, '"images/poster.png" is not an image', "file: images/poster.png")


def test_an_svg_is_refused_with_the_way_out(tmp_path):
    course = copy_root(ROOT, tmp_path)
    (course / "images" / "map.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    edit(course, "file: images/poster.png", "file: images/map.svg")
    assert "export it as a PNG" in refused_by_build(course, "is an SVG drawing", "file: images/map.svg")


def test_a_picture_with_too_many_pixels_is_refused(tmp_path):
    from PIL import Image

    course = copy_root(ROOT, tmp_path)
    Image.new("1", (8000, 6000), 1).save(course / "images" / "poster.png")  # 48 million pixels, a small file
    refused_by_build(course, "too many pixels", "file: images/poster.png")


def test_a_picture_without_alt_text_is_refused(tmp_path):
    course = copy_root(ROOT, tmp_path)
    path = edit(course, '      alt: "A photograph of six people', '      title_: "A photograph of six people')
    path.write_text(path.read_text(encoding="utf-8").replace("title_:", "#"), encoding="utf-8")
    result = run_cli("validate", str(course))
    assert result.returncode == 1
    line = line_of(course / LESSON_FILE, "file: images/delegates.jpg")  # the picture's first line
    assert re.search(rf"{LESSON}\.yaml:{line}:\d+: .*alt", result.stderr), result.stderr


def test_figures_that_are_not_numbers_are_refused_at_the_csv_line(tmp_path):
    course = copy_root(ROOT, tmp_path)
    (course / "data" / "strikes.csv").write_text("Year,Strikes\n1904,68\n1905,about 14000\n", encoding="utf-8")
    refused_by_build(course, 'csv "data/strikes.csv": row 2: "about 14000" is not a number', "csv: data/strikes.csv")


def test_a_quote_cannot_cite_a_picture_source(tmp_path):
    course = copy_root(ROOT, tmp_path)
    edit(course, "    source: B\n", '    source: B\n    quote: "All power"\n')
    refused_by_build(course, "source B is a picture source, with no words to quote", 'quote: "All power"')


def test_a_picture_printed_beyond_its_pixels_is_warned_about(tmp_path):
    from PIL import Image

    course = copy_root(ROOT, tmp_path)
    Image.new("RGB", (300, 200), "grey").save(course / "images" / "delegates.jpg")
    result = run_cli("validate", str(course))
    assert result.returncode == 0, result.stderr
    line = line_of(course / LESSON_FILE, 'width: "90mm"')
    assert re.search(rf"{LESSON}\.yaml:{line}:\d+: warning: picture \"images/delegates.jpg\" prints at \d+ "
                     r"pixels to the inch", result.stderr), result.stderr


# ------------------------------------------------------------------ lessonpack new, docs, schema


def test_new_starts_a_picture_source_that_builds_once_its_placeholders_are_replaced(tmp_path):
    course = copy_root(ROOT, tmp_path)
    result = run_cli("new", "02-poster", "--title", "The poster", "--picture", "images/poster.png", cwd=course)
    assert result.returncode == 0, result.stderr
    path = course / "lessons" / "02-poster.yaml"
    text = path.read_text(encoding="utf-8")
    assert "You must hold the rights to print it for your class." in text
    checked = run_cli("validate", "lessons/02-poster.yaml", cwd=course)
    assert checked.returncode == 1
    for words in ("What the picture shows …", "Who made it, when, what kind of item, for whom …",
                  "Study Source B. What …?"):
        assert f"“{words}” is the placeholder `lessonpack new` wrote" in checked.stderr
    path.write_text(text.replace("Why …?", "Why did workers make posters?").replace("Explain …", "Explain why.")
                    .replace("what …?", "what was the soviet?").replace("What …?", "What is its message?")
                    .replace("Who made it, when, what kind of item, for whom …", "A poster made for this test, 2026.")
                    .replace("What the picture shows …", "A worker raises a red flag."), encoding="utf-8")
    built = run_cli("build", "lessons/02-poster.yaml", "-o", "out", "--format", "docx", "--jobs", "1", cwd=course)
    assert built.returncode == 0, built.stderr
    drawings = docx_drawings(course / "out" / "02-poster" / "02-poster_student-worksheet.docx")
    assert [alt for alt, _ in drawings] == ["A worker raises a red flag."]


def test_new_refuses_a_picture_that_is_not_one_and_writes_nothing(tmp_path):
    course = copy_root(ROOT, tmp_path)
    (course / "images" / "notes.png").write_text("not a picture", encoding="utf-8")
    result = run_cli("new", "02-poster", "--title", "The poster", "--picture", "images/notes.png", cwd=course)
    assert result.returncode == 1 and "is not an image" in result.stderr and "Traceback" not in result.stderr
    assert not (course / "lessons" / "02-poster.yaml").exists()


def test_the_docs_examples_are_accepted_by_the_schema_and_the_checks():
    import textwrap

    import jsonschema
    import yaml

    from lessonpack.lesson import Source

    from lessonpack.question_model import LessonQuestion
    from lessonpack.schema import schema_files

    doc = (Path(__file__).parents[1] / "docs" / "lesson-format.md").read_text(encoding="utf-8")
    section = doc.split("## Picture and statistics sources", 1)[1].split("\n## ", 1)[0]
    assert "The teacher must hold the rights to every picture a lesson prints" in section
    blocks = [yaml.safe_load(textwrap.dedent(b)) for b in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)]
    sources = [s for b in blocks for s in (b.get("sources", []) if isinstance(b, dict) else b)]
    questions = [q for b in blocks if isinstance(b, dict) for q in b.get("questions", [])]
    assert {("picture" in s, "statistics" in s) for s in sources} == {(True, False), (False, True)} and questions
    for source in sources:
        Source.model_validate(source)
    for question in questions:
        LessonQuestion.model_validate(question)
    schema = json.loads(schema_files()["lesson.schema.json"])
    lesson = {"title": "T", "enquiry": "E?", "sources": sources, "questions": questions}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(lesson)) == []
    both = {**sources[0], "extract": [{"section": "soviet-1905"}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors({**lesson, "sources": [both]}))


def test_a_photograph_keeps_its_pixels_and_loses_its_metadata():
    """A JPEG without marks stays a JPEG (no PNG of a photograph ten times the size), without EXIF."""
    from io import BytesIO

    from PIL import Image

    from lessonpack.images import encoded, normalised

    exif = Image.Exif()
    exif[0x0132], exif[0x010F], exif[0x0112] = "2019:05:01 12:00:00", "Camera maker", 6  # 6: turn 90° to view
    source = BytesIO()
    Image.new("RGB", (300, 200), "#806040").save(source, "JPEG", exif=exif.tobytes())
    image, kind = normalised(source.getvalue(), "photo.jpg")
    assert kind == "JPEG" and image.size == (200, 300)  # upright, as a viewer shows it
    once, again = encoded(image, kind), encoded(*normalised(source.getvalue(), "photo.jpg"))
    assert once == again and once.startswith(b"\xff\xd8\xff")
    with Image.open(BytesIO(once)) as printed:
        assert not printed.getexif() and "icc_profile" not in printed.info


@pytest.mark.parametrize("old, new, message", [
    ('    caption: "Figures of the factory inspectorate, as given in a textbook of 1925."\n', "",
     "a statistics source needs a caption: who made it, when, what kind of item, for whom"),
    ("    title: \"A poster\"\n", "    title: \"A poster\"\n    extract:\n      - section: soviet-1905\n",
     "a source has exactly one of extract, picture or statistics, not extract and picture"),
], ids=["no-caption", "extract-and-picture"])
def test_a_source_is_one_kind_with_its_provenance(tmp_path, old, new, message):
    course = copy_root(ROOT, tmp_path)
    edit(course, old, new)
    result = run_cli("validate", str(course))
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert re.search(rf"{LESSON}\.yaml:\d+:\d+: sources\[\d\]", result.stderr), result.stderr


def test_a_changed_picture_or_csv_rebuilds_the_documents_that_print_it(tmp_path):
    course = copy_root(ROOT, tmp_path)
    out = tmp_path / "out"
    first = run_cli("build", str(course), "--out", str(out), "--format", "pdf", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    again = run_cli("build", str(course), "--out", str(out), "--format", "pdf", "--jobs", "1")
    assert "wrote" not in again.stdout + again.stderr
    csv = course / "data" / "strikes.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("13995", "13996"), encoding="utf-8")
    changed = run_cli("build", str(course), "--out", str(out), "--format", "pdf", "--jobs", "1")
    assert changed.stdout.count("wrote") + changed.stderr.count("wrote") == 2, changed.stdout + changed.stderr
    assert "13,996" in pdf_text(out / LESSON / f"{WORKSHEET}.pdf")


def test_a_picture_file_over_the_size_limit_is_refused_unread(tmp_path):
    course = copy_root(ROOT, tmp_path)
    with open(course / "images" / "poster.png", "r+b") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: large on paper, nothing written
    refused_by_build(course, 'picture "images/poster.png" is larger than 20 MB', "file: images/poster.png")
