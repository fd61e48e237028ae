"""Glyph advance widths straight from a TrueType file, with nothing but `struct`.

The extract line breaker and the missing-glyph check need only each character's
advance width, so they read it here instead of importing reportlab (which costs
a noticeable part of a second and is not needed by `lessonpack validate`).

Four tables are read:

- `head`: unitsPerEm, the font's design units per em;
- `hhea`: numberOfHMetrics, how many glyphs have their own advance in `hmtx`;
- `maxp`: numGlyphs;
- `hmtx`: the advance widths (glyphs after the first numberOfHMetrics reuse the last);
- `cmap`: code point -> glyph, from a Unicode subtable (format 12 or 4).

The widths are the same numbers reportlab's `TTFont.stringWidth` uses, computed the
same way, so a string measures to the same float: each character's advance is
scaled to thousandths of an em (`advance * (1000 / unitsPerEm)`), the characters'
values are summed in order, and the sum is scaled to points. reportlab has two
implementations that round differently in the last bit: its C speed-ups
(`_rl_accel`, from the rl_accel package) compute `sum * 0.001 * size`, its Python
fallback `0.001 * size * sum(...)`. We use the one reportlab will use, found by
looking for `_rl_accel` on the path without importing it. There is no kerning. A character the font does not map is measured with the
`.notdef` glyph's (glyph 0's) advance. As in reportlab, U+00A0 (no-break space)
measures as U+0020 when the font maps the space and not the no-break space, and
the other way round.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from functools import cache, reduce
from itertools import repeat
from operator import add
from pathlib import Path

__all__ = ["FontFormatError", "FontMetrics", "load", "parse", "reportlab_accelerated"]


class FontFormatError(ValueError):
    """The file is not a TrueType font this reader understands."""


@dataclass(frozen=True, slots=True)
class FontMetrics:
    """What line breaking needs from one font file."""

    path: str
    units_per_em: int
    num_glyphs: int
    advances: tuple[int, ...]  # advance width of every glyph, in font units
    cmap: dict[int, int]  # code point -> glyph index, as the font's Unicode cmap maps it
    widths: dict[int, float]  # code point -> advance in 1/1000 em (reportlab's `charWidths`)
    default_width: float  # glyph 0 (.notdef) in 1/1000 em: what unmapped characters measure

    def string_width(self, text: str, size: float) -> float:
        """Width in points of text at size points (reportlab's arithmetic, operation for operation)."""
        get, default = self.widths.get, self.default_width
        if reportlab_accelerated():
            # _rl_accel: a plain double loop (reduce adds in the same order, without a Python loop),
            # then sum * 0.001 * size
            return reduce(add, map(get, map(ord, text), repeat(default)), 0.0) * 0.001 * size
        return 0.001 * size * sum(get(ord(ch), default) for ch in text)

    def has_glyph(self, char: str) -> bool:
        """Whether the font can draw the character: it has a width, and the cmap does not send it to .notdef."""
        code = ord(char)
        return code in self.widths and self.cmap.get(code) != 0


@cache
def reportlab_accelerated() -> bool:
    """Whether reportlab measures with its C speed-ups (`_rl_accel` importable), which round differently."""
    try:
        return importlib.util.find_spec("_rl_accel") is not None
    except (ImportError, ValueError):
        return False


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    """The table directory: tag -> (offset, length)."""
    if len(data) < 12:
        raise FontFormatError("file too short for a font header")
    version, count = struct.unpack_from(">IH", data, 0)
    if version not in (0x00010000, 0x74727565):  # 1.0, 'true'
        raise FontFormatError(f"not a TrueType font (sfnt version {version:#010x})")
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if offset + length > len(data):
            raise FontFormatError(f"table {tag!r} runs past the end of the file")
        tables[tag] = (offset, length)
    for tag in (b"head", b"hhea", b"maxp", b"hmtx", b"cmap"):
        if tag not in tables:
            raise FontFormatError(f"no {tag.decode()} table")
    return tables


def _cmap_format_4(data: bytes, at: int) -> dict[int, int]:
    """A format 4 subtable (segments of 16-bit code points), as reportlab reads it."""
    length = struct.unpack_from(">H", data, at + 2)[0]
    limit = at + length
    seg_count = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends_at = at + 14
    starts_at = ends_at + 2 * seg_count + 2  # after the reserved pad
    deltas_at = starts_at + 2 * seg_count
    ranges_at = deltas_at + 2 * seg_count
    ends = struct.unpack_from(f">{seg_count}H", data, ends_at)
    starts = struct.unpack_from(f">{seg_count}H", data, starts_at)
    deltas = struct.unpack_from(f">{seg_count}h", data, deltas_at)
    range_offsets = struct.unpack_from(f">{seg_count}H", data, ranges_at)
    cmap: dict[int, int] = {}
    for n in range(seg_count):
        start, end, delta, range_offset = starts[n], ends[n], deltas[n], range_offsets[n]
        for code in range(start, end + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                where = ranges_at + 2 * n + range_offset + 2 * (code - start)
                if where + 2 > limit:  # a broken font: reportlab maps these to .notdef too
                    glyph = 0
                else:
                    glyph = struct.unpack_from(">H", data, where)[0]
                    if glyph:
                        glyph = (glyph + delta) & 0xFFFF
            cmap[code] = glyph
    return cmap


def _cmap_format_12(data: bytes, at: int) -> dict[int, int]:
    """A format 12 subtable (groups of 32-bit code points mapped to consecutive glyphs)."""
    groups = struct.unpack_from(">I", data, at + 12)[0]
    cmap: dict[int, int] = {}
    for start, end, first_glyph in struct.iter_unpack(">III", data[at + 16:at + 16 + 12 * groups]):
        if end < start or end > 0x10FFFF:
            raise FontFormatError(f"bad cmap group {start:#x}..{end:#x}")
        for code in range(start, end + 1):
            cmap[code] = first_glyph + code - start
    return cmap


_READERS = {4: _cmap_format_4, 12: _cmap_format_12}


def _unicode_cmap(data: bytes, offset: int) -> dict[int, int]:
    """The code point -> glyph map from the font's best Unicode subtable.

    Preference: a full-repertoire subtable (format 12: Windows UCS-4, platform 3
    encoding 10, or Unicode platform 0) over a BMP one (format 4: Windows
    Unicode BMP, 3/1, or platform 0). Among equals the last listed wins, as in
    reportlab, which takes the last subtable of platform 3 or platform 0 (not
    encoding 5, the variation sequences).
    """
    count = struct.unpack_from(">H", data, offset + 2)[0]
    best: tuple[int, int, int] | None = None  # (rank, index, subtable offset)
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * i)
        if not (platform == 3 and encoding in (1, 10) or platform == 0 and encoding != 5):
            continue
        fmt = struct.unpack_from(">H", data, offset + sub)[0]
        if fmt not in _READERS:
            continue
        rank = (2 if fmt == 12 else 1, i)
        if best is None or rank > best[:2]:
            best = (*rank, offset + sub)
    if best is None:
        raise FontFormatError("no Unicode cmap subtable in format 4 or 12")
    at = best[2]
    return _READERS[struct.unpack_from(">H", data, at)[0]](data, at)


def parse(data: bytes, path: str = "<bytes>") -> FontMetrics:
    """Read the metrics of a TrueType font from its bytes."""
    try:
        tables = _tables(data)
        head = tables[b"head"][0]
        magic, = struct.unpack_from(">I", data, head + 12)
        if magic != 0x5F0F3CF5:
            raise FontFormatError(f"bad head magic {magic:#010x}")
        units_per_em, = struct.unpack_from(">H", data, head + 18)
        if not 16 <= units_per_em <= 16384:
            raise FontFormatError(f"unitsPerEm {units_per_em} out of range")
        metric_format, n_hmetrics = struct.unpack_from(">hH", data, tables[b"hhea"][0] + 32)
        if metric_format != 0 or n_hmetrics == 0:
            raise FontFormatError("unknown hhea metric data format or no horizontal metrics")
        num_glyphs, = struct.unpack_from(">H", data, tables[b"maxp"][0] + 4)
        hmtx_at, hmtx_len = tables[b"hmtx"]
        if hmtx_len < 4 * n_hmetrics:
            raise FontFormatError("hmtx table shorter than hhea says")
        full = struct.unpack_from(f">{2 * n_hmetrics}H", data, hmtx_at)[0::2]
        # Glyphs after the first numberOfHMetrics share the last advance (monospaced tails).
        advances = full + (full[-1],) * max(0, num_glyphs - n_hmetrics)
        cmap = _unicode_cmap(data, tables[b"cmap"][0])
    except struct.error as exc:
        raise FontFormatError(f"truncated font: {exc}") from None

    # Thousandths of an em, scaled exactly as reportlab scales them.
    scale = (lambda x: x) if units_per_em == 1000 else (lambda x, m=1000 / units_per_em: x * m)
    scaled = [scale(a) for a in advances]
    # reportlab only knows widths for glyphs that have metrics; others measure as .notdef.
    widths = {code: scaled[glyph] for code, glyph in cmap.items() if glyph < len(scaled)}
    if 0x20 in widths:
        widths[0xA0] = widths[0x20]
    elif 0xA0 in widths:
        widths[0x20] = widths[0xA0]
    return FontMetrics(path, units_per_em, num_glyphs, tuple(advances), cmap, widths, scaled[0])


@cache
def _load(path: str) -> FontMetrics:
    return parse(Path(path).read_bytes(), path)


def load(path: str | Path) -> FontMetrics:
    """The metrics of a font file, read once per file and process."""
    return _load(str(Path(path).resolve()))
