"""Options that do not apply to what was asked are refused with a message, never silently ignored.

Each refusal names the option, says why it changes nothing, gives a hint, and leaves
the output folder untouched. Options that do apply still build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, copy_root, run_cli

ROSTERS = FIXTURES / "rosters"


@pytest.fixture(scope="module")
def small_root(tmp_path_factory) -> Path:
    return copy_root("class-small", tmp_path_factory.mktemp("small-root"))


def one_page(root: Path) -> str:
    return str(root / "lessons" / "one-page.yaml")


REFUSED = [
    (["--seed", "3"], "--seed chooses how versions are shuffled, so it needs --variants",
     "hint: add --variants 2"),
    (["--roster", str(ROSTERS / "pair.csv"), "--seed", "3"],
     "without --variants (and with no variant column in the roster) every student gets the same paper",
     "hint: add --variants 2 (or more), or leave out --seed"),
    (["--roster", str(ROSTERS / "pair.csv"), "--variants", "1", "--seed", "3"],
     "every student gets the same paper", "hint: add --variants 2"),
    (["--variants", "1"], "--variants 1 without --roster makes one version: that is a plain build",
     "hint: give --variants 2"),
    (["--format", "docx", "--fillable"],
     "--fillable puts form fields in PDF files and HTML pages only, and --format docx",
     "hint: give --format pdf"),
    (["--format", "pdf,docx", "--fillable"],
     "--fillable puts form fields in PDF files and HTML pages only, and --format pdf,docx",
     "hint: give --format pdf"),
    (["--roster", str(ROSTERS / "pair.csv"), "--format", "docx"],
     "--format docx does not apply to a class set (--roster)", "hint: leave out --format, or give --format pdf"),
]


@pytest.mark.parametrize(("options", "message", "hint"), REFUSED, ids=[" ".join(o[0][-2:]) for o in REFUSED])
def test_an_option_that_does_not_apply_to_the_build_is_refused(small_root, tmp_path, options, message, hint):
    out = tmp_path / "out"
    result = run_cli("build", one_page(small_root), "--out", str(out), *options)
    assert result.returncode == 1, result.stderr
    assert message in result.stderr
    assert hint in result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()


def test_a_seed_with_a_roster_that_names_versions_applies(tmp_path):
    """The roster's variant column hands out versions without --variants: the seed shuffles them."""
    root = copy_root("class-versions", tmp_path / "course")
    out = tmp_path / "out"
    result = run_cli("build", str(root / "lessons" / "versions.yaml"), "--out", str(out),
                     "--roster", str(ROSTERS / "variant-column-only.csv"), "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert list((out / "versions" / "teacher").glob("versions_teacher-notes_*-versions_seed-7.pdf"))


def test_fillable_alone_makes_fillable_pdfs_only(small_root, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", one_page(small_root), "--out", str(out), "--fillable")
    assert result.returncode == 0, result.stderr
    assert {p.suffix for p in out.rglob("*_fillable.*")} == {".pdf"}
    assert not list(out.rglob("*.docx"))


def test_variants_without_a_roster_make_unnamed_masters(small_root, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", one_page(small_root), "--out", str(out), "--variants", "2", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert len(list(out.rglob("*_version-A_seed-3.pdf"))) == 1
    assert len(list(out.rglob("*_version-B_seed-3.docx"))) == 1


def test_schema_out_with_markdown_is_refused(small_root, tmp_path):
    """--markdown prints the reference; an --out folder would stay empty."""
    result = run_cli("schema", "--markdown", "--out", str(tmp_path / "schemas"), cwd=small_root)
    assert result.returncode == 1, result.stderr
    assert "--out does not apply to --markdown" in result.stderr
    assert "hint: leave out --out" in result.stderr
    assert not (tmp_path / "schemas").exists()


def test_the_template_reference_is_printed_or_rewritten_in_place(tmp_path):
    printed = run_cli("templates", "reference")
    assert printed.returncode == 0, printed.stderr
    assert "### Variables" in printed.stdout
    document = tmp_path / "templates.md"
    document.write_text("# Templates\n\n" + printed.stdout.replace("lesson_id", "stale"), encoding="utf-8")
    result = run_cli("templates", "reference", str(document))
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("templates.md: updated\n")
    assert document.read_text(encoding="utf-8") == "# Templates\n\n" + printed.stdout
    assert run_cli("templates", "reference", str(document)).stdout.endswith("templates.md: up to date\n")


def test_a_document_without_the_reference_markers_is_refused_at_its_file(tmp_path):
    document = tmp_path / "notes.md"
    document.write_text("# Notes\n", encoding="utf-8")
    result = run_cli("templates", "reference", str(document))
    assert result.returncode == 1
    assert "notes.md: the document has no place for the template reference" in result.stderr
    assert "hint: add the lines <!-- context:" in result.stderr
    assert document.read_text(encoding="utf-8") == "# Notes\n"
