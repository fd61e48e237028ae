"""What a DOCX file holds (issue 17): the fonts its text is set in, embedded as Word embeds
them and cut to what the document prints and a teacher is likely to type; none of python-docx's
template leftovers; properties that describe the lesson; and a worksheet well under 100 KB before
its fonts."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

from conftest import FACES, REPO, docx_paragraphs, pdf_runs, run_cli
from lessonpack.fonts import FAMILIES, font_file
from lessonpack.writers.docx.embed import obfuscated

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
LESSON = "02-trotsky-following"
KINDS = ("student-worksheet", "source-extracts", "teacher/" + LESSON + "_teacher-notes")


@pytest.fixture(scope="module", params=["standard", "large-print-24"])
def built(request, tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(f"package-{request.param}")
    result = run_cli("build", str(REPO / "lessons" / f"{LESSON}.yaml"), "--out", str(out), "--profile",
                     request.param, "--quiet", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return request.param, out / LESSON


def worksheet(built, fmt: str = "docx") -> Path:
    profile, folder = built
    suffix = "" if profile == "standard" else f"_{profile}"
    return folder / f"{LESSON}_student-worksheet{suffix}.{fmt}"


def sources_paper(built, fmt: str = "docx") -> Path:
    """The paper that prints the sources and timeline: the worksheet, on large print the source booklet."""
    from lessonpack.theme import theme_for

    path = worksheet(built, fmt)
    booklet = theme_for("A4", built[0]).source_booklet
    return path.with_name(path.name.replace("student-worksheet", "source-extracts")) if booklet else path


def members(path: Path) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as package:
        return {info.filename: info for info in package.infolist()}


def embedded_faces(path: Path | BytesIO) -> dict[tuple[str, str], bytes]:
    """(family, face) -> the font file as it is once un-obfuscated with the key the font table names."""
    faces = {"embedRegular": "regular", "embedBold": "bold", "embedItalic": "italic",
             "embedBoldItalic": "bolditalic"}
    with zipfile.ZipFile(path) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        out = {}
        for font in table.iter(f"{W}font"):
            for element in font:
                face = faces.get(etree.QName(element).localname)
                if face:
                    data = package.read("word/" + targets[element.get(f"{R}id")])
                    out[(font.get(f"{W}name"), face)] = obfuscated(data, element.get(f"{W}fontKey"))
    return out


TYPED = "Café £5 — “Trotsky’s” Троцкий, Łódź, € № ½ → ✓ ☐ … •"
"""What a teacher editing the worksheet in Word might type: it must show in DejaVu too."""


def docx_characters(path: Path) -> set[str]:
    """Every character printed in the DOCX: body, tables and the running header and footer."""
    document = docx.Document(str(path))
    text = [paragraph.text for paragraph in docx_paragraphs(path)]
    for section in document.sections:
        text += [paragraph.text for paragraph in section.header.paragraphs + section.footer.paragraphs]
    return set("".join(text)) - {"\t", "\n"}


def test_the_faces_the_pdf_prints_in_are_embedded_cut_to_what_is_printed_and_typed(built):
    faces = embedded_faces(worksheet(built))
    printed = {FACES[run.font] for run in pdf_runs(worksheet(built, "pdf"))}
    assert printed and printed <= set(faces)
    assert set(faces) <= {(family, face) for family in FAMILIES for face in FAMILIES[family]}
    wanted = docx_characters(worksheet(built)) | set(TYPED)
    for (family, face), data in faces.items():
        whole = TTFont(str(font_file(family, face)))
        embedded = TTFont(BytesIO(data))
        assert embedded["name"].getDebugName(1) == family
        whole_cmap, cmap = whole.getBestCmap(), embedded.getBestCmap()
        missing = sorted(char for char in wanted if ord(char) in whole_cmap and ord(char) not in cmap)
        assert not missing, f"{family} {face} lacks {missing}"
        assert all(embedded["hmtx"][cmap[code]] == whole["hmtx"][whole_cmap[code]] for code in cmap)
        assert 0x3B1 not in cmap  # Greek α: neither printed nor likely to be typed
        assert len(data) < font_file(family, face).stat().st_size / 2


def test_a_character_the_document_prints_outside_the_usual_ones_is_in_its_face():
    """Greek is not among the characters a teacher is likely to type; a document that prints it has it."""
    from lessonpack import document as d
    from lessonpack.theme import STANDARD
    from lessonpack.writers import write

    info = d.DocumentInfo("Trotsky", "Student worksheet", "History")
    blocks = (d.Paragraph((d.Text("Demos, δῆμος: the people."),)),)
    data = write(d.Document(info, blocks), STANDARD, "docx")
    faces = embedded_faces(BytesIO(data))
    body = faces[("DejaVu Serif", "regular")]
    cmap = TTFont(BytesIO(body)).getBestCmap()
    assert {ord(char) for char in "δῆμος"} <= set(cmap)
    assert ord("λ") not in cmap


def test_a_worksheet_with_its_fonts_is_a_third_of_a_megabyte(built):
    assert worksheet(built).stat().st_size < 450_000


def test_the_embedded_faces_are_not_marked_as_subsets(built):
    """LibreOffice will not let a teacher edit in a face marked w:subsetted: ours hold what they type."""
    with zipfile.ZipFile(worksheet(built)) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
    assert not [element for element in table.iter() if element.get(f"{W}subsetted") is not None]


def test_word_is_asked_to_keep_the_fonts_embedded_when_the_file_is_saved_again(built):
    with zipfile.ZipFile(worksheet(built)) as package:
        settings = etree.fromstring(package.read("word/settings.xml"))
        types = package.read("[Content_Types].xml").decode()
    assert settings.find(f"{W}embedTrueTypeFonts") is not None
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in types


def test_no_python_docx_template_leftovers(built):
    names = members(worksheet(built))
    assert not [name for name in names if "stylesWithEffects" in name or name.startswith("customXml")
                or "thumbnail" in name]
    styles = [style.name for style in docx.Document(str(worksheet(built))).styles]
    assert not [name for name in styles if name.startswith(("Light ", "Medium ", "Dark ", "Colorful "))]
    assert len(styles) < 40
    for name in ("Normal", "Heading 1", "Extract Line", "Answer Line", "Numbered Item", "Table Grid"):
        assert name.lower() in {style.lower() for style in styles}


def test_the_properties_describe_the_lesson_not_the_template(built):
    document = docx.Document(str(worksheet(built)))
    props = document.core_properties
    assert props.title == "Trotsky's following: the workers, 1905 and 1917 — Student worksheet"
    assert props.category == "Student worksheet"
    assert (props.subject, props.author) == ("History", "lessonpack example course")  # the course's
    assert "Mezhraiontsy" in props.keywords  # the lesson's key words
    assert "python-docx" not in props.comments and props.comments
    with zipfile.ZipFile(worksheet(built)) as package:
        app = package.read("docProps/app.xml").decode()
    assert "<Application>lessonpack</Application>" in app and "Macintosh" not in app


def test_word_opens_every_docx_in_word_2013_mode_not_compatibility_mode(built):
    """compatibilityMode 15 (Word 2013+): python-docx's template said 14, and Word titled the file
    "[Compatibility Mode]"; nor any of the template's thumbnail request, session ids or document id."""
    for path in sorted(Path(built[1]).rglob("*.docx")):
        with zipfile.ZipFile(path) as package:
            settings = etree.fromstring(package.read("word/settings.xml"))
        modes = [node.get(f"{W}val") for node in settings.iter(f"{W}compatSetting")
                 if node.get(f"{W}name") == "compatibilityMode"]
        assert modes == ["15"], path.name
        assert settings.find(f"{W}compat") is not None
        leftovers = [etree.QName(node).localname for node in settings
                     if etree.QName(node).localname in ("savePreviewPicture", "rsids", "docId")]
        assert leftovers == [], path.name


