"""Fuzz lessonpack with mutated lessons: anything `validate` accepts must build, nothing may crash or hang.

Each case copies the shipped course with one lesson, mutates that lesson (and
sometimes course.yaml or the essay) and runs what `lessonpack validate` runs.
When validate accepts the course, the lesson is built in memory as PDF and DOCX
on a random print profile. Every case ends in one of:

    refused    validate reported the problem, with its file (good)
    built      validate accepted it and every file was made (good)
    unlocated  validate refused it without naming a file
    disagree   validate accepted it but the build refused it
    internal   a Python exception other than a located lessonpack error
    hang       the case ran past --timeout seconds

Cases run in worker processes so that a hang can be stopped. Every case of the
last four kinds is saved under --save as a folder holding the mutated files and
`case.txt` (what happened, with the traceback); `--replay FOLDER` runs one again.

    python tests/fuzz/fuzz_lessons.py --cases 10000 --save fuzz-findings
    python tests/fuzz/fuzz_lessons.py --seconds 600
    python tests/fuzz/fuzz_lessons.py --replay fuzz-findings/internal-00042
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
BAD = ("unlocated", "disagree", "internal", "hang")
PROFILES = ("standard", "standard", "large-print-24", "large-print-18", "dyslexia", "large-print-36")
TIERS = ("", "", "", "support", "extension")

# ------------------------------------------------------------------ what to put in

ALPHABET = "abcdefghijklmnopqrstuvwxyz ABC 0123 .,;:!?'\"-–—…*_[]()#>|{}%<>&/\\~`^=+@$"


def nasty_text(rng: random.Random) -> str:
    """A string of the kind that broke document tools before: long words, markup, odd characters."""
    n = rng.choice((1, 5, 40, 300, 2_000, 20_000))
    choices = [
        lambda: "",
        lambda: " ",
        lambda: "x" * n,
        lambda: "=" * n,
        lambda: "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                        for _ in range(n)),
        lambda: " ".join("word" for _ in range(n)),
        lambda: "".join(rng.choice(ALPHABET) for _ in range(n)),
        lambda: rng.choice(("*", "_", "**", "[", "](", ":::", "::: grid", "{{", "}}", "{%", "<b>", "&amp;",
                            "\\", "|", "#", "> ", "- ", "1. ", "`", "~~~", "\n", "\n\n")) * rng.choice((1, 3, 500)),
        lambda: "".join(chr(rng.choice((0x0301, 0x200B, 0x200F, 0x202E, 0xFEFF, 0xFFFE, 0xFFFF, 0xFDD0,
                                        0x00AD, 0x2028, 0x0007, 0x001B, 0x00A0, 0x05D0, 0x0627, 0x4E2D,
                                        0x1F600, 0x10FFFF, 0x00E9, 0x0142, 0x1EC5)))
                        for _ in range(rng.choice((1, 3, 50)))),
        lambda: "Trotsky " + "".join(rng.choice("\t\r\n\x0b\x0c") for _ in range(3)) + " Stalin",
        lambda: rng.choice(("null", "~", "yes", "no", "0123", "3.10", "1e400", "NaN", "-0", "[]", "{}")),
    ]
    return rng.choice(choices)()


def nasty_number(rng: random.Random):
    return rng.choice((0, -1, 1, 2, 3, 26, 27, 30, 100, 10**6, 10**30, 2.5, -0.5, float("inf"), "4", "four"))


# ------------------------------------------------------------------ how to change a lesson


def _paths(tree, prefix=()):
    """Every place in a YAML tree: (path, value)."""
    yield prefix, tree
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            yield from _paths(value, (*prefix, i))


def _set(tree, path, value):
    if not path:
        return value
    node = tree
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return tree


def _get(tree, path):
    for key in path:
        tree = tree[key]
    return tree


def mutate_tree(tree, rng: random.Random, donors: list):
    """One structural change to a parsed lesson."""
    places = list(_paths(tree))
    path, value = rng.choice(places)
    parent = _get(tree, path[:-1]) if path else None
    op = rng.randrange(10)
    if isinstance(value, str):
        return _set(tree, path, nasty_text(rng) if rng.random() < 0.8 else value * rng.choice((2, 50, 1000)))
    if op == 0:
        return _set(tree, path, nasty_text(rng))
    if isinstance(value, (int, float)) and not isinstance(value, bool) or op == 1:
        return _set(tree, path, nasty_number(rng))
    if isinstance(value, list):
        if op in (2, 3) and value:
            item = rng.choice(value)
            value.extend([item] * rng.choice((1, 5, 30, 300)))
        elif op == 4:
            value.clear()
        elif op == 5 and value:
            rng.shuffle(value)
        else:
            value.append(rng.choice((nasty_text(rng), {}, [], None, 0)))
        return tree
    if isinstance(value, dict):
        keys = list(value)
        if op in (2, 3) and keys:
            del value[rng.choice(keys)]
        elif op == 4:
            value[rng.choice(("promt", "extra", "type", "marks", "answer", "quote", "tier"))] = nasty_text(rng)
        elif op == 5 and keys:
            donor = rng.choice(donors)
            donor_places = [v for p, v in _paths(donor) if isinstance(v, dict)]
            if donor_places:
                value.update(yaml.safe_load(yaml.safe_dump(rng.choice(donor_places))))
        else:
            key = rng.choice(keys) if keys else "x"
            value[key] = rng.choice((None, [], {}, nasty_text(rng), nasty_number(rng)))
        return tree
    if parent is not None:
        return _set(tree, path, rng.choice((None, [], {}, nasty_text(rng))))
    return tree


def mutate_bytes(text: str, rng: random.Random) -> bytes:
    """A change to the file's bytes: what a bad editor, a truncated copy or the wrong encoding does."""
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.choice((1, 2, 5))):
        if not data:
            break
        at = rng.randrange(len(data))
        op = rng.randrange(6)
        if op == 0:
            data[at] = rng.randrange(256)
        elif op == 1:
            del data[at:at + rng.choice((1, 10, 1000))]
        elif op == 2:
            data[at:at] = rng.choice((b"\t", b"\"", b"'", b": ", b"- ", b"&a", b"*a", b"!!python/object:os.system",
                                      b"\xef\xbb\xbf", b"\xff\xfe", b"\xe9", b"\x00", b"{", b"[", b"\r"))
        elif op == 3:
            data = data[:at]
        elif op == 4:
            data = bytearray(text.encode(rng.choice(("latin-1", "utf-16", "cp1252")), errors="replace"))
        else:
            line_start = data.rfind(b"\n", 0, at) + 1
            data[line_start:line_start] = b" " * rng.choice((1, 2, 3))
    return bytes(data)


