"""Compiled templates kept in the cache folder (template_cache.py) are a shortcut only: a build
prints what its templates say now, whatever the cache holds, or whether there is one."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_root, pdf_text, run_cli

LINE = "Remember to write in full sentences ({})."


@pytest.fixture
def course(tmp_path) -> Path:
    """A one-lesson course whose worksheet template is the course's own copy of the default."""
    from lessonpack.targets import default_templates_dir

    root = copy_root("class-small", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "worksheet.md.j2").write_text(
        (default_templates_dir() / "worksheet.md.j2").read_text(encoding="utf-8"), encoding="utf-8")
    return root


def worksheet_says(root: Path, words: str, cache: Path | str) -> str:
    """Put `words` at the end of the course's worksheet template, build it, and read the PDF back."""
    template = root / "templates" / "worksheet.md.j2"
    text = template.read_text(encoding="utf-8").split("\n" + LINE[:20])[0]
    template.write_text(f"{text}\n{LINE.format(words)}\n", encoding="utf-8")
    result = run_cli("build", "--format", "pdf", "--force", cwd=root, env={"LESSONPACK_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    return pdf_text(root / "out" / "one-page" / "one-page_student-worksheet.pdf")


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "templates").glob("*.bin"))


def test_a_later_build_reads_the_compiled_templates_and_prints_the_templates_words_now(course, tmp_path):
    cache = tmp_path / "cache"
    assert LINE.format("first") in worksheet_says(course, "first", cache)
    kept = entries(cache)
    assert kept, "the first build keeps its compiled templates"
    stamps = {path: path.stat().st_mtime_ns for path in kept}
    again = worksheet_says(course, "second", cache)  # the edited template, never the code kept for the first
    assert LINE.format("second") in again and LINE.format("first") not in again
    unchanged = [path for path in kept if path.stat().st_mtime_ns == stamps[path]]
    assert unchanged, "the templates not edited are read from the cache, not compiled and stored again"


def test_a_corrupt_or_torn_entry_is_passed_over(course, tmp_path):
    cache = tmp_path / "cache"
    worksheet_says(course, "first", cache)
    assert entries(cache)
    for number, path in enumerate(entries(cache)):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if number % 2 else data[:-40] + b"\x00" * 40)
    assert LINE.format("again") in worksheet_says(course, "again", cache)
    assert LINE.format("off") in worksheet_says(course, "off", "")  # no cache at all


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX permissions")
def test_a_cache_folder_others_can_write_is_never_read(tmp_path, monkeypatch):
    """Compiled template code is loaded from the cache and font bytes embedded from it: an entry
    someone else could have planted (a shared or world-writable folder) is never read."""
    from lessonpack.fonts.cache import recall, store

    cache = tmp_path / "cache"
    monkeypatch.setenv("LESSONPACK_CACHE_DIR", str(cache))
    store("templates", "key", b"code")
    assert recall("templates", "key") == b"code"
    assert cache.stat().st_mode & 0o777 == 0o700  # made private
    cache.chmod(0o777)
    assert recall("templates", "key") is None
    cache.chmod(0o775)
    assert recall("templates", "key") is None
    cache.chmod(0o755)
    assert recall("templates", "key") == b"code"
