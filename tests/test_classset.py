"""Class sets through the command line, read back as a teacher and the students would see them.

`lessonpack build LESSON --roster R --out TMP [--variants N --seed S --fillable]` makes a
worksheet per student, a print file per class and profile, a zip per class and, with
versions, the teacher's answer keys. Every expectation comes from the roster and the
lesson YAML (read with PyYAML), never from lessonpack's own output.

Builds (each run once per module, in a temporary folder):
- lesson 02 of the shipped course, roster 10B.csv, --variants 2 --seed 5;
- tests/roots/class-versions (every shuffled question type, pinned options and questions,
  tier-only questions, answer-only texts), roster 7C.csv, --variants 2 --seed 5 --fillable;
- tests/roots/class-small (a one-page worksheet) with hostile names and print profiles;
- the whole shipped course, --variants 2 --fillable, to look for answers in student files.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader, PdfWriter

from conftest import (teacher_only_texts, FIXTURES, LESSON_FILES, REPO, copy_root, horizontal_rules, lesson_id,
                      made_once, pdf_text, run_cli, squash, without_furniture)

ROSTERS = FIXTURES / "rosters"
LESSON02 = REPO / "lessons" / "02-trotsky-following.yaml"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MIN_SECRET = 25
"""Answer-only texts shorter than this are not looked for (common words would match by chance)."""

# The standard A4 paper (theme.py): the text area every field must lie in.
A4 = (595.2756, 841.8898)


def standard_margins() -> tuple[float, float, float, float]:
    from lessonpack.theme import theme_for

    t = theme_for("A4", "standard")
    return t.margin_left, t.margin_right, t.margin_top, t.margin_bottom


# ----------------------------------------------------------------- building and reading back


def build(target: Path, roster: Path, out: Path, *options: str):
    result = run_cli("build", str(target), "--roster", str(roster), "--out", str(out), *options)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def built(target: Path, roster: Path, out: Path, *options: str):
    result = build(target, roster, out, *options)
    assert result.returncode == 0, result.stderr
    return result


def built_once(tmp_path_factory, name: str, target: Path, roster: Path, *options: str) -> tuple[Path, dict]:
    """A class set built once per test run into <shared>/<name>/out, shared by the xdist workers
    (read-only), and what the build printed."""
    def make(folder: Path) -> dict:
        result = built(target, roster, folder / "out", *options)
        return {"stdout": result.stdout, "stderr": result.stderr}

    folder, printed = made_once(tmp_path_factory, name, make)
    return folder / "out", printed


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def page_texts(path: Path | bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else str(path))
    return [nfc(page.extract_text() or "") for page in reader.pages]


def body(path: Path) -> str:
    """The PDF's text without running header and footer, white space squashed."""
    return nfc(squash(pdf_text(path)))


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def student_pdfs(folder: Path) -> list[Path]:
    """The students' own worksheets in a class folder (not the print files)."""
    return sorted(p for p in folder.glob("*.pdf") if re.search(r"_worksheet(-\d+)?\.pdf$", p.name))


