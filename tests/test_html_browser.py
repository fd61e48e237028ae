"""The HTML worksheets in a real browser (headless Chromium): axe-core finds no WCAG 2.1 A or AA
violation in light and dark colour schemes, in every print profile; each page reflows into 320 px
without scrolling sideways; the text the browser renders holds every question and source line.

Needs Debian's `chromium` and npm (axe-core is fetched from the npm registry at test time, once
per run, pinned; nothing is vendored). Without them the tests skip, unless
LESSONPACK_REQUIRE_CLIENTS=1 (as in CI), where they fail.

Each page is copied beside axe-core with a probe script added to the copy (the built file has
no script); a few pages at a time load in 320-px frames of one wrapper page, each frame
posts its findings to the wrapper, and `chromium --dump-dom` prints them.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import REPO

from lessonpack import document as d
from lessonpack.course import load_course
from lessonpack.pipeline import course_theme, make_document, template_set
from lessonpack.writers import write

AXE_VERSION = "4.14.1"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_WIDTH = 320
BATCH = 4
"""Pages loaded in one browser run."""
PROFILES = ["standard", "large-print-24", "dyslexia", "high-contrast"]
REQUIRE = os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1"

PROBE = """<script src="axe.min.js"></script>
<script>
var saved = null, download = null;
var save = document.getElementById("save-answers");
if (save) {  // answer: type in the first text box, pick the last radio button, then save
  // the file the page offers is read here, and the download it would start is not started
  URL.createObjectURL = function (blob) { blob.text().then(function (text) { saved = text; }); return "#saved"; };
  HTMLAnchorElement.prototype.click = function () { download = this.download; };
  var box = document.querySelector("textarea");
  if (box) box.value = "Because the workers elected him.";
  var radios = document.querySelectorAll("input[type=radio]");
  if (radios.length) radios[radios.length - 1].checked = true;
  save.click();
}
axe.run(document, {runOnly: {type: "tag", values: %(tags)s}}).then(function (result) {
  parent.postMessage(JSON.stringify({
    saved: saved, download: download,
    page: location.pathname.split("/").pop(),
    violations: result.violations.map(function (v) {
      return {id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); })};
    }),
    text: document.body.innerText,
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth
  }), "*");
});
</script>
"""

WRAPPER = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>
%(frames)s
<pre id="results"></pre>
<script>
var results = [];
addEventListener("message", function (event) {
  results.push(JSON.parse(event.data));
  document.getElementById("results").textContent = JSON.stringify(results);
});
</script></body></html>
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if REQUIRE:
            pytest.fail("chromium not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("chromium not installed")
    return found


@pytest.fixture(scope="module")
def axe(tmp_path_factory) -> Path:
    """axe-core's script, fetched from the npm registry with npm at a pinned version."""
    chromium()
    npm = shutil.which("npm")
    folder = tmp_path_factory.mktemp("axe")
    result = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}"], cwd=folder, capture_output=True,
                            text=True, timeout=300) if npm else None
    if result is None or result.returncode != 0:
        message = f"axe-core@{AXE_VERSION} could not be fetched with npm: {result.stderr if result else 'no npm'}"
        if REQUIRE:
            pytest.fail(message)
        pytest.skip(message)
    with tarfile.open(folder / f"axe-core-{AXE_VERSION}.tgz") as archive:
        archive.extract("package/axe.min.js", folder, filter="data")
    return folder / "package" / "axe.min.js"


def browse(folder: Path, pages: dict[str, bytes], axe: Path, dark: bool = False) -> list[dict]:
    """Each page in a 320-px frame of one wrapper page: what the probe in each reported."""
    shutil.copy(axe, folder / "axe.min.js")
    for name, data in pages.items():
        text = data.decode("utf-8")
        assert text.count("<script") == ("save-answers" in text)  # none, or the fillable page's own
        (folder / name).write_text(text.replace("</body>", PROBE % {"tags": json.dumps(WCAG_AA)} + "</body>"),
                                   encoding="utf-8")
    frames = "\n".join(f'<iframe src="{name}" title="{name}" width="{PHONE_WIDTH}" height="600"></iframe>'
                       for name in pages)
    (folder / "wrapper.html").write_text(WRAPPER % {"frames": frames}, encoding="utf-8")
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000",
               "--virtual-time-budget=120000", "--dump-dom", (folder / "wrapper.html").as_uri()]
    if dark:
        command.insert(-1, "--blink-settings=preferredColorScheme=0")
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    found = re.search(r'<pre id="results">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    results = json.loads(html.unescape(found.group(1)) or "[]")
    assert sorted(r["page"] for r in results) == sorted(pages), "a page's probe did not report"
    return results


def course_pages(profile: str, fillable: bool = False):
    course = load_course(REPO)
    theme = course_theme(course, profile)
    templates = template_set(course.templates_dir)
    for lesson in course.lessons:
        for kind in lesson.lesson.documents:
            document = make_document(course, lesson, kind, templates, theme=theme)
            yield f"{lesson.id}-{kind}.html", document, write(document, theme, "html", fillable=fillable)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_reflows_to_a_phone_and_shows_every_question(axe, tmp_path, profile, scheme):
    documents = {name: (document, data) for name, document, data in course_pages(profile)}
    names = sorted(documents)
    results = []
    for start in range(0, len(names), BATCH):  # a few frames per browser: each page's probe reports in time
        batch = names[start:start + BATCH]
        folder = tmp_path / str(start)
        folder.mkdir()
        results += browse(folder, {name: documents[name][1] for name in batch}, axe, scheme == "dark")
    for result in results:
        name = result["page"]
        assert result["violations"] == [], name
        assert result["width"] == PHONE_WIDTH and result["scrollWidth"] <= PHONE_WIDTH, name  # no sideways scrolling
        shown = squash(result["text"])
        document = documents[name][0]
        for block in document.blocks:
            if isinstance(block, d.Question):
                for child in block.blocks:
                    if isinstance(child, d.Paragraph):
                        assert squash(d.plain_text(child.children)) in shown, (name, block.number)
            elif isinstance(block, d.SourceBox):
                for line in block.lines:
                    assert squash(line.text) in shown, (name, line)


@pytest.mark.slow
def test_a_fillable_worksheet_passes_axe_and_saves_the_answers_typed(axe, tmp_path):
    pages = {name: data for name, _, data in course_pages("standard", fillable=True) if name.endswith("worksheet.html")}
    results = []
    names = sorted(pages)
    for start in range(0, len(names), BATCH):
        folder = tmp_path / str(start)
        folder.mkdir()
        results += browse(folder, {name: pages[name] for name in names[start:start + BATCH]}, axe)
    for result in results:
        name = result["page"]
        assert result["violations"] == [], name
        assert result["scrollWidth"] <= PHONE_WIDTH, name
        saved = result["saved"]
        assert saved is not None and result["download"].endswith("-answers.txt"), name  # made in the page
        lines = saved.splitlines()
        assert lines[0].endswith("Student worksheet")
        assert "Because the workers elected him." in saved
        assert any(line.startswith("Question 1") for line in lines), name
