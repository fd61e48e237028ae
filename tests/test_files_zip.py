"""`files.zip_bytes` writes the zip records itself so that a DOCX's large, repeated members (its
embedded font subsets) are deflated once and kept: the bytes must be what Python's zipfile writes,
whatever the cache folder holds."""

from __future__ import annotations

import io
import os
import zipfile


from lessonpack.files import KEPT_DEFLATED, add_to_zip, zip_bytes

MEMBERS = [("[Content_Types].xml", b"<Types/>" * 500), ("word/fonts/font1.odttf", os.urandom(3 * KEPT_DEFLATED)),
           ("word/média/naïve.txt", "déjà vu ".encode("utf-8") * 20000), ("empty.xml", b"")]


def by_zipfile(members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            add_to_zip(archive, name, data)
    return buffer.getvalue()



def test_the_zip_is_what_zipfile_writes_the_first_time_and_from_the_cache(cache_folder):
    expected = by_zipfile(MEMBERS)
    assert zip_bytes(MEMBERS) == expected
    assert len(list((cache_folder / "deflated").glob("*.bin"))) == 2  # the two large members
    assert zip_bytes(MEMBERS) == expected
    with zipfile.ZipFile(io.BytesIO(expected)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == MEMBERS


def test_a_corrupt_kept_member_or_no_cache_gives_the_same_zip(cache_folder, monkeypatch):
    expected = by_zipfile(MEMBERS)
    zip_bytes(MEMBERS)
    for entry in (cache_folder / "deflated").glob("*.bin"):
        data = entry.read_bytes()
        entry.write_bytes(data[:-10] + bytes(10))
    assert zip_bytes(MEMBERS) == expected
    monkeypatch.setenv("LESSONPACK_CACHE_DIR", "")
    assert zip_bytes(MEMBERS) == expected
