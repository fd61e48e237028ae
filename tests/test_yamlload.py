"""load_yaml: teachers' YAML read safely, with every value and every mistake located."""

import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessonpack.errors import LessonpackError, Location
from lessonpack.yamlload import MAX_DEPTH, MAX_VALUES, YamlDocument, load_yaml

FILE = Path("lesson.yaml")


def load(text: str) -> YamlDocument:
    return load_yaml(FILE, text)


def fails(text: str) -> LessonpackError:
    with pytest.raises(LessonpackError) as info:
        load(text)
    error = info.value
    assert type(error) is LessonpackError
    assert error.location is not None and error.location.file == FILE
    assert error.hint
    return error


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for prev, name in zip(names, names[1:levels]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# --- scalars -----------------------------------------------------------------------------


def test_plain_scalars_stay_strings_as_typed():
    doc = load(
        "options: [yes, no, on, off, y, n, true, False, Yes, NO]\n"
        "version: 3.10\nroom: 0123\ntime: 12:30\ndate: 2024-02-30\nmarks: 4\nhex: 0x1F\ninf: .inf\n"
    )
    assert doc.data == {
        "options": ["yes", "no", "on", "off", "y", "n", "true", "False", "Yes", "NO"],
        "version": "3.10", "room": "0123", "time": "12:30", "date": "2024-02-30",
        "marks": "4", "hex": "0x1F", "inf": ".inf",
    }


def test_only_plain_empty_and_null_words_become_none():
    doc = load("a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: 'null'\ng: \"~\"\nh: ''\ni: nULL\n")
    assert doc.data == {"a": None, "b": None, "c": None, "d": None, "e": None,
                        "f": "null", "g": "~", "h": "", "i": "nULL"}


def test_quoted_and_block_scalars_are_strings():
    doc = load("a: '4'\nb: \"yes\"\nc: |\n  line one\n  line two\nd: >\n  folded\n  text\n")
    assert doc.data == {"a": "4", "b": "yes", "c": "line one\nline two\n", "d": "folded text\n"}


def test_standard_tags_are_read_as_text():
    assert load("a: !!int 4\nb: !!str 5\nc: !!bool yes\nd: !!null ''\n").data == {
        "a": "4", "b": "5", "c": "yes", "d": None}


def test_list_where_mapping_expected_just_loads():
    assert load("- title: a\n- title: b\n").data == [{"title": "a"}, {"title": "b"}]


# --- positions ---------------------------------------------------------------------------

LESSON = "title: Rome\nquestions:\n  - text: a\n    marks: 1\n  - text: b\n  - text: c\n    marks: 4\n"


def test_positions_of_values_and_keys():
    doc = load(LESSON)
    assert doc.positions[("questions", 2, "marks")] == (7, 12)
    assert doc.location(["questions", 2, "marks"]) == Location(FILE, 7, 12)
    assert doc.key_location(("questions", 2, "marks")) == Location(FILE, 7, 5)
    assert doc.location(("title",)) == Location(FILE, 1, 8)
    assert doc.key_location(("title",)) == Location(FILE, 1, 1)


def test_unknown_path_falls_back_to_nearest_parent():
    doc = load(LESSON)
    assert doc.location(("questions", 1, "marks")) == Location(FILE, 5, 5)
    assert doc.key_location(("questions", 1, "marks")) == Location(FILE, 5, 5)
    assert doc.location(("nothing", "here")) == Location(FILE, 1, 1)
    empty = YamlDocument(data={}, file=FILE, positions={}, warnings=())
    assert empty.location(("x",)) == Location(FILE)


# --- mappings ----------------------------------------------------------------------------


def test_duplicate_key_names_both_lines():
    error = fails("title: a\nsubject: history\ntitle: b\n")
    assert error.message == 'duplicate key "title" (first defined on line 1)'
    assert error.location == Location(FILE, 3, 1)
    assert "keeps only the last one" in error.hint


def test_duplicate_keys_compared_after_conversion():
    error = fails("marks:\n  1: easy\n  '1': hard\n")
    assert error.message == 'duplicate key "1" (first defined on line 2)'
    assert error.location == Location(FILE, 3, 3)


@pytest.mark.parametrize("text", ["? [a, b]\n: c\n", "? {a: 1}\n: c\n"])
def test_collection_as_key_is_refused(text):
    error = fails(text)
    assert "key must be plain text" in error.message
    assert error.location == Location(FILE, 1, 3)


def test_merge_keys_work_and_own_keys_win():
    doc = load("base: &base {marks: 1, kind: short}\nq:\n  <<: *base\n  marks: 3\n")
    assert doc.data["q"] == {"marks": "3", "kind": "short"}
    assert doc.location(("q", "kind")) == Location(FILE, 1, 30)  # where the merged value was typed


def test_merge_list_first_source_wins():
    doc = load("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n")
    assert doc.data["c"] == {"x": "1", "y": "2"}


def test_merge_of_non_mapping_is_refused():
    assert "<<" in fails("a: &a [1]\nb:\n  <<: *a\n").message


def test_aliases_give_independent_copies():
    doc = load("a: &a {x: [1]}\nb: *a\n")
    doc.data["b"]["x"].append("2")
    assert doc.data["a"] == {"x": ["1"]}


# --- safety and bounds -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("run: !!python/object/apply:os.system ['echo hi']\n", "!!python/object/apply:os.system"),
        ("x: !!python/name:os.system\n", "!!python/name:os.system"),
        ("x: !custom value\n", "!custom"),
        ("x: !!binary aGk=\n", "!!binary"),
        ("x: !!set {a, b}\n", "!!set"),
    ],
)
def test_non_standard_tags_are_refused(text, tag):
    error = fails(text)
    assert error.message == f"tag {tag} is not allowed"
    assert (error.location.line, error.location.column) == (1, text.index("!") + 1)