# ------------------------------------------------------------------ one case


def make_case(index: int, seed: int, seeds: dict[str, str], course_text: str, essay_text: str) -> dict:
    """The files of case `index`: a lesson, maybe a changed course.yaml or essay, a profile and tier."""
    rng = random.Random(f"{seed}:{index}")
    name = rng.choice(sorted(seeds))
    donors = [yaml.safe_load(text) for text in seeds.values()]
    lesson_text = seeds[name]
    case = {"index": index, "lesson_name": name, "profile": rng.choice(PROFILES), "tier": rng.choice(TIERS)}
    roll = rng.random()
    if roll < 0.15:
        case["lesson"] = mutate_bytes(lesson_text, rng)
    else:
        tree = yaml.safe_load(lesson_text)
        for _ in range(rng.choice((1, 1, 2, 3, 6))):
            tree = mutate_tree(tree, rng, donors)
        case["lesson"] = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10**9).encode("utf-8")
    if rng.random() < 0.1:
        tree = yaml.safe_load(course_text)
        tree = mutate_tree(tree, rng, [tree])
        if rng.random() < 0.5 and isinstance(tree, dict):
            tree.setdefault("profiles", {})["school"] = {
                "base": rng.choice(("standard", "large-print-24", "school", "other", nasty_text(rng))),
                rng.choice(("body_size", "line_spacing", "margin", "font")): nasty_number(rng)}
            case["profile"] = "school"
        case["course"] = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=10**9).encode("utf-8")
    if rng.random() < 0.05:
        paragraphs = essay_text.split("\n\n")
        at = rng.randrange(len(paragraphs))
        paragraphs[at] = paragraphs[at] + " " + nasty_text(rng)
        case["essay"] = "\n\n".join(paragraphs).encode("utf-8")
    return case


