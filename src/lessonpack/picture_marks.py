"""Numbered callouts and a lettered grid drawn onto a picture, once, so every format prints the same marks.

A question says "the figure at 2" or "square B1"; the marks must sit on the same spot of the
picture in the PDF, the DOCX and the HTML, so they are drawn into its pixels (Pillow, the body
font) rather than by each writer. Their type is as large a share of the picture's width as the
loader asks (`label_share`): enough to print at the body size on every paper, large print included.
"""

from __future__ import annotations

import math
from pathlib import Path

FONT = Path(__file__).parent / "fonts" / "DejaVuSans-Bold.ttf"
MARK_SHARE = 0.045
"""A callout's diameter as a share of the picture's longer side: legible, hiding little."""


def draw_marks(image, callouts: list[tuple[float, float]], grid: tuple[int, int] | None, label_share: float = 0.0):
    """A copy of the image with numbered circles at the callouts and grid lines labelled A1, B1, …,
    their type at least `label_share` of the image's width."""
    from PIL import ImageDraw, ImageFont

    if not callouts and not grid:
        return image
    out = image.convert("RGB")
    draw = ImageDraw.Draw(out)
    w, h = out.size
    size = max(14, round(max(w, h) * MARK_SHARE))
    type_px = max(9, round(size * 0.62), math.ceil(label_share * w))
    size = max(size, round(type_px / 0.62))
    font = ImageFont.truetype(str(FONT), type_px)
    line = max(1, size // 10)
    if grid:
        cols, rows = grid
        for c in range(1, cols):
            x = round(c * w / cols)
            draw.line([(x, 0), (x, h)], fill="black", width=line + 2)
            draw.line([(x, 0), (x, h)], fill="white", width=line)
        for r in range(1, rows):
            y = round(r * h / rows)
            draw.line([(0, y), (w, y)], fill="black", width=line + 2)
            draw.line([(0, y), (w, y)], fill="white", width=line)
        for c in range(cols):
            for r in range(rows):
                label = f"{'ABCDEF'[c]}{r + 1}"
                x, y = round(c * w / cols) + line + 2, round(r * h / rows) + line + 2
                left, top, right, bottom = draw.textbbox((x + 3, y + 1), label, font=font)
                draw.rectangle([x, y, right + 3, bottom + 3], fill="white", outline="black")
                draw.text((x + 3, y + 1), label, font=font, fill="black")
    for number, (fx, fy) in enumerate(callouts, start=1):
        cx, cy = fx * w, fy * h
        r = size / 2
        cx, cy = min(max(cx, r), w - r), min(max(cy, r), h - r)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill="white", outline="black", width=line + 1)
        draw.text((cx, cy), str(number), font=font, fill="black", anchor="mm")
    return out