def test_a_worksheet_is_well_under_100_kb_before_its_fonts_and_pictures(built):
    path = worksheet(built)
    rest = {name: info for name, info in members(path).items()
            if not name.startswith(("word/fonts/", "word/media/"))}
    assert sum(info.compress_size for info in rest.values()) < 30_000  # in the file: well under 100 KB
    assert sum(info.file_size for info in rest.values()) < 150_000  # unpacked (875 KB with the old leftovers)


def test_the_timeline_pictures_take_under_50_kb_a_page(built):
    """The timeline is drawn as PNG pictures (writers/docx/timeline.py), a page's worth each."""
    pictures = [info for name, info in members(sources_paper(built)).items() if name.startswith("word/media/")]
    assert pictures and sum(info.file_size for info in pictures) < 50_000 * len(pictures)


def test_every_docx_of_the_lesson_is_made_the_same_way(built):
    profile, folder = built
    for path in folder.rglob("*.docx"):
        assert embedded_faces(path), f"{path.name} embeds no fonts"
        assert "docProps/thumbnail.jpeg" not in members(path)


def test_a_sources_glossary_is_in_a_shaded_ruled_box_as_in_the_pdf(built):
    from lessonpack.theme import theme_for

    theme = theme_for("A4", built[0])
    document = docx.Document(str(sources_paper(built)))
    # the last row of the source's table (sources.py): a cell, shaded and ruled all round
    glossaries = [row.cells[0] for table in document.tables for row in table.rows
                  if row.cells[0].text.startswith("Glossary")]
    assert glossaries
    for cell in glossaries:
        props = cell._tc.find(f"{W}tcPr")
        assert props.find(f"{W}shd").get(f"{W}fill") == theme.box_colour.lstrip("#")
        edges = props.find(f"{W}tcBorders")
        assert {etree.QName(edge).localname for edge in edges} == {"top", "left", "bottom", "right"}
        assert {edge.get(f"{W}color") for edge in edges} == {theme.rule_colour.lstrip("#")}


