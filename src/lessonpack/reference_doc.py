"""Check the Word file a course names as `reference_docx` before python-docx ever opens it.

A shared course.yaml can name any file as the school's style document: a text
file, a zip bomb, a Word file whose XML declares entities, or one with parts
missing. `validate` and
`build` must agree, so the file is read and checked here, when the course is
loaded, and the build uses the bytes that were checked, never the path again.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .errors import LessonpackError, Location
from .inputs import read_input

MAX_BYTES = 20 * 1024 * 1024
MAX_PART_BYTES = 10 * 1024 * 1024
"""One unpacked part (e.g. word/styles.xml): a real one is well under 1 MB."""
MAX_PARTS = 1000
_WORD_DOCUMENT = "wordprocessingml.document.main+xml"
_RESAVE = "open it in Word or LibreOffice and save it again as a Word document (.docx)"


def load_reference_docx(root: Path, name: str, where: Location) -> bytes:
    """The bytes of the course's reference DOCX, refused at `where` (course.yaml's line) unless it is a
    plain Word document inside the course."""
    data = read_input(root / name, within=root, limit=MAX_BYTES, where=where, what=f'reference_docx "{name}"')

    def refuse(problem: str, hint: str = _RESAVE) -> LessonpackError:
        return LessonpackError(f'reference_docx "{name}" {problem}', where, hint)

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse("is not a Word file (.docx)",
                     "name a .docx file; a .doc, .odt or PDF must first be saved as .docx") from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise refuse(f"has {len(parts)} parts, more than a Word file has")
        names = {part.filename for part in parts}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise refuse("is not a Word file (.docx)",
                         "name a .docx file; a .doc, .odt or PDF must first be saved as .docx")
        for part in parts:
            if part.filename.endswith((".xml", ".rels")):
                _check_part(archive, part, refuse)
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    if _WORD_DOCUMENT not in types:
        raise refuse("is not a Word document (perhaps a template, .dotx, or another Office file)")
    _open_as_the_build_will(data, refuse)
    return data


def _open_as_the_build_will(data: bytes, refuse) -> None:
    """Read its styles with python-docx, as the DOCX writer will: a part missing or of the wrong kind is
    found now, at course.yaml's line, not halfway through a build. (Only courses that name a reference
    DOCX pay for importing python-docx here.)"""
    import docx

    try:
        docx.Document(io.BytesIO(data)).styles.element.findall("*")
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors… for a damaged package
        raise refuse(f"cannot be read as a Word document ({type(exc).__name__}: {exc})") from None


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, refuse) -> None:
    """One XML part: small once unpacked, well-formed, and with no DTD (entities can explode or reach out)."""
    if part.file_size > MAX_PART_BYTES:
        raise refuse(f"has a part ({part.filename}) of {part.file_size // (1024 * 1024)} MB unpacked, "
                     f"more than {MAX_PART_BYTES // (1024 * 1024)} MB")
    try:
        with archive.open(part) as stream:
            xml = stream.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise refuse(f"is damaged: its part {part.filename} cannot be unpacked ({exc})") from None
    if len(xml) > MAX_PART_BYTES:
        raise refuse(f"has a part ({part.filename}) larger than {MAX_PART_BYTES // (1024 * 1024)} MB unpacked")
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in xml[:200]:  # UTF-16: the search below would miss
        raise refuse(f"has its part {part.filename} in UTF-16, which Word never writes; it was not used")
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise refuse(f"has a DTD or entity declarations in {part.filename}, which Word never writes; "
                     "it was not used")
    try:
        ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise refuse(f"is damaged: its part {part.filename} is not well-formed XML ({exc})") from None

