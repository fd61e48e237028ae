"""What a DOCX holds, by size: the whole file, its parts without the embedded fonts (packed and
unpacked) and the fonts, for every DOCX in a built output folder.

    python benchmarks/docx_sizes.py OUT_FOLDER
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def sizes(path: Path) -> tuple[int, int, int, int]:
    """File bytes; parts other than fonts, packed and unpacked; fonts packed."""
    with zipfile.ZipFile(path) as package:
        parts = package.infolist()
    fonts = [p for p in parts if p.filename.startswith("word/fonts/")]
    rest = [p for p in parts if p not in fonts]
    return (path.stat().st_size, sum(p.compress_size for p in rest), sum(p.file_size for p in rest),
            sum(p.compress_size for p in fonts))


def main(folder: Path) -> None:
    print("| file | file KB | without fonts, packed KB | without fonts, unpacked KB | fonts KB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for path in sorted(folder.rglob("*.docx")):
        total, packed, unpacked, fonts = sizes(path)
        print(f"| {path.name} | {total / 1000:.0f} | {packed / 1000:.1f} | {unpacked / 1000:.0f} | {fonts / 1000:.0f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