def _leaves(errors: list) -> list:
    """Every single problem inside (nested) error groups."""
    return [leaf for e in errors for leaf in (_leaves(e.errors) if hasattr(e, "errors") else [e])]


def run_case(case: dict, course_dir: Path) -> tuple[str, str]:
    """Validate, then build in memory; the outcome and what to say about it."""
    from lessonpack.build import Options, plan, render_all
    from lessonpack.pipeline import course_theme
    from lessonpack.check import check
    from lessonpack.course import load_course
    from lessonpack.errors import LessonpackError

    lessons = course_dir / "lessons"
    for old in lessons.glob("*.yaml"):
        if old.name != "course.yaml":
            old.unlink()
    (lessons / case["lesson_name"]).write_bytes(case["lesson"])
    (lessons / "course.yaml").write_bytes(case.get("course") or (REPO / "lessons" / "course.yaml").read_bytes())
    essay = lessons / "essays" / "personality-in-history.md"
    essay.write_bytes(case.get("essay") or (REPO / "lessons" / "essays" / essay.name).read_bytes())
    try:
        report = check(course_dir)
    except LessonpackError as exc:
        return "refused", str(_leaves([exc])[0])
    except BaseException:  # noqa: BLE001 - any escape from validate is the finding
        return "internal", "validate: " + traceback.format_exc()
    if report.errors:
        unlocated = [e for e in _leaves(report.errors) if e.location is None]
        if unlocated:
            return "unlocated", "\n".join(e.render() for e in unlocated)
        return "refused", str(_leaves(report.errors)[0])
    try:
        course = load_course(course_dir)
        options = Options(("pdf", "docx"), profile=case["profile"], tier=case["tier"])
        theme = course_theme(course, case["profile"])
        render_all(course, plan(course, course_dir / "out", ("pdf", "docx"), options), theme)
    except LessonpackError as exc:
        return "disagree", f"profile {case['profile']}, tier {case['tier'] or '-'}: " + "\n".join(
            e.render() for e in _leaves([exc]))
    except BaseException:  # noqa: BLE001
        return "internal", f"profile {case['profile']}: " + traceback.format_exc()
    return "built", ""


def _worker(conn, seed: int) -> None:
    """A process that runs cases sent to it, in a course folder of its own."""
    seeds, course_text, essay_text = _seed_texts()
    with tempfile.TemporaryDirectory(prefix="lessonpack-fuzz-") as folder:
        course_dir = Path(folder) / "course"
        shutil.copytree(REPO / "lessons", course_dir / "lessons")
        while True:
            index = conn.recv()
            if index is None:
                return
            case = make_case(index, seed, seeds, course_text, essay_text)
            conn.send(run_case(case, course_dir))


def _seed_texts() -> tuple[dict[str, str], str, str]:
    lessons = REPO / "lessons"
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(lessons.glob("*.yaml")) if p.name != "course.yaml"}
    essay = (lessons / "essays" / "personality-in-history.md").read_text(encoding="utf-8")
    return seeds, (lessons / "course.yaml").read_text(encoding="utf-8"), essay


# ------------------------------------------------------------------ running many


class Runner:
    """One worker process, restarted when a case hangs or kills it."""

    def __init__(self, seed: int):
        self.seed = seed
        self.start()

    def start(self) -> None:
        self.conn, child = mp.Pipe()
        self.process = mp.get_context("fork").Process(target=_worker, args=(child, self.seed), daemon=True)
        self.process.start()

    def send(self, index: int) -> None:
        self.index, self.started = index, time.monotonic()
        self.conn.send(index)

    def poll(self, timeout: float) -> tuple[str, str] | None:
        """The outcome if ready, ("hang", …) after timeout, ("internal", …) if the worker died."""
        if self.conn.poll(0):
            try:
                return self.conn.recv()
            except EOFError:
                pass
        elif self.process.is_alive() and time.monotonic() - self.started < timeout:
            return None
        died = not self.process.is_alive()
        self.process.kill()
        self.process.join()
        self.start()
        return ("internal", f"the worker process died (exit {self.process.exitcode})") if died else \
            ("hang", f"still running after {timeout:g} s")

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(5)
        self.process.kill()