def test_billion_laughs_refused_fast():
    bomb = billion_laughs(9)
    start = time.perf_counter()
    error = fails(bomb)
    assert time.perf_counter() - start < 10  # a guard against a blow-up (exponential or quadratic), not a speed target
    assert error.message == (f"the file expands to more than {MAX_VALUES} values "
                             "(anchors and aliases used as a bomb?)")


def test_billion_laughs_uses_bounded_memory():
    tracemalloc.start()
    try:
        fails(billion_laughs(9))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_too_many_values_in_the_file_itself(monkeypatch):
    monkeypatch.setattr("lessonpack.yamlload.MAX_VALUES", 10)  # counted as the file is parsed
    monkeypatch.setattr("lessonpack.yamltree.MAX_VALUES", 10)  # and again with its aliases expanded
    error = fails("[" + ", ".join(["x"] * 20) + "]\n")
    assert error.message == "the file has more than 10 values"
    assert error.location == Location(FILE, 1, 29)


def test_comment_inside_brackets_is_hinted():
    error = fails("tags: [rome, empire #3]\n")
    assert error.location == Location(FILE, 1, 7)
    assert '" #" starts a comment' in error.hint


def test_moderate_aliases_are_fine():
    assert len(load(billion_laughs(3)).data["c"]) == 9


def test_alias_loop_is_refused():
    assert "alias" in fails("a: &a [1, *a]\n").message


def test_ten_thousand_deep_nesting_fails_fast():
    start = time.perf_counter()
    error = fails("[" * 10_000)
    assert time.perf_counter() - start < 10  # a guard against a blow-up, not a speed target
    assert error.message == f"the data is nested more than {MAX_DEPTH} levels deep"
    assert error.location == Location(FILE, 1, MAX_DEPTH + 1)


def test_deep_block_nesting_fails():
    text = "".join("  " * i + "k:\n" for i in range(200))
    assert fails(text).location.line == MAX_DEPTH + 1


def test_nesting_at_the_limit_loads():
    assert load("[" * MAX_DEPTH + "]" * MAX_DEPTH).data is not None


def test_depth_built_through_aliases_is_refused():
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 80)]
    assert "nested more than" in fails("\n".join(lines) + "\n").message


