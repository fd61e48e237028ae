"""Load the images lessons print, checked before anyone decodes them."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from .errors import LessonpackError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"PNG", "JPEG", "GIF"}


def load_image(root: Path, name: str) -> bytes:
    """The bytes of an image inside the course folder, after checking type and size.

    Paths that lead outside the course (`../`, absolute paths, symlinks) are
    refused, and the pixel count is read from the header before any decoding.
    """
    from PIL import Image, UnidentifiedImageError

    root = root.resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root):
        raise LessonpackError(f'image "{name}" is outside the course folder',
                              hint="put images inside the course, e.g. in images/, and use a relative path")
    if not path.is_file():
        raise LessonpackError(f'image "{name}" not found', hint=f"looked for {path}")
    if path.stat().st_size > MAX_BYTES:
        raise LessonpackError(f'image "{name}" is larger than {MAX_BYTES // 1024 // 1024} MB',
                              hint="save a smaller copy (about 2000 pixels wide is plenty for print)")
    data = path.read_bytes()
    try:
        with Image.open(BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise LessonpackError(f'image "{name}" is a {image.format} file',
                                      hint="use a PNG or JPEG image")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise LessonpackError(f'image "{name}" has too many pixels ({width}×{height})',
                                      hint="save a smaller copy (about 2000 pixels wide is plenty for print)")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise LessonpackError(f'"{name}" is not a readable image ({exc.__class__.__name__})',
                              hint="open it in an image editor and save it again as PNG or JPEG") from None
    return data