def read_roster(name: str) -> list[dict[str, str]]:
    with (ROSTERS / name).open(encoding="utf-8-sig", newline="") as f:
        return [{k.strip().lower(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def read_manifest(zip_path: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(zip_path) as z:
        text = z.read("manifest.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def versions_in_turn(roster: list[dict[str, str]], variants: int) -> list[str]:
    """The version each student should get: the roster's `variant` column, else A, B, … in turn."""
    return [row["variant"].upper() if row.get("variant") else LETTERS[turn % variants]
            for turn, row in enumerate(roster)]


def header_versions(path: Path | bytes) -> list[str | None]:
    """The version letter in each page's running header ("Student worksheet · version B")."""
    out = []
    for text in page_texts(path):
        found = re.findall(r"Student worksheet · version ([A-Z])", text)
        out.append(found[0] if found else None)
    return out


@dataclass
class Copy:
    """One student's row of the manifest, with the file it names."""

    student: str
    group: str
    id: str
    file: Path
    version: str
    pages: int


def copies(zip_path: Path) -> list[Copy]:
    return [Copy(r["student"], r["class"], r["id"], zip_path.parent / r["file"], r["version"], int(r["pages"]))
            for r in read_manifest(zip_path)]


# ----------------------------------------------------------------- what a lesson prints, from its YAML


def load_lesson(file: Path) -> dict:
    return yaml.safe_load(file.read_text(encoding="utf-8"))


def option_texts(q: dict) -> list[str]:
    return [o if isinstance(o, str) else o["text"] for o in q.get("options", [])]


def answer_lines(item: dict) -> int:
    return item["lines"] if item.get("lines") is not None else max(2, 2 * item["marks"])


def numbering(text: str, questions: list[dict]) -> dict[int, dict]:
    """Which question of the YAML each printed number is, found by its prompt in the text."""
    out = {}
    for q in questions:
        head = re.escape(squash(q["prompt"])[:30])
        found = re.search(rf"(?:^| )(\d+) (?:Source [A-Z](?:, lines? [\d–]+)?\. )?{head}", text)
        if found:
            out[int(found[1])] = q
    return out


def printed_mc_letter(text: str, option: str) -> str:
    found = re.findall(rf"(?:^| )([A-Z]) {re.escape(squash(option))}(?= |$)", text)
    assert len(found) == 1, (option, found)
    return found[0]


def printed_options(text: str, q: dict) -> list[str]:
    """A multiple-choice question's options in the order this copy prints them (A, B, …)."""
    letters = {printed_mc_letter(text, option): option for option in option_texts(q)}
    return [letters[letter] for letter in sorted(letters)]


def printed_right_column(text: str, q: dict) -> list[str]:
    """A matching question's right column in the order printed ("A. …", "B. …")."""
    letters = {}
    for pair in q["pairs"]:
        found = re.findall(rf"([A-Z])\. {re.escape(squash(pair['right']))}", text)
        assert len(found) == 1, (pair, found)
        letters[found[0]] = pair["right"]
    return [letters[letter] for letter in sorted(letters)]


def printed_items(text: str, q: dict) -> list[str]:
    """An ordering question's items, top to bottom as printed."""
    start = text.index(squash(q["prompt"]))
    spots = {item: text.index(squash(item), start) for item in option_texts(q)}
    return sorted(spots, key=spots.get)


def printed_question_order(text: str, questions: list[dict]) -> list[str]:
    return [q["prompt"] for _, q in sorted(numbering(text, questions).items())]


def key_sections(teacher_pdf: Path) -> dict[tuple[str, str], str]:
    """The teacher notes' answer key of each version, as squashed text, by (letter, tier):
    "Version B" is ("B", ""); a key made for a tier paper, "Version B (support paper)", is ("B", "support")."""
    text = body(teacher_pdf)
    assert "Answer keys for each version" in text
    text = text.split("Answer keys for each version", 1)[1]
    parts = re.split(r"Version ([A-Z])(?: \((\w+) paper\))? No\. Question Answer", text)
    return {(parts[i], parts[i + 1] or ""): parts[i + 2] for i in range(1, len(parts), 3)}


def key_row(section: str, number: int, q: dict) -> str:
    """The answer cell of key row `number`, which must be question q (by its prompt's start)."""
    head = re.escape(squash(q["prompt"])[:20])
    found = re.search(rf"(?:^| ){number} {head}.*?(?= {number + 1} [A-Z'\"]|$)", section)  # to the next row
    assert found, f"no row {number} for {q['prompt']!r} in the key"
    return found[0]


# ----------------------------------------------------------------- positions on the page


def text_runs(page) -> list[tuple[str, float, float]]:
    """Every piece of text on a page with its start point in page space (x, baseline y)."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return runs


@dataclass
class Widget:
    name: str
    kind: str  # /Tx or /Btn
    page: int  # 0-based
    rect: tuple[float, float, float, float]
    value: object
    default: object
    tooltip: object


def widgets(reader: PdfReader) -> list[Widget]:
    out = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a.get("/Subtype") != "/Widget":
                continue
            field = a["/Parent"].get_object() if "/Parent" in a else a
            name = str(field["/T"])
            if "/Parent" in a:  # a button of a radio group: named "group=value" (its "on" state)
                name += "=" + next(str(k)[1:] for k in a["/AP"]["/N"] if k != "/Off")
            out.append(Widget(name, str(field["/FT"]), index, tuple(float(v) for v in a["/Rect"]),
                              field.get("/V"), field.get("/DV"), field.get("/TU")))
    return out


# ----------------------------------------------------------------- the builds


@dataclass
class ClassBuild:
    out: Path
    roster: list[dict[str, str]]
    lesson: dict
    lesson_id: str
    stdout: str
    stderr: str

    @property
    def folder(self) -> Path:
        return self.out / self.lesson_id

    def class_folder(self, group: str) -> Path:
        return self.folder / f"class-{group}"


@pytest.fixture(scope="module")
def lesson02_10b(tmp_path_factory) -> ClassBuild:
    out, printed = built_once(tmp_path_factory, "class-10b", LESSON02, ROSTERS / "10B.csv", "--variants", "2",
                              "--seed", "5")
    return ClassBuild(out, read_roster("10B.csv"), load_lesson(LESSON02), "02-trotsky-following",
                      printed["stdout"], printed["stderr"])


@pytest.fixture(scope="module")
def versions_root(tmp_path_factory) -> Path:
    return copy_root("class-versions", tmp_path_factory.mktemp("versions-root"))


@pytest.fixture(scope="module")
def versions_7c(versions_root, tmp_path_factory) -> ClassBuild:
    lesson = versions_root / "lessons" / "versions.yaml"
    out, printed = built_once(tmp_path_factory, "class-7c", lesson, ROSTERS / "7C.csv", "--variants", "2",
                              "--seed", "5", "--fillable")
    return ClassBuild(out, read_roster("7C.csv"), load_lesson(lesson), "versions", printed["stdout"],
                      printed["stderr"])


@pytest.fixture(scope="module")
def small_root(tmp_path_factory) -> Path:
    return copy_root("class-small", tmp_path_factory.mktemp("small-root"))


def one_page(small_root: Path) -> Path:
    return small_root / "lessons" / "one-page.yaml"


# ================================================================= one worksheet per student


def test_every_student_gets_their_own_worksheet_in_the_class_folder(lesson02_10b):
    b = lesson02_10b
    folder = b.class_folder("10B")
    expected = {
        "Zoë-Ångström_02-trotsky-following_worksheet.pdf",
        "Łukasz-Nowak_02-trotsky-following_worksheet.pdf",
        "Nguyễn-Văn-An_02-trotsky-following_worksheet.pdf",
        "김민준_02-trotsky-following_worksheet.pdf",
        "Anna-Smith_02-trotsky-following_worksheet.pdf",
        "Anna-Smith_02-trotsky-following_worksheet-2.pdf",  # the same name twice: two files
        "Ahmed-Zara_02-trotsky-following_worksheet.pdf",
    }
    worksheets = {nfc(p.name) for p in student_pdfs(folder)}
    assert worksheets == expected
    for name in worksheets:  # every line of the roster reads its own file
        assert (folder / name).read_bytes().startswith(b"%PDF-")


def test_each_worksheet_prints_its_students_name_and_class_in_the_details_line(lesson02_10b):
    b = lesson02_10b
    for copy in copies(b.class_folder("10B") / "02-trotsky-following_class-10B.zip"):
        first_page = squash(page_texts(copy.file)[0])
        if copy.student == "김민준":
            continue  # DejaVu has no Hangul: see the next two tests
        assert f"Name: {copy.student} Class: 10B Date:" in first_page, (copy.student, first_page[:300])


def test_the_two_students_with_the_same_name_each_get_a_copy(lesson02_10b):
    rows = read_manifest(lesson02_10b.class_folder("10B") / "02-trotsky-following_class-10B.zip")
    smiths = [r for r in rows if r["student"] == "Anna Smith"]
    assert [r["id"] for r in smiths] == ["S05", "S06"]
    assert len({r["file"] for r in smiths}) == 2


def test_a_name_the_fonts_cannot_print_does_not_stop_the_class_set(lesson02_10b):
    """김민준: DejaVu has no Hangul. The build still succeeds and the file name keeps the script;
    on the paper the name prints as empty boxes (see the xfail below)."""
    folder = lesson02_10b.class_folder("10B")
    path = folder / "김민준_02-trotsky-following_worksheet.pdf"
    assert path.is_file()
    first_page = squash(page_texts(path)[0])
    assert re.search(r"Name: .* Class: 10B Date:", first_page)
    from lessonpack.fonts import missing_glyphs

    assert missing_glyphs("김민준", "DejaVu Serif") == set("김민준")  # why it cannot print
    for name in ("Zoë Ångström", "Łukasz Nowak", "Nguyễn Văn An"):  # these DejaVu has
        assert not missing_glyphs(name, "DejaVu Serif")


def test_a_name_the_fonts_cannot_print_is_reported_with_its_roster_row(lesson02_10b):
    err = lesson02_10b.stderr
    assert "10B.csv:5" in err and "김민준" in err


def test_names_in_other_scripts_keep_their_letters_in_the_pdf_text(lesson02_10b):
    folder = lesson02_10b.class_folder("10B")
    for name in ("Zoë Ångström", "Łukasz Nowak", "Nguyễn Văn An", "Ahmed, Zara"):
        stem = name.replace(", ", "-").replace(" ", "-")
        file = next(p for p in student_pdfs(folder) if nfc(p.name).startswith(stem))
        assert name in body(file), name


# ----------------------------------------------------------------- names that are not file names


def test_hostile_names_and_classes_never_leave_the_out_folder_or_make_bad_file_names(small_root, tmp_path):
    roster = tmp_path / "hostile.csv"
    roster.write_bytes((ROSTERS / "hostile.csv").read_bytes())
    out = tmp_path / "deep" / "out"
    before = set(files_in(tmp_path))
    built(one_page(small_root), roster, out)
    created = set(files_in(tmp_path)) - before
    assert created, "nothing was written"
    root = out.resolve()
    for path in created:
        assert path.resolve().is_relative_to(root), path  # nothing beside or above --out
        assert not path.is_symlink()
        for part in path.relative_to(out).parts:
            assert not re.search(r'[<>:"/\\|?*\x00-\x1f]', part), part
            assert part not in (".", "..") and not part.endswith((" ", ".")) and not part.startswith(" "), part
            assert part.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                                                      *(f"LPT{i}" for i in range(10))}, part
            assert len(part.encode("utf-8")) <= 255
    for z in out.rglob("*.zip"):  # unpacking a zip cannot write outside its folder either
        with zipfile.ZipFile(z) as archive:
            for member in archive.namelist():
                assert "/" not in member and "\\" not in member and member not in (".", ".."), member
    # Every student still has a copy, with their name as typed in the details line.
    roster_rows = read_roster("hostile.csv")
    zips = sorted(out.rglob("*.zip"))
    listed = [c for z in zips for c in copies(z)]
    assert sorted(c.student for c in listed) == sorted(r["name"] for r in roster_rows)
    for c in listed:
        assert c.file.is_file()
        assert f"Name: {c.student} Class:" in squash(page_texts(c.file)[0])
    # The students without a class are in the roster file's class: its name without .csv.
    classless = [c for c in listed if not next(r for r in roster_rows if r["name"] == c.student)["class"]]
    assert classless and {c.file.parent.name for c in classless} == {"class-hostile"}
    for c in classless:
        assert "Class: hostile Date:" in squash(page_texts(c.file)[0])


def test_file_names_in_a_class_folder_differ_by_more_than_case(small_root, tmp_path):
    out = tmp_path / "out"
    built(one_page(small_root), ROSTERS / "same-name-case.csv", out)
    names = [p.name for p in student_pdfs(out / "one-page" / "class-same-name-case")]
    assert len(names) == 3
    assert len({n.casefold() for n in names}) == 3, names


# ================================================================= folder layout


def test_the_folder_layout(lesson02_10b):
    b = lesson02_10b
    lid = b.lesson_id
    relative = {p.relative_to(b.out).as_posix() for p in files_in(b.out) if not p.name.startswith(".")}
    students = {f"{lid}/class-10B/{p.name}" for p in student_pdfs(b.class_folder("10B"))}
    assert len(students) == len(b.roster)
    assert relative == students | {
        f"{lid}/class-10B/{lid}_worksheet_class-10B_print-all.pdf",
        f"{lid}/class-10B/{lid}_class-10B.zip",
        f"{lid}/teacher/{lid}_teacher-notes_2-versions_seed-5.pdf",
    }
    for path in students:
        assert re.fullmatch(rf"{lid}/class-10B/.+_{lid}_worksheet(-\d+)?\.pdf", path)


def test_without_a_class_column_the_roster_files_name_is_the_class(small_root, tmp_path):
    roster = tmp_path / "Set 3 (Tuesday).csv"
    roster.write_text("name\nAda Lovelace\nBen Okri\n", encoding="utf-8")
    out = tmp_path / "out"
    built(one_page(small_root), roster, out)
    folder = out / "one-page" / "class-Set-3-(Tuesday)"
    assert sorted(p.name for p in folder.iterdir()) == sorted([
        "Ada-Lovelace_one-page_worksheet.pdf", "Ben-Okri_one-page_worksheet.pdf",
        "one-page_worksheet_class-Set-3-(Tuesday)_print-all.pdf", "one-page_class-Set-3-(Tuesday).zip"])
    assert "Name: Ada Lovelace Class: Set 3 (Tuesday) Date:" in squash(
        page_texts(folder / "Ada-Lovelace_one-page_worksheet.pdf")[0])
    assert not (out / "one-page" / "teacher").exists()  # one version: no answer keys to print


# ================================================================= versions


def test_copies_alternate_versions_unless_the_roster_says_and_the_header_shows_the_letter(lesson02_10b):
    b = lesson02_10b
    expected = versions_in_turn(b.roster, 2)
    assert expected == ["A", "B", "A", "B", "A", "A", "A"]  # Anna Smith (S06) is A by the roster, not B
    listed = copies(b.class_folder("10B") / "02-trotsky-following_class-10B.zip")
    assert [c.id for c in listed] == [r["id"] for r in b.roster]
    assert [c.version for c in listed] == expected
    for c in listed:
        assert set(header_versions(c.file)) == {c.version}, c.student  # on every page


def check_question_order(lesson: dict, listed: list[Copy]) -> dict[str, list[str]]:
    """Questions keep the lesson's order unless it has shuffle_questions; then they move per version,
    except those with `shuffle: false`. Returns each version's order (full-paper copies only)."""
    questions = lesson["questions"]
    listed_order = [q["prompt"] for q in questions]
    orders: dict[str, list[str]] = {}
    for c in listed:
        order = printed_question_order(body(c.file), questions)
        assert orders.setdefault(c.version, order) == order, f"{c.student}: another order for version {c.version}"
        assert sorted(order) == sorted(listed_order), c.student
        if not lesson.get("shuffle_questions"):
            assert order == listed_order, c.student
        else:
            for i, q in enumerate(questions):
                if q.get("shuffle") is False:
                    assert order[i] == q["prompt"], (c.student, i)
    if lesson.get("shuffle_questions"):
        assert len({tuple(o) for o in orders.values()}) == len(orders) > 1  # each version its own order
    return orders


def test_lesson_02s_question_order_follows_its_shuffle_settings(lesson02_10b):
    b = lesson02_10b
    check_question_order(b.lesson, copies(b.class_folder("10B") / "02-trotsky-following_class-10B.zip"))


def test_without_shuffle_questions_only_the_options_move(versions_root, tmp_path):
    lesson = versions_root / "lessons" / "fixed-order.yaml"
    out = tmp_path / "out"
    built(lesson, ROSTERS / "pair.csv", out, "--variants", "2", "--seed", "5")
    data = load_lesson(lesson)
    assert not data.get("shuffle_questions")
    listed = copies(out / "fixed-order" / "class-7C" / "fixed-order_class-7C.zip")
    assert [c.version for c in listed] == ["A", "B"]
    orders = check_question_order(data, listed)
    assert orders["A"] == orders["B"] == [q["prompt"] for q in data["questions"]]
    mc, ordering = data["questions"][1], data["questions"][2]
    a, b = (body(c.file) for c in listed)
    for text in (a, b):
        assert printed_options(text, mc) != option_texts(mc)
        assert printed_items(text, ordering) != option_texts(ordering)
    assert printed_items(a, ordering) != printed_items(b, ordering)


def test_each_version_prints_a_questions_options_in_its_own_order(versions_root, tmp_path):
    lesson = versions_root / "lessons" / "fixed-order.yaml"
    out = tmp_path / "out"
    built(lesson, ROSTERS / "pair.csv", out, "--variants", "2", "--seed", "5")
    data = load_lesson(lesson)
    a, b = (body(c.file) for c in copies(out / "fixed-order" / "class-7C" / "fixed-order_class-7C.zip"))
    problems = [q["prompt"] for q in data["questions"] if q["type"] == "multiple-choice"
                and printed_options(a, q) == printed_options(b, q)]
    assert not problems


def by_version(build: ClassBuild, zip_path: Path, tier: str = "") -> dict[str, Copy]:
    """The first copy of each version among the students of a tier ("": the full paper)."""
    tiers = {r["name"]: r.get("tier", "") for r in build.roster}
    out: dict[str, Copy] = {}
    for c in copies(zip_path):
        if tiers.get(c.student, "") == tier:
            out.setdefault(c.version, c)
    return out


def test_options_columns_and_items_are_shuffled_differently_in_each_version(versions_7c):
    b = versions_7c
    one_of_each = by_version(b, b.class_folder("7C") / "versions_class-7C.zip")
    a, bb = body(one_of_each["A"].file), body(one_of_each["B"].file)
    questions = b.lesson["questions"]
    movable_mc = next(q for q in questions if q["type"] == "multiple-choice" and len(q["options"]) == 5)
    matching = next(q for q in questions if q["type"] == "matching")
    ordering = next(q for q in questions if q["type"] == "ordering")
    for text in (a, bb):  # shuffled: never the order the lesson lists them in
        assert printed_options(text, movable_mc) != option_texts(movable_mc)
        assert printed_right_column(text, matching) != [p["right"] for p in matching["pairs"]]
        assert printed_items(text, ordering) != option_texts(ordering)
    assert printed_options(a, movable_mc) != printed_options(bb, movable_mc)
    assert printed_right_column(a, matching) != printed_right_column(bb, matching)
    assert printed_items(a, ordering) != printed_items(bb, ordering)
    # The same content, only moved.
    assert sorted(printed_options(a, movable_mc)) == sorted(option_texts(movable_mc))
    assert sorted(printed_items(bb, ordering)) == sorted(option_texts(ordering))


def test_options_marked_shuffle_false_stay_in_place(versions_7c):
    b = versions_7c
    pinned = [q for q in b.lesson["questions"] if q["type"] == "multiple-choice"
              and any(isinstance(o, dict) and o.get("shuffle") is False for o in q["options"])]
    assert len(pinned) == 2
    for c in copies(b.class_folder("7C") / "versions_class-7C.zip"):
        text = body(c.file)
        for q in pinned:
            printed = printed_options(text, q)
            for i, option in enumerate(q["options"]):
                if isinstance(option, dict) and option.get("shuffle") is False:
                    assert printed[i] == option["text"], (c.student, printed)  # "All of the above" stays last


def test_questions_move_between_versions_but_those_marked_shuffle_false_keep_their_place(versions_7c):
    b = versions_7c
    full_paper = {r["name"] for r in b.roster if not r["tier"]}  # the full paper has every question
    listed = [c for c in copies(b.class_folder("7C") / "versions_class-7C.zip") if c.student in full_paper]
    orders = check_question_order(b.lesson, listed)
    assert set(orders) == {"A", "B"}
    pinned = [i for i, q in enumerate(b.lesson["questions"]) if q.get("shuffle") is False]
    assert pinned == [0, len(b.lesson["questions"]) - 1]  # the first and the last stay put
    for order in orders.values():
        assert order != [q["prompt"] for q in b.lesson["questions"]]


def test_an_ordering_question_with_the_same_item_twice_is_reported_not_a_crash(tmp_path):
    root = copy_root("class-duplicate-items", tmp_path)
    out = tmp_path / "out"
    result = build(root / "lessons" / "duplicate.yaml", ROSTERS / "pair.csv", out, "--variants", "2")
    assert "internal error" not in result.stderr, result.stderr
    if result.returncode == 1:  # refused, at the lesson's options
        assert "duplicate.yaml:" in result.stderr
    else:
        assert result.returncode == 0


def test_the_same_seed_gives_the_same_bytes_and_another_seed_another_order(versions_root, tmp_path):
    lesson = versions_root / "lessons" / "versions.yaml"
    runs = {}
    for name, seed in (("first", "5"), ("again", "5"), ("other", "6")):
        out = tmp_path / name
        built(lesson, ROSTERS / "pair.csv", out, "--variants", "2", "--seed", seed)
        runs[name] = {p.relative_to(out).as_posix(): p.read_bytes() for p in files_in(out)
                      if not p.name.startswith(".")}
    assert runs["first"].keys() == runs["again"].keys()
    assert len([n for n in runs["first"] if n.endswith(".pdf")]) == 4  # 2 students, print file, answer keys
    for name, data in runs["first"].items():
        assert runs["again"][name] == data, name
    questions = load_lesson(lesson)["questions"]
    seed5 = body_of(runs["first"]["versions/class-7C/Ada-Lovelace_versions_worksheet.pdf"], tmp_path / "a.pdf")
    seed6 = body_of(runs["other"]["versions/class-7C/Ada-Lovelace_versions_worksheet.pdf"], tmp_path / "b.pdf")
    assert printed_question_order(seed5, questions) != printed_question_order(seed6, questions)
    assert "versions/teacher/versions_teacher-notes_2-versions_seed-6.pdf" in runs["other"]


def body_of(data: bytes, path: Path) -> str:
    path.write_bytes(data)
    return body(path)


# ----------------------------------------------------------------- answer keys


def check_keys_match_copies(build: ClassBuild, zip_path: Path, teacher_pdf: Path, students: set[str]) -> int:
    """For each listed student's copy: the key of its version gives, at the number printed on
    the copy, the letter (or order) printed beside the right answer. Returns the checks made."""
    sections = key_sections(teacher_pdf)
    tiers = {r["name"]: r.get("tier", "") for r in build.roster}
    checked = 0
    for c in copies(zip_path):
        if c.student not in students:
            continue
        text = body(c.file)
        # The key for this copy's tier paper if the notes have one, else the version's key.
        section = sections.get((c.version, tiers[c.student])) or sections[(c.version, "")]
        for number, q in numbering(text, build.lesson["questions"]).items():
            if q["type"] == "multiple-choice":
                letter = printed_mc_letter(text, q["answer"])
                row = key_row(section, number, q)
                assert f"{letter} ({squash(q['answer'])})" in row, (c.student, c.version, number, letter, row)
            elif q["type"] == "matching":
                printed = printed_right_column(text, q)
                expected = ", ".join(f"{i}→{LETTERS[printed.index(p['right'])]}"
                                     for i, p in enumerate(q["pairs"], start=1))
                assert expected in key_row(section, number, q), (c.student, number)
            elif q["type"] == "ordering":
                items = option_texts(q)
                boxes = ", ".join(str(items.index(item) + 1) for item in printed_items(text, q))
                assert f"boxes from the top: {boxes}" in key_row(section, number, q), (c.student, number)
            else:
                continue
            checked += 1
    return checked


def test_the_answer_key_of_each_version_matches_that_versions_printed_order(lesson02_10b):
    b = lesson02_10b
    teacher = b.folder / "teacher" / "02-trotsky-following_teacher-notes_2-versions_seed-5.pdf"
    assert set(key_sections(teacher)) == {("A", ""), ("B", "")}
    checked = check_keys_match_copies(b, b.class_folder("10B") / "02-trotsky-following_class-10B.zip", teacher,
                                      {r["name"] for r in b.roster})
    keyed = [q for q in b.lesson["questions"] if q["type"] in ("multiple-choice", "matching", "ordering")]
    assert len(keyed) >= 3
    assert checked == len(b.roster) * len(keyed)


def test_the_answer_keys_match_shuffled_questions_on_the_full_paper(versions_7c):
    b = versions_7c
    teacher = b.folder / "teacher" / "versions_teacher-notes_2-versions_seed-5.pdf"
    full_paper = {r["name"] for r in b.roster if not r["tier"]}
    checked = check_keys_match_copies(b, b.class_folder("7C") / "versions_class-7C.zip", teacher, full_paper)
    assert checked == len(full_paper) * 5  # three multiple-choice, one matching, one ordering


def test_the_answer_keys_match_the_tier_papers_too(versions_7c):
    b = versions_7c
    teacher = b.folder / "teacher" / "versions_teacher-notes_2-versions_seed-5.pdf"
    tiered = {r["name"] for r in b.roster if r["tier"]}
    assert tiered
    check_keys_match_copies(b, b.class_folder("7C") / "versions_class-7C.zip", teacher, tiered)


def test_a_roster_variant_column_without_variants_still_gets_its_answer_keys(versions_root, tmp_path):
    out = tmp_path / "out"
    built(versions_root / "lessons" / "versions.yaml", ROSTERS / "variant-column-only.csv", out)
    listed = copies(out / "versions" / "class-variant-column-only" / "versions_class-variant-column-only.zip")
    assert [c.version for c in listed] == ["A", "B"]
    keys = list((out / "versions" / "teacher").glob("versions_teacher-notes_*-versions_seed-0.pdf"))
    assert len(keys) == 1 and set(key_sections(keys[0])) >= {("A", ""), ("B", "")}


# ================================================================= the print file


def check_print_file(print_file: Path, members: list[Copy]) -> None:
    """Copies in roster order, each starting on an odd page, blank pages only as padding,
    "Page x of y" counted within each copy, the body of each page the student's own."""
    texts = page_texts(print_file)
    page = 0
    for c in members:
        own = page_texts(c.file)
        assert page % 2 == 0, f"{c.student}'s copy starts on page {page + 1}"
        for i, own_text in enumerate(own):
            text = texts[page + i]
            assert f"Page {i + 1} of {len(own)}" in text, (c.student, page + i + 1)
            assert squash(body_lines(own_text)) == squash(body_lines(text)), (c.student, i + 1)
        if printable(c.student):
            assert f"Name: {c.student} Class:" in squash(texts[page])
        page += len(own)
        if page % 2 and c is not members[-1]:
            assert not texts[page].strip(), f"page {page + 1} should be blank"
            page += 1
    assert page == len(texts)
    # One bookmark per copy, opening its first page, named for the student.
    reader = PdfReader(str(print_file))
    starts = [reader.get_destination_page_number(mark) for mark in reader.outline]
    assert [mark.title.split(" · ")[0] for mark in reader.outline] == [c.student for c in members]
    assert starts == [i for i, t in enumerate(texts) if re.search(r"Page 1 of \d+", t)]


def printable(name: str) -> bool:
    from lessonpack.fonts import missing_glyphs

    return not missing_glyphs(name, "DejaVu Serif")


def body_lines(text: str) -> str:
    """A page's text without the header line and the "Page x of y" footer."""
    return "\n".join(line for line in text.splitlines()
                     if not re.search(r"Page \d+ of \d+|Student worksheet", line))


def test_the_print_file_starts_every_copy_on_an_odd_page_with_its_own_page_numbers(lesson02_10b):
    folder = lesson02_10b.class_folder("10B")
    members = copies(folder / "02-trotsky-following_class-10B.zip")
    check_print_file(folder / "02-trotsky-following_worksheet_class-10B_print-all.pdf", members)


def test_a_one_page_worksheet_gets_a_blank_page_after_each_copy_in_the_print_file(small_root, tmp_path):
    out = tmp_path / "out"
    built(one_page(small_root), ROSTERS / "pair.csv", out)
    folder = out / "one-page" / "class-7C"
    members = copies(folder / "one-page_class-7C.zip")
    assert [c.pages for c in members] == [1, 1]
    print_file = folder / "one-page_worksheet_class-7C_print-all.pdf"
    texts = page_texts(print_file)
    assert len(texts) == 3 and not texts[1].strip()
    check_print_file(print_file, members)


def test_a_name_too_long_for_one_line_prints_in_the_print_file_as_on_its_own_worksheet(small_root, tmp_path):
    """Copies share one layout with the name printed in per copy; a name that wraps needs its own."""
    long_name = "Maria Magdalena Anastasia Konstantina Papadopoulou Wolfeschlegel Steinhausen Smith"
    roster = tmp_path / "9A.csv"
    roster.write_text(f"name\nAda Lovelace\n{long_name}\nEve Arnold\n", encoding="utf-8")
    out = tmp_path / "out"
    built(one_page(small_root), roster, out)
    folder = out / "one-page" / "class-9A"
    members = copies(folder / "one-page_class-9A.zip")
    own = squash(page_texts(next(c.file for c in members if c.student == long_name))[0])
    assert f"Name: {long_name}" in own  # the whole name, over two lines of its cell
    print_file = folder / "one-page_worksheet_class-9A_print-all.pdf"
    check_print_file(print_file, members)
    # Laid out as on paper: the lines below the name moved down for it in both files alike.
    start = 1
    for c in members:
        assert body_lines(layout_text(print_file, start)) == body_lines(layout_text(c.file, 1)), c.student
        start += 2  # one page each, and a blank page after it


def layout_text(path: Path, page: int) -> str:
    """A page's text as pdftotext lays it out in lines and columns: shows where text sits."""
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_copies_of_another_print_profile_go_to_their_own_print_file(small_root, tmp_path):
    out = tmp_path / "out"
    built(one_page(small_root), ROSTERS / "profiles.csv", out)
    folder = out / "one-page" / "class-Year-10-Set-2"
    roster = read_roster("profiles.csv")
    members = {c.student: c for c in copies(folder / "one-page_class-Year-10-Set-2.zip")}
    assert sorted(members) == sorted(r["name"] for r in roster)  # one zip for the class, every profile
    standard = [members[r["name"]] for r in roster if not r["profile"]]
    large = [members[r["name"]] for r in roster if r["profile"] == "large-print-36"]
    prints = sorted(p.name for p in folder.glob("*_print-all.pdf"))
    assert prints == ["one-page_worksheet_class-Year-10-Set-2_large-print-36_print-all.pdf",
                      "one-page_worksheet_class-Year-10-Set-2_print-all.pdf"]
    check_print_file(folder / prints[1], standard)
    check_print_file(folder / prints[0], large)
    a3 = PdfReader(str(folder / prints[0])).pages[0].mediabox
    a4 = PdfReader(str(folder / prints[1])).pages[0].mediabox
    assert round(float(a4.width)) == 595 and round(float(a3.width)) == 842  # 36 pt prints on A3
    for c in large:
        assert round(float(PdfReader(str(c.file)).pages[0].mediabox.width)) == 842


def test_each_copy_in_the_print_file_shows_its_own_version_in_the_header(lesson02_10b):
    folder = lesson02_10b.class_folder("10B")
    members = copies(folder / "02-trotsky-following_class-10B.zip")
    headers = header_versions(folder / "02-trotsky-following_worksheet_class-10B_print-all.pdf")
    expected = []
    for m in members:
        expected += [m.version] * m.pages
        if m.pages % 2 and m is not members[-1]:  # a blank page: the next copy starts on a front
            expected.append(None)
    assert headers == expected


# ================================================================= answers stay with the teacher


def secrets(lesson: dict) -> list[str]:
    """Every text a lesson gives for the teacher's eyes only, long enough to look for."""
    return [squash(t) for t in teacher_only_texts(lesson) if len(squash(t)) >= MIN_SECRET]

def everything_a_student_can_read(data: bytes) -> str:
    """A PDF's page text, metadata, bookmarks and form-field values, defaults and tooltips."""
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    parts = [without_furniture(pages), *pages]  # the body reads on across page breaks
    parts += [str(v) for v in (reader.metadata or {}).values()]

    def outline(items):
        for item in items:
            if isinstance(item, list):
                outline(item)
            else:
                parts.append(str(item.title))

    outline(reader.outline)
    for w in widgets(reader):
        parts += [str(v) for v in (w.value, w.default, w.tooltip) if v is not None]
    return nfc(squash("\n".join(parts)))


def student_documents(out: Path) -> dict[str, list[tuple[str, bytes]]]:
    """Every file a student may be handed, by lesson: worksheets, print files, each zip's members."""
    docs: dict[str, list[tuple[str, bytes]]] = {}
    for path in files_in(out):
        relative = path.relative_to(out)
        if "teacher" in relative.parts or path.name.startswith("."):
            continue
        found = docs.setdefault(relative.parts[0], [])
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                found += [(f"{relative}!{name}", z.read(name)) for name in z.namelist()]
        else:
            found.append((str(relative), path.read_bytes()))
    return docs


def assert_no_answers(out: Path, lessons: dict[str, dict], students: int) -> None:
    docs = student_documents(out)
    assert set(docs) == set(lessons)
    for lid, lesson in lessons.items():
        # Each student's file, the print file, and the zip's copies and manifest.
        assert len(docs[lid]) == 2 * students + 2, [name for name, _ in docs[lid]]
        hidden = secrets(lesson)
        assert hidden, lid
        teacher = list((out / lid / "teacher").glob("*.pdf"))
        assert teacher, lid  # the answers did go somewhere: the teacher's answer keys
        teacher_text = " ".join(everything_a_student_can_read(p.read_bytes()) for p in teacher)
        # A model answer that runs onto a new page is read on under its question's "(continued)" label.
        teacher_text = re.sub(r"Question \d+ \(continued\) ", "", teacher_text)
        model_answers = [squash(q["model_answer"]) for q in lesson["questions"]
                         if len(q.get("model_answer", "")) >= MIN_SECRET]
        missing = [m[:60] for m in model_answers if m not in teacher_text]
        assert not missing, (lid, missing)  # so the search below can find them
        for name, data in docs[lid]:
            text = (everything_a_student_can_read(data) if name.endswith(".pdf")
                    else nfc(squash(data.decode("utf-8-sig"))))
            for secret in hidden:
                assert secret not in text, f"{name} shows teacher-only text: {secret[:60]!r}"


def test_no_student_file_of_the_versions_lesson_holds_an_answer(versions_7c):
    assert_no_answers(versions_7c.out, {"versions": versions_7c.lesson}, len(versions_7c.roster))


def test_no_student_file_of_any_shipped_lesson_holds_an_answer(tmp_path):
    out = tmp_path / "out"
    built(REPO, ROSTERS / "pair.csv", out, "--variants", "2", "--fillable")
    lessons = {lesson_id(f): load_lesson(f) for f in LESSON_FILES}
    assert len(lessons) >= 5
    assert_no_answers(out, lessons, 2)


# ================================================================= fillable worksheets


def gap_count(q: dict) -> int:
    """How many gaps a gap-fill question's text has: one per word in braces."""
    return len(re.findall(r"\{[^{}]+\}", q["text"]))


def expected_fields(number: int, q: dict) -> set[str]:
    """The fields a question's answer spaces, tick boxes, letter cells and gaps must have."""
    n = f"q{number}"
    if q.get("parts"):
        out = set()
        for letter, part in zip("abcdefghij", q["parts"]):
            if part.get("space", "lines") != "none" and answer_lines(part):
                out.add(f"{n}{letter}_answer")
        return out
    kind = q["type"]
    if kind == "multiple-choice":
        return {f"{n}_choice={LETTERS[i]}" for i in range(len(q["options"]))}  # one radio group
    if kind == "true-false":
        return {f"{n}_{i}={tf}" for i in range(1, len(q["statements"]) + 1) for tf in ("true", "false")}
    if kind == "ordering":
        return {f"{n}_order_{i}" for i in range(1, len(q["options"]) + 1)}
    if kind == "matching":
        return {f"{n}_letter_{i}" for i in range(1, len(q["pairs"]) + 1)}
    if kind == "gap-fill":
        return {f"{n}_gap_{i}" for i in range(1, gap_count(q) + 1)}
    if kind == "table":
        return set()
    space = q.get("space") or "lines"
    if space == "none":
        return set()
    return {f"{n}_answer"}  # one field over all its lines


def full_paper_copies(build: ClassBuild) -> list[Copy]:
    return copies(build.class_folder("7C") / "versions_class-7C.zip")


def test_fillable_worksheets_have_a_field_for_every_answer_space_and_tick_box(versions_7c):
    for c in full_paper_copies(versions_7c):
        reader = PdfReader(str(c.file))
        found = widgets(reader)
        names = [w.name for w in found]
        assert len(names) == len(set(names)), f"{c.student}: two fields share a name"
        printed = numbering(body(c.file), versions_7c.lesson["questions"])
        expected = set().union(*(expected_fields(n, q) for n, q in printed.items()))
        assert expected <= set(names), (c.student, sorted(expected - set(names)))
        details = {"name", "class", "date"}  # those the class set leaves blank (the date) are typed in
        extra = {n for n in names if n not in expected | details and not n.endswith("_continued")}
        assert not extra, (c.student, extra)
        assert set(reader.get_fields()) == {name.split("=")[0] for name in names}
        kinds = {w.name: w.kind for w in found}
        for name in expected:
            is_box = "=" in name
            assert kinds[name] == ("/Btn" if is_box else "/Tx"), name


def test_each_answer_field_lies_over_its_questions_ruled_lines_below_its_prompt(versions_7c):
    left, right, top, bottom = standard_margins()
    questions = versions_7c.lesson["questions"]
    for c in full_paper_copies(versions_7c):
        reader = PdfReader(str(c.file))
        printed = numbering(body(c.file), questions)
        runs = {i: text_runs(page) for i, page in enumerate(reader.pages)}
        rules = {i: horizontal_rules(reader, page) for i, page in enumerate(reader.pages)}
        lines_under: dict[str, int] = {}
        for w in widgets(reader):
            if w.kind != "/Tx" or re.search(r"_(order|letter|gap)_", w.name) or not w.name.startswith("q"):
                continue
            x0, y0, x1, y1 = w.rect
            assert left - 0.5 <= x0 < x1 <= A4[0] - right + 0.5, (c.student, w.name, w.rect)
            assert bottom - 0.5 <= y0 < y1 <= A4[1] - top + 0.5, (c.student, w.name, w.rect)
            number, part = re.match(r"q(\d+)([a-z]?)_", w.name).groups()
            # The nearest question number above the field (in the left margin), or a "(continued)" label
            # naming it, is this field's question.
            above = [(y, t) for t, x, y in runs[w.page] if y >= y1 - 1 and (
                (abs(x - left) < 0.5 and t.isdigit()) or re.fullmatch(r"Question \d+ \(continued\)", t))]
            assert above, (c.student, w.name)
            marker_y, marker = min(above)
            assert re.sub(r"\D", "", marker) == number, (c.student, w.name, marker)
            if not w.name.endswith(("_more", "_continued")):
                # The end of the prompt (of the part, for a part's field) is printed between the
                # question's number and the top of the field.
                q = printed[int(number)]
                prompt = q["parts"]["abcdefghij".index(part)]["prompt"] if part else q["prompt"]
                last_word = prompt.split()[-1]
                ends = [y for t, x, y in runs[w.page] if t.endswith(last_word) and y1 - 1 <= y <= marker_y + 1]
                assert ends, (c.student, w.name, prompt)
            # Ruled lines: full field width, inside the field.
            inside = [r for r in rules[w.page] if abs(r[0] - x0) < 0.5 and abs(r[1] - x1) < 0.5
                      and y0 - 0.5 <= r[2] <= y1 + 0.5]
            assert inside, (c.student, w.name)
            key = f"{number}{part}"
            lines_under[key] = lines_under.get(key, 0) + len(inside)
        for number, q in printed.items():  # every ruled line of a question is under one of its fields
            if q.get("parts"):
                for letter, p in zip("abcdefghij", q["parts"]):
                    assert lines_under[f"{number}{letter}"] == answer_lines(p), (c.student, number, letter)
            elif not expected_fields(number, q) or q["type"] in ("multiple-choice", "true-false", "ordering",
                                                                 "matching", "gap-fill"):
                continue
            else:
                assert lines_under[str(number)] == answer_lines(q), (c.student, number)


def test_each_tick_box_sits_beside_its_option_on_the_same_page(versions_7c):
    for c in full_paper_copies(versions_7c):
        reader = PdfReader(str(c.file))
        runs = {i: text_runs(page) for i, page in enumerate(reader.pages)}
        text = body(c.file)
        printed = numbering(text, versions_7c.lesson["questions"])
        for w in widgets(reader):
            m = re.fullmatch(r"q(\d+)_choice=([A-Z])", w.name)
            if not m:
                continue
            q = printed[int(m[1])]
            option = printed_options(text, q)[LETTERS.index(m[2])]
            x0, y0, x1, y1 = w.rect
            # The option's letter, bold, just right of the box and level with it.
            letter = [(x, y) for t, x, y in runs[w.page] if t == m[2] and x1 < x < x1 + 20 and y0 - 8 < y < y1 + 8]
            assert len(letter) == 1, (c.student, w.name)
            beside = [t for t, x, y in runs[w.page] if abs(y - letter[0][1]) < 0.5 and t != m[2]]
            assert beside and squash(option).startswith(squash(beside[0])[:20]), (c.student, w.name, option, beside)


def test_typed_answers_and_ticks_are_kept_when_the_pdf_is_saved(versions_7c, tmp_path):
    c = full_paper_copies(versions_7c)[0]
    reader = PdfReader(str(c.file))
    found = widgets(reader)
    text = next(w for w in found if w.name == "q1_answer")
    box = next(w for w in found if w.kind == "/Btn")
    assert text.value in ("", None) and box.value in ("/Off", None)  # a radio group: nothing ticked yet
    typed = "Zoë typed this: a council of delegates, recallable at any time."
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(writer.pages[text.page], {"q1_answer": typed}, auto_regenerate=False)
    group, value = box.name.split("=")  # a radio group: ticking one option
    writer.update_page_form_field_values(writer.pages[box.page], {group: f"/{value}"}, auto_regenerate=False)
    saved = tmp_path / "filled.pdf"
    with saved.open("wb") as f:
        writer.write(f)
    fields = PdfReader(str(saved)).get_fields()
    assert fields["q1_answer"]["/V"] == typed
    assert fields[group]["/V"] == f"/{value}"
    # ... and untick again
    writer = PdfWriter(clone_from=PdfReader(str(saved)))
    writer.update_page_form_field_values(writer.pages[box.page], {group: "/Off"}, auto_regenerate=False)
    with saved.open("wb") as f:
        writer.write(f)
    again = PdfReader(str(saved))
    assert again.get_fields()[group]["/V"] == "/Off"
    assert again.get_fields()["q1_answer"]["/V"] == typed


def the_question(build: ClassBuild, c: Copy, kind: str) -> tuple[int, dict]:
    """The printed number and YAML of a copy's (only) question of one type."""
    [found] = [(n, q) for n, q in numbering(body(c.file), build.lesson["questions"]).items() if q["type"] == kind]
    return found


def test_each_letter_field_sits_in_the_your_letter_cell_of_its_items_row(versions_7c):
    for c in full_paper_copies(versions_7c):
        reader = PdfReader(str(c.file))
        number, q = the_question(versions_7c, c, "matching")
        found = {w.name: w for w in widgets(reader)}
        for i, pair in enumerate(q["pairs"], 1):
            w = found[f"q{number}_letter_{i}"]
            x0, y0, x1, y1 = w.rect
            runs = text_runs(reader.pages[w.page])
            # In the column headed "Your letter", starting where its heading starts ...
            assert [y for t, x, y in runs if t == "Your letter" and abs(x - x0) < 0.5 and y > y1], (c.student, w.name)
            # ... level with item i's number and text (the left column keeps the written order), before the
            # lettered match, over a cell with nothing printed in it.
            row = [(t, x) for t, x, y in runs if y0 < y < y1]
            assert [t for t, x in row if x < x0] == [str(i), pair["left"]], (c.student, w.name, row)
            assert [t[:3] for t, x in row if x > x1] in (["A. "], ["B. "], ["C. "], ["D. "]), (c.student, w.name, row)
            assert not [t for t, x in row if x0 <= x <= x1], (c.student, w.name, row)
            assert w.kind == "/Tx" and w.value in ("", None) and w.default in ("", None)


@pytest.fixture(scope="module")
def organiser_fillables(tmp_path_factory) -> dict[str, Path]:
    """Lesson 03's fillable worksheet (its question 6 is a four-column table to fill in) on the
    standard paper, where it prints as a grid, and at 24 pt, where it prints one box per row."""
    lesson = REPO / "lessons" / "03-stalin-bureaucracy.yaml"

    def make(out: Path) -> dict:  # once per test run, shared by the xdist workers
        for profile in ("standard", "large-print-24"):
            result = run_cli("build", str(lesson), "--fillable", "--format", "pdf", "--profile", profile,
                             "--out", str(out))
            assert result.returncode == 0, result.stderr
        return {}

    out, _ = made_once(tmp_path_factory, "organiser", make)
    papers = {}
    for profile in ("standard", "large-print-24"):
        suffix = "" if profile == "standard" else f"_{profile}"
        papers[profile] = out / "03-stalin-bureaucracy" / f"03-stalin-bureaucracy_student-worksheet{suffix}_fillable.pdf"
    return papers


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_each_blank_cell_of_a_table_to_fill_in_has_a_field_under_its_column_heading(organiser_fillables, profile):
    path = organiser_fillables[profile]
    reader = PdfReader(str(path))
    questions = load_lesson(REPO / "lessons" / "03-stalin-bureaucracy.yaml")["questions"]
    number, q = next((n, x) for n, x in numbering(body(path), questions).items() if x["type"] == "table")
    found = {w.name: w for w in widgets(reader)}
    for item, row_name in enumerate(q["rows"], 1):
        for column, heading in enumerate(q["columns"][1:], 2):  # the first column holds the row's name
            w = found[f"q{number}_cell_{item}_{column}"]
            assert w.kind == "/Tx" and w.value in ("", None) and w.default in ("", None)
            x0, y0, x1, y1 = w.rect
            runs = text_runs(reader.pages[w.page])
            above = [(t, x, y) for t, x, y in runs if y > y1 and x0 - 1 <= x <= x1]
            if profile == "standard":  # a grid: the field starts where its column's heading starts
                assert any(heading.startswith(t) and abs(x - x0) < 1 for t, x, y in above), (w.name, above)
                beside = [t for t, x, y in runs if y0 < y < y1 and x < x0][:1]  # a long row name wraps
                assert beside and row_name.startswith(beside[0]), w.name
            else:  # one box per row: the nearest text above the field is its column's label
                assert heading.endswith(min(above, key=lambda r: r[2] - y1)[0]), (w.name, above)
            assert not [t for t, x, y in runs if y0 < y < y1 and x0 <= x <= x1], w.name  # the cell is blank


def test_each_gap_field_lies_over_its_printed_gap(versions_7c):
    from lessonpack.fonts import string_width
    from lessonpack.theme import theme_for

    t = theme_for("A4", "standard")
    width = lambda text: string_width(text, t.body_font, t.body_size)  # noqa: E731
    for c in full_paper_copies(versions_7c):
        reader = PdfReader(str(c.file))
        number, q = the_question(versions_7c, c, "gap-fill")
        found = {w.name: w for w in widgets(reader)}
        for k in range(1, gap_count(q) + 1):
            w = found[f"q{number}_gap_{k}"]
            x0, y0, x1, y1 = w.rect
            # The printed line with gap k on it: the field reaches from where "(k) " ends to the
            # end of the underscores, around their baseline and no taller than a line.
            lines = [(text, x, y) for text, x, y in text_runs(reader.pages[w.page])
                     if f"({k}) ___" in text and y0 < y < y1]
            assert len(lines) == 1, (c.student, w.name, lines)
            text, x, y = lines[0]
            before, gap = re.match(rf"(.*\({k}\) )(_+)", text).groups()
            start = x + width(before)
            assert abs(x0 - start) < 0.5 and abs(x1 - (start + width(gap))) < 0.5, (c.student, w.name, w.rect, start)
            assert y1 - y0 <= t.leading(t.body_size) + 0.01, (c.student, w.name)
            assert w.kind == "/Tx" and w.value in ("", None) and w.default in ("", None)


def test_typed_letters_and_gap_words_are_kept_when_the_pdf_is_saved(versions_7c, tmp_path):
    c = full_paper_copies(versions_7c)[0]
    reader = PdfReader(str(c.file))
    letter, _ = the_question(versions_7c, c, "matching")
    gap, _ = the_question(versions_7c, c, "gap-fill")
    typed = {f"q{letter}_letter_2": "C", f"q{gap}_gap_1": "sóviet"}
    writer = PdfWriter(clone_from=reader)
    for w in widgets(reader):
        if w.name in typed:
            writer.update_page_form_field_values(writer.pages[w.page], {w.name: typed[w.name]},
                                                 auto_regenerate=False)
    saved = tmp_path / "filled.pdf"
    with saved.open("wb") as f:
        writer.write(f)
    fields = PdfReader(str(saved)).get_fields()
    assert {name: fields[name]["/V"] for name in typed} == typed
    assert fields[f"q{gap}_gap_2"].get("/V") in ("", None)


# ================================================================= the zip and its manifest


def test_the_zip_holds_exactly_the_classs_worksheets_and_a_manifest_that_matches_them(lesson02_10b):
    b = lesson02_10b
    folder = b.class_folder("10B")
    zip_path = folder / "02-trotsky-following_class-10B.zip"
    with zipfile.ZipFile(zip_path) as z:
        members = z.namelist()
        assert z.testzip() is None
        data = {name: z.read(name) for name in members}
    worksheets = sorted(p.name for p in student_pdfs(folder))
    assert sorted(members) == sorted([*worksheets, "manifest.csv"])
    for name in worksheets:  # the very files beside the zip
        assert data[name] == (folder / name).read_bytes(), name
    header = data["manifest.csv"].decode("utf-8-sig").splitlines()[0]
    assert header == "student,class,id,file,version,pages"
    rows = read_manifest(zip_path)
    assert [(r["student"], r["id"]) for r in rows] == [(r["name"], r["id"]) for r in b.roster]
    assert sorted(r["file"] for r in rows) == worksheets
    for r in rows:
        assert r["class"] == "10B"
        assert int(r["pages"]) == len(PdfReader(io.BytesIO(data[r["file"]])).pages), r["file"]
        assert r["version"] in ("A", "B")


def test_the_manifest_and_zip_of_a_class_with_two_profiles_list_every_copy(small_root, tmp_path):
    out = tmp_path / "out"
    built(one_page(small_root), ROSTERS / "profiles.csv", out)
    zip_path = out / "one-page" / "class-Year-10-Set-2" / "one-page_class-Year-10-Set-2.zip"
    rows = read_manifest(zip_path)
    with zipfile.ZipFile(zip_path) as z:
        assert sorted(z.namelist()) == sorted([r["file"] for r in rows] + ["manifest.csv"])
        for r in rows:
            assert int(r["pages"]) == len(PdfReader(io.BytesIO(z.read(r["file"]))).pages)
            assert r["version"] == ""  # one version: no letter


def test_the_manifest_names_the_class_as_the_roster_does(small_root, tmp_path):
    out = tmp_path / "out"
    built(one_page(small_root), ROSTERS / "profiles.csv", out)
    rows = read_manifest(out / "one-page" / "class-Year-10-Set-2" / "one-page_class-Year-10-Set-2.zip")
    assert {r["class"] for r in rows} == {"Year 10 Set 2"}


def test_worker_processes_write_the_same_class_set_as_one_process(tmp_path):
    """Copies are rendered by --jobs worker processes; the files are the same bytes either way."""
    roster = tmp_path / "9C.csv"
    roster.write_text("name\n" + "".join(f"Student {n}\n" for n in range(1, 13)), encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    built(LESSON02, roster, one, "--variants", "2", "--jobs", "1")
    built(LESSON02, roster, two, "--variants", "2", "--jobs", "2")
    files = files_in(one)
    assert len(files) >= 12 + 3
    assert [p.relative_to(one) for p in files] == [p.relative_to(two) for p in files_in(two)]
    assert all(p.read_bytes() == (two / p.relative_to(one)).read_bytes() for p in files)


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_kept_as_text_in_the_manifest(small_root, tmp_path):
    roster = tmp_path / "8D.csv"
    roster.write_text('name,id\n"=HYPERLINK(""http://example.com"",""Ann"")",+44\nBen Ashe,7\n', encoding="utf-8")
    out = tmp_path / "out"
    built(one_page(small_root), roster, out)
    rows = read_manifest(out / "one-page" / "class-8D" / "one-page_class-8D.zip")
    assert [(r["student"], r["id"]) for r in rows] == [
        ("'=HYPERLINK(\"http://example.com\",\"Ann\")", "'+44"), ("Ben Ashe", "7")]
    assert rows[0]["file"].startswith("'=HYPERLINK")  # the file name starts with the name: text too
    assert (out / "one-page" / "class-8D" / rows[0]["file"].removeprefix("'")).is_file()


# ================================================================= bad input through the command line


def test_variants_without_a_roster_make_unnamed_masters_and_their_key(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(LESSON02), "--variants", "2", "--format", "pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    lesson = out / "02-trotsky-following"
    assert sorted(p.name for p in lesson.glob("*.pdf")) == [
        "02-trotsky-following_student-worksheet_version-A_seed-0.pdf",
        "02-trotsky-following_student-worksheet_version-B_seed-0.pdf"]
    assert (lesson / "teacher" / "02-trotsky-following_mark-scheme_2-versions_seed-0.pdf").is_file()


def test_a_class_set_that_fails_in_a_later_lesson_writes_nothing_for_any_lesson(tmp_path):
    """`--roster` over a whole course: every lesson's set is made before any is written."""
    root = copy_root("class-small", tmp_path)
    lessons = root / "lessons"
    (lessons / "two-page.yaml").write_text(
        (lessons / "one-page.yaml").read_text(encoding="utf-8").replace("id: one-page", "id: two-page"),
        encoding="utf-8")
    (root / "templates").mkdir()
    worksheet = (REPO / "templates" / "worksheet.md.j2").read_text(encoding="utf-8")
    (root / "templates" / "worksheet.md.j2").write_text(
        '{% if lesson.id == "two-page" %}{{ lesson.no_such_field }}{% endif %}\n' + worksheet, encoding="utf-8")
    out = tmp_path / "out"
    result = build(root, ROSTERS / "pair.csv", out)
    assert result.returncode == 1
    assert "worksheet.md.j2" in result.stderr and "no_such_field" in result.stderr
    assert not out.exists() or files_in(out) == []


@pytest.mark.parametrize("roster, line, words", [
    ("no-name-column.csv", 1, "no `name` column"),
    ("spreadsheet.xlsx.csv", 0, "spreadsheet"),
    ("empty-name.csv", 3, "name is empty"),
])
def test_a_bad_roster_stops_the_build_naming_the_file_and_writes_nothing(small_root, tmp_path, roster, line, words):
    out = tmp_path / "out"
    result = build(one_page(small_root), ROSTERS / roster, out)
    assert result.returncode == 1, result.stderr
    assert words in result.stderr
    assert roster + (f":{line}" if line else "") in result.stderr
    assert "hint:" in result.stderr and "nothing was written" in result.stderr
    assert not out.exists() or not files_in(out)


def test_a_version_the_build_does_not_make_is_refused_at_its_row(small_root, tmp_path):
    out = tmp_path / "out"
    result = build(one_page(small_root), ROSTERS / "variant-out-of-range.csv", out, "--variants", "2")
    assert result.returncode == 1, result.stderr
    assert "variant-out-of-range.csv:3" in result.stderr and "version C does not exist" in result.stderr
    assert not out.exists() or not files_in(out)


def test_every_bad_version_tier_and_profile_in_a_roster_is_reported_at_once(small_root, tmp_path):
    roster = tmp_path / "9B.csv"
    roster.write_text("name,variant,tier,profile\nAda,A,,\nBen,C,suport,\nCai,B,,large-print-2\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build(one_page(small_root), roster, out, "--variants", "2")
    assert result.returncode == 1, result.stderr
    for where, words in (("9B.csv:3", "version C does not exist"), ("9B.csv:3", 'unknown tier "suport"'),
                         ("9B.csv:4", "large-print-2")):
        assert where in result.stderr and words in result.stderr, words
    assert "3 problems" in result.stderr and not out.exists()


def test_an_unknown_profile_in_the_roster_is_refused_at_its_row(small_root, tmp_path):
    out = tmp_path / "out"
    result = build(one_page(small_root), ROSTERS / "unknown-profile.csv", out)
    assert result.returncode == 1, result.stderr
    assert "large-print-2" in result.stderr
    assert "unknown-profile.csv:3" in result.stderr


# ================================================================= build options with --roster


@pytest.mark.parametrize("formats", ["docx", "pdf,docx"])
def test_a_format_other_than_pdf_with_a_roster_is_refused_not_ignored(small_root, tmp_path, formats):
    """Class sets are PDF only: asking for DOCX copies gets a clear no, not PDFs without a word."""
    out = tmp_path / "out"
    result = build(one_page(small_root), ROSTERS / "pair.csv", out, "--format", formats)
    assert result.returncode == 1, result.stderr
    assert f"--format {formats} does not apply to a class set (--roster)" in result.stderr
    assert "hint: leave out --format, or give --format pdf" in result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()


def test_format_pdf_with_a_roster_makes_the_class_set(small_root, tmp_path):
    out = tmp_path / "out"
    built(one_page(small_root), ROSTERS / "pair.csv", out, "--format", "pdf")
    pdfs = student_pdfs(out / "one-page" / "class-7C")
    assert len(pdfs) == len(read_roster("pair.csv"))
    assert not list(out.rglob("*.docx"))


def test_force_with_a_roster_makes_every_file_again(small_root, tmp_path):
    """--force makes every class's files again, up to date or not."""
    out = tmp_path / "out"
    built(one_page(small_root), ROSTERS / "pair.csv", out)
    before = {p: p.read_bytes() for p in files_in(out)}
    spoiled = student_pdfs(out / "one-page" / "class-7C")[0]
    spoiled.write_bytes(b"not a worksheet")
    built(one_page(small_root), ROSTERS / "pair.csv", out, "--force")
    assert {p: p.read_bytes() for p in files_in(out)} == before


def test_a_copy_that_cannot_be_laid_out_is_reported_at_its_lesson_and_class(small_root, tmp_path, monkeypatch):
    """The layout's own failure names no file ("a block is too large to fit on one page"): the
    class set says which lesson's file and which class's copies it was making; nothing is written."""
    import lessonpack.writers.pdf as pdf_writer
    from lessonpack.errors import LessonpackError

    def too_large(*_):
        raise LessonpackError("Student worksheet: a block is too large to fit on one page", hint="shorten it")

    monkeypatch.setattr(pdf_writer, "write_pdf_copies", too_large)
    monkeypatch.setattr(pdf_writer, "write_pdf_class", too_large)  # a one-version class's own files and print file
    roster = tmp_path / "9C.csv"
    roster.write_text("name,class\nAnn Lee,9C\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(one_page(small_root)), "--roster", str(roster), "--out", str(out), "--jobs", "1")
    assert result.returncode == 1
    assert re.search(r"one-page\.yaml.*too large to fit on one page \(while making class 9C's copies\)",
                     result.stderr), result.stderr
    assert not list(out.rglob("*.pdf"))


def test_a_roster_row_s_warning_is_given_once_for_a_course_of_several_lessons(tmp_path):
    """Every lesson's set checks the roster; a teacher is told of a name the fonts cannot print
    once, at its row, not once per lesson."""
    root = copy_root("inc-two-essays", tmp_path)
    (root / "classes.csv").write_text("name,class\nAnn Lee,7C\n김민준,7C\n", encoding="utf-8")
    result = run_cli("build", "--jobs", "1", "--roster", "classes.csv", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("classes.csv:3: warning") == 1, result.stderr