# --- friendly syntax errors --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("lesson:\n\ttitle: Rome\n", 2, 1, "YAML does not allow tab characters for indentation; use spaces"),
        ("items:\n  -\tone\n", 2, 4, "YAML does not allow tab characters for indentation; use spaces"),
        ("title: \"Rome\nsubject: history\n", 1, 8, 'the quote " opened here is never closed'),
        ("title: 'Rome\n", 1, 8, "the quote ' opened here is never closed"),
        ('a: "Rome\nb: 1\nc: "x"\n', 1, 4, 'the quote " opened here is not closed on its line'),
        ('items:\n  - "one\n  - "two"\n', 2, 5, 'the quote " opened here is not closed on its line'),
        ("title: 'Soviet's lesson'\n", 1, 15, "the quote ' here ends the quoted value"),
        ('title: "The "soviet" lesson"\n', 1, 13, 'the quote " here ends the quoted value'),
        ('a: "one\n   two"\nb: x: y\n', 3, 5, "colon followed by a space"),
        ("tags: [rome, empire\n", 1, 7, 'the "[" opened here is not closed'),
        ("tags: [rome, empire\ntitle: x\n", 1, 7, 'the "[" opened here is not closed before line 2'),
        ("who: {name: Caesar\n", 1, 6, 'the "{" opened here is not closed'),
        ("title: Lesson 1: Rome\n", 1, 16, "colon followed by a space"),
        ("title: Rome\n  subject: history\n", 2, 10, "read as part of the value above"),
        ("questions:\n  - a\n - b\n", 3, 2, "indentation does not match"),
        ('path: "C:\\docs"\n', 1, 11, "unknown escape character"),
        ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
        ("a: *nowhere\n", 1, 4, "alias *nowhere is used but no anchor &nowhere is defined"),
        ("a: &x 1\nb: &x 2\n", 2, 4, "duplicate anchor 'x' (first defined on line 1)"),
        ("a: @home\n", 1, 4, "cannot start any token"),
    ],
)
def test_syntax_errors_are_located_and_explained(text, line, column, message):
    error = fails(text)
    assert message in error.message
    assert (error.location.line, error.location.column) == (line, column)


# --- encoding and empty files ------------------------------------------------------------


def test_reads_utf8_with_and_without_bom(tmp_path):
    for raw in ("title: café\n".encode(), b"\xef\xbb\xbf" + "title: café\n".encode()):
        path = tmp_path / "l.yaml"
        path.write_bytes(raw)
        doc = load_yaml(path)
        assert doc.data == {"title": "café"} and doc.file == path
        assert doc.location(("title",)) == Location(path, 1, 8)


def test_non_utf8_bytes_are_located(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"subject: history\ntitle: caf\xe9\n")
    with pytest.raises(LessonpackError) as info:
        load_yaml(path)
    error = info.value
    assert error.message == "byte 0xE9 is not UTF-8; the file looks like Latin-1 (é); save it as UTF-8"
    assert error.location == Location(path, 2, 11)
    assert "UTF-8" in error.hint


@pytest.mark.parametrize("line_break", [b"\n", b"\r\n", b"\r"])
def test_a_windows_1252_quote_is_named_at_its_line_and_column(tmp_path, line_break):
    path = tmp_path / "word.yaml"
    path.write_bytes(line_break.join([b"subject: history", "title: \u201cDon’t\u201d".encode(), b"note: it\x92s"]))
    with pytest.raises(LessonpackError) as info:
        load_yaml(path)
    assert info.value.message == "byte 0x92 is not UTF-8; the file looks like Windows-1252 (’); save it as UTF-8"
    assert info.value.location == Location(path, 3, 9)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_is_explained(tmp_path, encoding):
    path = tmp_path / "u16.yaml"
    path.write_bytes("title: x\nsubject: history\n".encode(encoding))  # with a BOM, or without one
    with pytest.raises(LessonpackError) as info:
        load_yaml(path)
    assert info.value.message == "the file is UTF-16; save it as UTF-8"
    assert info.value.location == Location(path, 1)


@pytest.mark.parametrize("raw", [b"title: a\n\x00\x01\x02", b"PK\x03\x04\x00\x00binary"])
def test_nul_bytes_mean_not_a_text_file(tmp_path, raw):
    path = tmp_path / "l.yaml"
    path.write_bytes(raw)
    with pytest.raises(LessonpackError) as info:
        load_yaml(path)
    assert "this is not a text file" in info.value.message and info.value.hint
    assert info.value.location.file == path


