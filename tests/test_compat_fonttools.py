"""Pinning tests for fonts/fonttools_compat.py: what a subset face must keep for Word and
LibreOffice to set text as with the whole face, checked against the installed fontTools.

When a fontTools upgrade changes one of them, the test names it, so the fix is made in
fonttools_compat.py and nowhere else. These tests read the font's tables: that is their job.
"""

from __future__ import annotations

import os
import subprocess
import sys
from io import BytesIO

import fontTools
import pytest
from fontTools.ttLib import TTFont

from lessonpack.fonts import font_file
from lessonpack.fonts.fonttools_compat import subset_face

KEPT = "Trotsky’s “following” — Троцкий, 1905 → 1917 ½ € №"
DROPPED = "αβγ中"  # Greek (DejaVu has it) and a character DejaVu lacks


def check(condition: bool, what: str) -> None:
    assert condition, f"fonttools_compat.subset_face: with fontTools {fontTools.version}, {what}"


@pytest.fixture(scope="module")
def faces() -> tuple[TTFont, TTFont, bytes]:
    whole = font_file("DejaVu Serif", "regular").read_bytes()
    cut = subset_face(whole, [ord(char) for char in KEPT + DROPPED[-1]])
    return TTFont(BytesIO(whole)), TTFont(BytesIO(cut)), cut


def test_the_subset_maps_the_characters_asked_for_and_no_others(faces):
    whole, cut, data = faces
    cmap = cut.getBestCmap()
    check({ord(char) for char in KEPT} <= set(cmap), "a character asked for is not mapped")
    check(not {ord(char) for char in DROPPED} & set(cmap), "characters not asked for are still mapped")
    check(".notdef" in cut.getGlyphOrder() and cut["glyf"][".notdef"].numberOfContours > 0,
          ".notdef lost its box")
    check(len(data) < len(font_file("DejaVu Serif", "regular").read_bytes()) / 2, "the subset is not smaller")


def test_widths_kerning_features_and_hinting_are_those_of_the_whole_face(faces):
    whole, cut, _ = faces
    whole_cmap, cut_cmap = whole.getBestCmap(), cut.getBestCmap()
    for char in KEPT:
        check(cut["hmtx"][cut_cmap[ord(char)]] == whole["hmtx"][whole_cmap[ord(char)]],
              f"the advance width of {char!r} changed")
    check(cut["head"].unitsPerEm == whole["head"].unitsPerEm, "units per em changed")
    for table in ("GPOS", "GSUB", "kern", "fpgm", "prep", "cvt "):
        check((table in cut) == (table in whole), f"the {table!r} table was dropped")
    features = {record.FeatureTag for record in cut["GPOS"].table.FeatureList.FeatureRecord}
    check("kern" in features, "GPOS kerning was dropped")
    whole_pairs, cut_pairs = whole["kern"].kernTables[0].kernTable, cut["kern"].kernTables[0].kernTable
    pairs = {(left, right): whole_pairs[(whole_cmap[ord(left)], whole_cmap[ord(right)])]
             for left in KEPT for right in KEPT
             if (whole_cmap[ord(left)], whole_cmap[ord(right)]) in whole_pairs}
    check(pairs, "the sample has no kerning pair to compare")
    for (left, right), value in pairs.items():
        check(cut_pairs.get((cut_cmap[ord(left)], cut_cmap[ord(right)])) == value,
              f"the kerning of {left + right!r} changed")


def test_names_permissions_and_date_stay_those_of_the_shipped_file(faces):
    whole, cut, _ = faces
    for name_id in (1, 2, 4, 6):  # family, style, full name, PostScript name
        check(cut["name"].getDebugName(name_id) == whole["name"].getDebugName(name_id), f"name {name_id} changed")
    check(cut["OS/2"].fsType == whole["OS/2"].fsType, "the embedding permission changed")
    check(cut["head"].modified == whole["head"].modified, "head.modified was set to the clock")
    check("FFTM" not in cut, "FontForge's timestamp table is still there")


def test_the_same_input_gives_the_same_bytes_in_any_process():
    """Set and dict order differ between processes (hash seeds): the bytes must not."""
    script = ("import hashlib, sys; from lessonpack.fonts import font_file;"
              "from lessonpack.fonts.fonttools_compat import subset_face;"
              "data = font_file('DejaVu Sans', 'bold').read_bytes();"
              "print(hashlib.sha256(subset_face(data, range(32, 0x500))).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed,
                                   "SOURCE_DATE_EPOCH": epoch}).stdout
               for seed, epoch in (("1", "1700000000"), ("2", "946684800"))}
    check(len(digests) == 1, "the subset's bytes differ between processes")
