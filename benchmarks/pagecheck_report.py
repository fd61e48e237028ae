"""What the page checks (tests/pagecheck.py) find on the shipped course, per print profile.

Builds the course in every built-in profile: the full paper, each tier and a class set
(tests/fixtures/rosters/10B.csv, whose print files are checked too), then prints the
findings per kind and profile, and with --details every finding.

    python benchmarks/pagecheck_report.py [--out DIR] [--reuse] [--details] [--profile NAME ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from pagecheck import all_checks, check_pdf  # noqa: E402

from lessonpack.theme import PROFILES, theme_for  # noqa: E402

VARIANTS = {"full": [], "support": ["--tier", "support"], "core": ["--tier", "core"],
            "extension": ["--tier", "extension"],
            "classset": ["--roster", str(REPO / "tests/fixtures/rosters/10B.csv")]}


def build(out: Path, profile: str, options: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "lessonpack", "build", str(REPO), "--out", str(out),
                    "--profile", profile, *options], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="build here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="check what is already built in --out")
    parser.add_argument("--details", action="store_true", help="print every finding")
    parser.add_argument("--profile", action="append", help="only these profiles")
    args = parser.parse_args()
    profiles = args.profile or list(PROFILES)
    with tempfile.TemporaryDirectory() as scratch:
        root = args.out or Path(scratch)
        table: dict[str, Counter] = {}
        for profile in profiles:
            theme = theme_for("A4", profile)
            for variant, options in VARIANTS.items():
                out = root / profile / variant
                if not args.reuse:
                    build(out, profile, options)
                counts = Counter()
                for pdf in sorted(out.rglob("*.pdf")):
                    for finding in check_pdf(pdf, theme):
                        counts[finding.kind] += 1
                        if args.details:
                            print(f"{pdf.relative_to(root)}:{finding.page}: {finding.kind}: {finding.detail}")
                table[f"{profile} {variant}"] = counts
        width = max(len(row) for row in table)
        kinds = _kind_names()
        print("findings per kind (columns) and paper (rows)")
        print(" " * width, *(f"{k[:14]:>14}" for k in kinds))
        for row, counts in table.items():
            print(f"{row:<{width}}", *(f"{counts.get(k, 0):>14}" for k in kinds))
        clean = [k for k in kinds if not any(counts.get(k) for counts in table.values())]
        print("checks passing on every paper:", ", ".join(clean) or "none")


def _kind_names() -> list[str]:
    """The finding kinds, one per check."""
    return [check.__name__.replace("_", "-") for check in all_checks()]


if __name__ == "__main__":
    main()
