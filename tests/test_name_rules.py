"""An exit-ticket slip's Name line, as printed: a rule to write the name on after "Name:", the slip's
total marks after the rule, in the PDF and in the DOCX as LibreOffice prints it. It was a row of
underscores ("Name: ______________"), a dashed line too short for a full name, set in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_root, libreoffice_pdfs, run_cli
from pagecheck import read_paper
from test_docx_keep import soffice  # noqa: F401 (a fixture)

from lessonpack.theme import theme_for

LEAST_RULE = 72.0
"""Points of rule a name needs at the least: an inch, about fifteen handwritten letters."""


@pytest.fixture(scope="module")
def printed(soffice, tmp_path_factory) -> dict[str, dict[str, Path]]:  # noqa: F811
    """The all-types course's exit tickets, standard and 24 pt, as built (PDF) and as LibreOffice prints the DOCX."""
    root = copy_root("all-types", tmp_path_factory.mktemp("names"))
    found: dict[str, dict[str, Path]] = {}
    for profile, suffix in (("standard", ""), ("large-print-24", "_large-print-24")):
        out = root / f"out-{profile}"
        result = run_cli("build", str(root / "lessons" / "quick-choices.yaml"), "--out", str(out),
                         "--profile", profile, "--only", "students")
        assert result.returncode == 0, result.stderr
        built = out / "quick-choices" / f"quick-choices_exit-ticket{suffix}"
        (docx,) = libreoffice_pdfs(soffice, [built.with_suffix(".docx")], out)
        found[profile] = {"pdf": built.with_suffix(".pdf"), "docx": docx}
    return found


@pytest.mark.slow
@pytest.mark.parametrize("made", ["pdf", "docx"])
@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_each_slip_has_a_rule_after_name_and_its_total_after_the_rule(printed, profile, made):
    theme = theme_for("A4", profile)
    paper = read_paper(printed[profile][made], theme)
    words = paper.words
    names = [w for w in words if w.text == "Name:"]
    # four slips to the page; at 24 pt one (in the DOCX cut in two, a Name line on each piece)
    assert len(names) == 4 if profile == "standard" else names, [w.text for w in words[:40]]
    for name in names:
        line = [w.text for w in words if w.page == name.page and abs(w.y0 - name.y0) < 2 and w.x0 > name.x1]
        assert not any("_" in text for text in line), line  # underscores printed as the line to write on
        rules = [s for s in paper.strokes if s.page == name.page and s.horizontal
                 and s.x0 > name.x1 and abs(s.y0 - name.y0) < theme.body_size * 0.6]
        assert rules, f"no rule beside Name: on page {name.page + 1} ({made}, {profile})"
        rule = min(rules, key=lambda s: s.x0)  # this slip's, not the next one's along
        assert rule.x1 - rule.x0 >= LEAST_RULE, (rule, made, profile)
        total = [w for w in words if w.page == name.page and w.text == "[5"
                 and abs(w.y0 - name.y0) < 2 and w.x0 > name.x1]
        assert total and min(w.x0 for w in total) >= rule.x1, (total, rule, made, profile)
