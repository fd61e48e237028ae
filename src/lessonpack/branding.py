"""The school's logo named in course.yaml, checked when the course loads.

The logo is printed on every page of every document, and course folders are shared, so
the file is untrusted: it must be a PNG or JPEG inside the course, small (`MAX_BYTES`,
`MAX_PIXELS`), decodable, and of a shape the header has room for. Every refusal is
located at course.yaml's `logo` line, and `validate` and `build` agree because the
build uses the bytes checked here.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from .document import Logo
from .errors import LessonpackError, Location
from .images import load_image
from .inputs import read_input

MM = 72 / 25.4
MAX_BYTES = 2 * 1024 * 1024
"""A crest printed 25 mm high needs about 600 pixels; 2 MB holds far more."""
MAX_PIXELS = 16_000_000
MAX_WIDTH_MM = 60
"""The widest a logo may print: the header keeps room for the school's name beside it."""
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def load_logo(root: Path, name: str, height_mm: float, where: Location) -> Logo:
    """The logo's bytes and printed size, or a located refusal."""
    what = f'logo "{name}"'
    data = read_input(Path(root) / name, within=root, limit=MAX_BYTES, where=where, what=what)

    def refuse(problem: str, hint: str) -> LessonpackError:
        return LessonpackError(f"{what} {problem}", where, hint)

    if not any(data.startswith(signature) for signature in SIGNATURES):
        raise refuse("is not a PNG or JPEG image", "save the logo as a PNG (best for a crest) or a JPEG")
    try:
        load_image(root, name)  # decoded once: a damaged or bomb-sized file is refused here
    except LessonpackError as exc:
        raise LessonpackError(exc.message, where, exc.hint) from None
    from PIL import Image  # imported by load_image already

    with Image.open(BytesIO(data)) as image:
        pixels_wide, pixels_high = image.size
    if pixels_wide * pixels_high > MAX_PIXELS:
        raise refuse(f"has {pixels_wide}×{pixels_high} pixels, more than a logo needs",
                     "save a smaller copy: about 600 pixels high is plenty for print")
    height = height_mm * MM
    width = height * pixels_wide / pixels_high
    if width > MAX_WIDTH_MM * MM:
        raise refuse(f"would print {width / MM:.0f} mm wide at {height_mm:g} mm high, wider than "
                     f"{MAX_WIDTH_MM} mm", f"give a smaller height_mm (at most "
                     f"{MAX_WIDTH_MM * pixels_high / pixels_wide:.0f}), or crop the image to the crest")
    return Logo(data, width, height, name)
