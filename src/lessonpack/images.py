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


PICTURE_FORMATS = {"PNG", "JPEG"}
"""What a picture source may be: the formats every writer and word processor prints."""
JPEG_QUALITY = 90


def refuse_svg(data: bytes, name: str) -> None:
    """SVG is a program as much as a picture (scripts, external files, entity bombs): refused, with the way out."""
    head = data[:512].lstrip().lower()
    if name.lower().endswith((".svg", ".svgz")) or head.startswith((b"<?xml", b"<svg", b"<!doctype svg")):
        raise LessonpackError(f'"{name}" is an SVG drawing, which lessonpack does not print',
                              hint="export it as a PNG (in Inkscape: File > Export PNG Image, about 2000 pixels wide)")


def normalised(data: bytes, name: str, crop: tuple[float, float, float, float] | None = None):
    """The checked picture decoded, upright, cropped, in an RGB or greyscale mode: a Pillow image.

    Its metadata (EXIF dates, GPS, camera, text chunks) is left behind, so what is printed, and
    the bytes of a rebuild, depend only on the pixels.
    """
    from PIL import Image, ImageOps

    _check(data, name)
    with Image.open(BytesIO(data)) as image:
        if image.format not in PICTURE_FORMATS:
            raise LessonpackError(f'picture "{name}" is a {image.format} file', hint="use a PNG or JPEG image")
        source_format = image.format
        upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "L", "RGBA"):
        upright = upright.convert("RGBA" if "transparency" in upright.info or upright.mode in ("P", "LA", "PA")
                                  else "RGB")
    if upright.mode == "RGBA":  # paper is white: flatten, so PDF, DOCX and HTML print the same colours
        flat = Image.new("RGB", upright.size, "white")
        flat.paste(upright, mask=upright.getchannel("A"))
        upright = flat
    if crop:
        w, h = upright.size
        box = (round(crop[0] * w), round(crop[1] * h), round(crop[2] * w), round(crop[3] * h))
        if box[2] - box[0] < 8 or box[3] - box[1] < 8:
            raise LessonpackError(f'the crop of picture "{name}" leaves fewer than 8 pixels',
                                  hint="crop a larger part of the picture")
        upright = upright.crop(box)
    upright.info = {}
    return upright, source_format


def encoded(image, source_format: str) -> bytes:
    """The image as PNG (or JPEG for a photograph that came as one), with no metadata: the same bytes every time."""
    out = BytesIO()
    if source_format == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, exif=b"", icc_profile=None)
    else:
        image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def read_picture(root: Path, name: str) -> bytes:
    """A picture's bytes from inside the course (see `load_image`), SVG refused before any decoding."""
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise LessonpackError(f'picture "{name}" is not a path inside the course folder',
                              hint="copy the picture into the course folder and name it from there, "
                                   "e.g. images/poster.png")
    data = read_input(Path(root) / name, within=root, limit=MAX_BYTES, what=f'picture "{name}"')
    refuse_svg(data, name)
    return data