def save(folder: Path, case: dict, outcome: str, detail: str) -> Path:
    target = folder / f"{outcome}-{case['index']:05d}"
    (target / "lessons").mkdir(parents=True, exist_ok=True)
    (target / "lessons" / case["lesson_name"]).write_bytes(case["lesson"])
    for key, name in (("course", "course.yaml"), ("essay", "personality-in-history.md")):
        if key in case:
            (target / "lessons" / name).write_bytes(case[key])
    (target / "case.txt").write_text(f"outcome: {outcome}\ncase: {case['index']}\nlesson: {case['lesson_name']}\n"
                                     f"profile: {case['profile']}\ntier: {case['tier'] or '-'}\n\n{detail}\n",
                                     encoding="utf-8")
    return target


def fuzz(cases: int, seconds: float, seed: int, workers: int, timeout: float, save_to: Path | None,
         quiet: bool = False) -> Counter:
    """Run cases until the count or the time runs out; return how many ended each way."""
    seeds, course_text, essay_text = _seed_texts()
    counts: Counter = Counter()
    runners = [Runner(seed) for _ in range(workers)]
    started = time.monotonic()
    next_index, busy, reported = 0, {}, 0
    try:
        while True:
            out_of_time = seconds and time.monotonic() - started > seconds
            for runner in runners:
                if runner not in busy and next_index < cases and not out_of_time:
                    runner.send(next_index)
                    busy[runner] = next_index
                    next_index += 1
            if not busy:
                break
            for runner in list(busy):
                result = runner.poll(timeout)
                if result is None:
                    continue
                index = busy.pop(runner)
                outcome, detail = result
                counts[outcome] += 1
                if outcome in BAD:
                    case = make_case(index, seed, seeds, course_text, essay_text)
                    where = save(save_to, case, outcome, detail) if save_to else None
                    if not quiet:
                        first = detail.strip().splitlines()[-1] if detail.strip() else ""
                        print(f"case {index}: {outcome}: {first[:200]}" + (f" ({where})" if where else ""),
                              flush=True)
            done = sum(counts.values())
            if not quiet and done // 500 > reported:
                reported = done // 500
                print(f"… {done} cases, {dict(counts)}", flush=True)
            time.sleep(0.002)
    finally:
        for runner in runners:
            runner.stop()
    counts["seconds"] = round(time.monotonic() - started)
    return counts


def replay(folder: Path) -> tuple[str, str]:
    """Run a saved case again, in a fresh copy of the shipped course."""
    meta = dict(line.split(": ", 1) for line in (folder / "case.txt").read_text(encoding="utf-8").splitlines()[:5])
    lesson = next(p for p in (folder / "lessons").glob("*.yaml") if p.name != "course.yaml")
    case = {"index": int(meta["case"]), "lesson_name": lesson.name, "lesson": lesson.read_bytes(),
            "profile": meta["profile"], "tier": "" if meta["tier"] == "-" else meta["tier"]}
    for key, name in (("course", "course.yaml"), ("essay", "personality-in-history.md")):
        if (folder / "lessons" / name).exists():
            case[key] = (folder / "lessons" / name).read_bytes()
    with tempfile.TemporaryDirectory(prefix="lessonpack-replay-") as work:
        course_dir = Path(work) / "course"
        shutil.copytree(REPO / "lessons", course_dir / "lessons")
        return run_case(case, course_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10**9, help="how many cases (default: until --seconds)")
    parser.add_argument("--seconds", type=float, default=0, help="stop starting cases after this long")
    parser.add_argument("--seed", type=int, default=1, help="the same seed makes the same cases")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a case counts as a hang")
    parser.add_argument("--save", type=Path, default=Path("fuzz-findings"), help="folder for reproducers")
    parser.add_argument("--replay", type=Path, help="run one saved case again and print its outcome")
    args = parser.parse_args(argv)
    if args.replay:
        outcome, detail = replay(args.replay)
        print(outcome, detail, sep="\n")
        return 0 if outcome not in BAD else 1
    if args.cases == 10**9 and not args.seconds:
        parser.error("give --cases, --seconds or both")
    counts = fuzz(args.cases, args.seconds, args.seed, args.workers, args.timeout, args.save)
    print("result:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 1 if any(counts[k] for k in BAD) else 0


if __name__ == "__main__":
    sys.exit(main())
