"""Every use of fontTools, in one place: a DejaVu face cut down to the characters a DOCX embeds.

The DOCX writer embeds its fonts (`writers/docx/embed.py`); whole faces make a worksheet
1.35 MB, so they are subset first. What a subset must keep, so that Word and LibreOffice
lay the text out as with the whole face and the PDF: every advance width and kerning pair,
the OpenType layout features, the hinting (Word on Windows renders with it), the names Word
finds the family by, and the embedding permission (OS/2 fsType). It must also come out the
same bytes for the same input. tests/test_compat_fonttools.py pins each of these, so an
upgrade that changes one names this module. Relied on with fontTools 4.x (pyproject asks
for >=4.40,<5; checked on 4.68.0).
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO


def subset_face(data: bytes, codepoints: Iterable[int]) -> bytes:
    """The font file `data` holding only the glyphs of `codepoints` (and those its layout features
    reach from them, and .notdef); codepoints the face lacks are left out."""
    # Imported here: only a DOCX build needs fontTools (136 ms to import), never validate.
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # every GSUB/GPOS feature: kerning and ligatures as in the whole face
    options.legacy_kern = True  # the old 'kern' table too, which Word reads for pair kerning
    options.hinting = True  # keep the TrueType instructions (the default, said outright)
    options.name_IDs = ["*"]  # every name record: Word matches the embedded face by its family name
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True  # .notdef keeps its box, so a missing character shows as one
    options.recalc_timestamp = False  # head.modified stays the shipped file's: the same bytes every build
    # FFTM is FontForge's build timestamp, which fontTools cannot subset (it warns and drops it).
    options.drop_tables = [*options.drop_tables, "FFTM"]
    font = TTFont(BytesIO(data), recalcTimestamp=False)  # keep head.modified on save too
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(set(codepoints)))
    subsetter.subset(font)
    out = BytesIO()
    font.save(out)
    return out.getvalue()