def test_a_reference_documents_theme_fonts_still_have_a_theme():
    """A school's reference document made in Word names its theme's fonts ("+Body"): the theme stays."""
    from lessonpack import document as d
    from lessonpack.theme import STANDARD
    from lessonpack.writers import write

    reference = BytesIO()
    docx.Document().save(reference)  # Word's own styles, in theme fonts
    info = d.DocumentInfo("Trotsky", "Student worksheet", "History")
    blocks = (d.Paragraph((d.Text("Trotsky returns to Petrograd."),)),)
    with_reference = write(d.Document(info, blocks), STANDARD, "docx", reference_docx=reference.getvalue())
    without = write(d.Document(info, blocks), STANDARD, "docx")
    assert "word/theme/theme1.xml" in zipfile.ZipFile(BytesIO(with_reference)).namelist()
    assert "word/theme/theme1.xml" not in zipfile.ZipFile(BytesIO(without)).namelist()


def test_the_default_language_is_said_once_and_is_the_courses(built):
    """python-docx's template says en-US; the course's language replaces it (a second w:lang breaks the schema)."""
    with zipfile.ZipFile(worksheet(built)) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    languages = styles.findall(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert [lang.get(f"{W}val") for lang in languages] == ["en-GB"]


def test_a_link_is_in_a_hyperlink_style_that_exists_and_is_underlined_as_in_the_pdf():
    from lessonpack import document as d
    from lessonpack.theme import STANDARD
    from lessonpack.writers import write

    info = d.DocumentInfo("Trotsky", "Student worksheet", "History")
    blocks = (d.Paragraph((d.Text("Read "), d.Link((d.Text("the essay"),), "https://example.org/essay"))),)
    document = docx.Document(BytesIO(write(d.Document(info, blocks), STANDARD, "docx")))
    runs = document.element.body.findall(f".//{W}hyperlink/{W}r")
    assert len(runs) == 1
    style_id = runs[0].find(f"{W}rPr/{W}rStyle").get(f"{W}val")
    style = next((style for style in document.styles if style.style_id == style_id), None)
    assert style is not None, f"the link's style {style_id} is not defined"
    assert style.name == "Hyperlink" and style.font.underline
    assert str(style.font.color.rgb) == STANDARD.text_colour.lstrip("#").upper()


def test_a_links_characters_are_in_the_embedded_face():
    """A link's runs stand inside w:hyperlink, apart from the paragraph's own: its letters count too."""
    from lessonpack import document as d
    from lessonpack.theme import STANDARD
    from lessonpack.writers import write

    info = d.DocumentInfo("Trotsky", "Student worksheet", "History")
    blocks = (d.Paragraph((d.Text("Read "), d.Link((d.Text("Δήμος"),), "https://example.org/demos"))),)
    faces = embedded_faces(BytesIO(write(d.Document(info, blocks), STANDARD, "docx")))
    cmap = TTFont(BytesIO(faces[("DejaVu Serif", "regular")])).getBestCmap()
    assert {ord(char) for char in "Δήμος"} <= set(cmap)
