"""Load the images lessons print, checked before anyone decodes them.

An image named in a shared template or lesson must not read a file outside the
course, hang the build (a FIFO, a device), or exhaust memory (a small file whose
header claims billions of pixels). So the path, the file type and the size are
checked first, the pixel count is read from the header, and only then is the
image decoded once, here, so the writers never meet a broken file.
"""

from __future__ import annotations

import warnings
from io import BytesIO
from pathlib import Path

from .errors import LessonpackError
from .inputs import read_input

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"PNG", "JPEG", "GIF"}
_SMALLER = "save a smaller copy (about 2000 pixels wide is plenty for print)"
_RESAVE = "open it in an image editor and save it again as PNG or JPEG"


def load_image(root: Path, name: str) -> bytes:
    """The bytes of an image inside the course folder, after checking type and size.

    Paths that lead outside the course (`../`, absolute paths, symlinks) are
    refused, and the pixel count is read from the header before any decoding.
    """
    data = read_input(Path(root) / name, within=root, limit=MAX_BYTES, what=f'image "{name}"')
    _check(data, name)
    return data


def _check(data: bytes, name: str) -> None:
    """Type and pixel count from the header, then one full decode; anything odd is refused."""
    from PIL import Image, UnidentifiedImageError  # here: only courses with images load Pillow

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise LessonpackError(f'image "{name}" is a {image.format} file', hint="use a PNG or JPEG image")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise LessonpackError(f'image "{name}" has too many pixels ({width}×{height})', hint=_SMALLER)
                image.verify()
            with Image.open(BytesIO(data)) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LessonpackError(f'image "{name}" has too many pixels', hint=_SMALLER) from None
    except UnidentifiedImageError:
        raise LessonpackError(f'"{name}" is not an image (or not a kind lessonpack can print)',
                              hint=f"use a PNG or JPEG image; if it is one, {_RESAVE}") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise LessonpackError(f'"{name}" is not a readable image ({exc.__class__.__name__}: {exc})',
                              hint=_RESAVE) from None