def test_nul_in_given_text():
    assert "not a text file" in fails("a: b\x00").message


def test_missing_file(tmp_path):
    with pytest.raises(LessonpackError, match="the file was not found"):
        load_yaml(tmp_path / "nope.yaml")


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n# and another\n", "---\n", "\ufeff"])
def test_empty_file(text):
    error = fails(text)
    assert error.message == "the file is empty"
    assert "example" in error.hint


# --- warnings ----------------------------------------------------------------------------


def test_comment_truncation_warns():
    doc = load("title: C# basics #1\n")
    assert doc.data == {"title": "C# basics"}
    (warning,) = doc.warnings
    assert warning.message == 'text after " #" was read as a comment'
    assert warning.hint == 'put the whole value in quotes if "#1" belongs to it'
    assert warning.location == Location(FILE, 1, 8)


def test_comment_without_space_warns():
    doc = load("tags:\n  - rome #3\n")
    assert doc.data == {"tags": ["rome"]}
    assert doc.warnings[0].hint == 'put the whole value in quotes if "#3" belongs to it'


@pytest.mark.parametrize(
    "text",
    ["key: value  # note\n", "title: 'C# basics #1'\n", "url: http://x.org/#top\n", "a: b #\n", "a: b ### note\n"],
)
def test_normal_comments_do_not_warn(text):
    assert load(text).warnings == ()


def test_invisible_characters_cleaned_with_located_warnings():
    doc = load("title: Rome\u200b\nnotes: \"line one\\vline two\"\n")
    assert doc.data == {"title": "Rome", "notes": "line one\nline two"}
    assert [(w.message, w.location) for w in doc.warnings] == [
        ("removed 1 zero-width space (U+200B)", Location(FILE, 1, 8)),
        ("replaced 1 vertical tab (U+000B, Word's Shift+Enter) with a line break", Location(FILE, 2, 8)),
    ]


def test_raw_control_characters_pasted_from_word_are_cleaned():
    doc = load("notes: line one\x0bline two\nb: x\x85y\nc: '\u2028'\n")
    assert doc.data == {"notes": "line one\nline two", "b": "xy", "c": "\n"}
    assert len(doc.warnings) == 3
    assert doc.location(("c",)) == Location(FILE, 3, 4)


def test_aliased_string_warns_once():
    assert len(load("a: &a \"x\u200b\"\nb: *a\nc: *a\n").warnings) == 1


def test_keys_are_cleaned_too():
    doc = load("title\u200b: Rome\n")
    assert doc.data == {"title": "Rome"} and len(doc.warnings) == 1


# --- robustness --------------------------------------------------------------------------

_PIECES = list("ab:-[]{}#&*!|>'\"?,\n\t %@`\\") + [
    "\x00", "\x0b", "\u2028", "\ud800", "\x85", "\ufeff", "<<", "~", "---", "...", "  ", "é", "!!python/name:x", "\r",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)))
def test_random_text_never_crashes(text):
    try:
        assert isinstance(load(text), YamlDocument)
    except LessonpackError as error:
        assert type(error) is LessonpackError and error.location is not None and error.hint


# --- the two parsers ---------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
YAML_FILES = sorted([*REPO.glob("lessons/**/*.yaml"), *REPO.glob("tests/roots/**/*.yaml")])


@pytest.mark.parametrize("file", YAML_FILES, ids=lambda f: str(f.relative_to(REPO)))
def test_libyaml_and_the_pure_python_parser_read_every_file_alike(file, monkeypatch):
    """Files are read with libyaml when it parses them, else with PyYAML's own parser
    (for its error messages): both must give the same values, positions and warnings."""
    import lessonpack.yamlload as yamlload

    def read(path):
        try:
            doc = load_yaml(path)
        except LessonpackError as exc:
            return exc.message, exc.location
        return doc.data, doc.positions, doc.key_positions, [(w.message, w.location) for w in doc.warnings]

    assert yamlload._FastLoader is not None, "PyYAML was built without libyaml"
    fast = read(file)
    monkeypatch.setattr(yamlload, "_FastLoader", None)
    assert read(file) == fast
