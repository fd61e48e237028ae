"""What a question shows students: gaps, word banks, shuffled columns, and the keys to them.

The order students see is decided here, from a seeded random generator, so the
worksheet and the teacher's answer key always agree.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from typing import Any

from .question_model import GAP, LessonQuestion, Option
from .wording import question_elsewhere

GAP_LINE = "__________"
"""The shortest blank a gap prints (ten characters: 42 mm at 24 pt); every gap of a question is as
long as its word bank's longest entry needs (the same for all, so a blank's length gives no answer
away): three characters more at the standard body size, as many millimetres at any other, since
a student's handwriting does not grow with the print (at 24 pt lesson 03's blanks took the gap
fill over a page)."""
GAP_LINE_MAX = 24
STANDARD_BODY = 11.0
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def seeded(text: str, seed: int = 0) -> random.Random:
    """A generator that depends only on the text and seed: same input, same order."""
    digest = hashlib.sha256(f"{seed}:{text}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def shuffled(items: list[Any], rng: random.Random, keep: list[bool] | None = None) -> list[Any]:
    """Items in a new order; those marked keep stay where they are (e.g. "All of the above").

    Positions are shuffled, not values, so equal items cannot make it retry for ever."""
    keep = keep or [False] * len(items)
    movable = [i for i, fixed in enumerate(keep) if not fixed]
    if len(movable) < 2:
        return list(items)
    order = movable[:]
    while order == movable:  # a "shuffle" that changes nothing teaches nothing
        rng.shuffle(order)
    it = iter(order)
    return [items[i] if fixed else items[next(it)] for i, fixed in enumerate(keep)]


def version_order(items: list[Any], rng: random.Random, index: int, keep: list[bool] | None = None) -> list[Any]:
    """Version `index`'s order: different from every other version's while different orders remain."""
    orders: list[list[Any]] = []
    for _ in range(200):
        if len(orders) > index:
            break
        order = shuffled(items, rng, keep)
        if order not in orders:
            orders.append(order)
    if len(orders) <= index and list(items) not in orders:
        orders.append(list(items))  # e.g. two options: one version keeps the listed order
    return orders[index % len(orders)]


def question_view(q: LessonQuestion, number: int, line_ref: str, seed: int = 0,
                  index: int = 0, body_size: float = STANDARD_BODY) -> dict[str, Any]:
    """Everything a template needs to print one question and its answer (`index`: the version, A = 0)."""

    def this_version(items: list[Any], keep: list[bool] | None = None) -> list[Any]:
        """This version's order of the items; each list starts from the same generator, so the
        order depends only on the question, the seed and the version."""
        return version_order(items, seeded(q.prompt, seed), index, keep)

    view: dict[str, Any] = {name: getattr(q, name) for name in type(q).model_fields}
    view.update(number=number, line_ref=line_ref, answer_space=q.answer_space, answer_lines=q.answer_lines,
                option_texts=q.option_texts)

    if q.type == "multiple-choice":
        keep = [isinstance(o, Option) and not o.shuffle for o in q.options]
        texts = this_version(q.option_texts, keep) if q.shuffle else q.option_texts
        view["choices"] = texts
        view["answer_letter"] = LETTERS[texts.index(q.answer)]
    elif q.type == "ordering":
        items = q.option_texts
        view["choices"] = this_version(items)
        # What each printed box should hold, top to bottom.
        view["order_key"] = [items.index(item) + 1 for item in view["choices"]]
    elif q.type == "matching":
        rights = [p.right for p in q.pairs]
        order = this_version(list(range(len(rights))))
        view["left"] = [p.left for p in q.pairs]
        view["right"] = [rights[i] for i in order]
        view["match_key"] = [LETTERS[order.index(i)] for i in range(len(rights))]
    elif q.type == "gap-fill":
        words = GAP.findall(q.text or "")
        counter = iter(range(1, len(words) + 1))
        bank = sorted({*words, *q.distractors}, key=str.casefold)
        needs = (max(map(len, bank), default=0) + 3) * STANDARD_BODY / body_size
        blank = "_" * min(GAP_LINE_MAX, max(len(GAP_LINE), math.ceil(needs)))
        # A no-break space keeps "(3)" on the line of its blank.
        view["gap_text"] = GAP.sub(lambda m: f"({next(counter)})\u00a0{blank}", q.text or "")
        view["gap_words"] = words
        view["word_bank"] = bank
    return view


_NUMBER = r"\d+(?:\([a-z]\))?"
QUESTION_REFERENCE = re.compile(rf"\b([Qq]uestions?)\s+({_NUMBER}(?:\s*(?:,|and|or|to|–|-)\s*{_NUMBER})*)")
"""A cross-reference a lesson types in a question's text: "Question 3", "questions 4 and 5",
"Questions 4–6", "Question 2(b)", numbered as the full worksheet numbers them."""


def _numbers(listed: str) -> tuple[list[tuple[int, str]], str]:
    """"4, 5 or 7" -> [(4, ""), (5, ""), (7, "")] and its last joining word; a range "4–6" is listed out."""
    pieces = re.split(r"\s*(,|\band\b|\bor\b|\bto\b|–|-)\s*", listed)
    numbers, joins = pieces[::2], pieces[1::2]
    items: list[tuple[int, str]] = []
    for i, number in enumerate(numbers):
        digits = re.match(r"\d+", number).group()
        value, part = int(digits), number[len(digits):]
        if i and joins[i - 1] in ("to", "–", "-") and items and not part and not items[-1][1] and value > items[-1][0]:
            items += [(n, "") for n in range(items[-1][0] + 1, value + 1)]
        else:
            items.append((value, part))
    return items, "or" if "or" in joins else "and"


def referenced_numbers(text: str) -> list[int]:
    """The question numbers a text's cross-references name, as typed ("see Questions 4–6" -> 4, 5, 6)."""
    return [n for match in QUESTION_REFERENCE.finditer(text) for n, _ in _numbers(match.group(2))[0]]


def _listed(numbers: list[str], joiner: str) -> str:
    """["1", "2", "3"] -> "1–3" when they run on (three or more), else "1, 3 and 4"."""
    values = [int(n) for n in numbers if n.isdigit()]
    if len(numbers) >= 3 and len(values) == len(numbers) and values == list(range(values[0], values[0] + len(values))):
        return f"{values[0]}–{values[-1]}"
    return numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} {joiner} {numbers[-1]}"


def renumber(text: str, on_sheet: dict[int, int], worksheet: dict[int, int]) -> str:
    """A text's question cross-references as the sheet it is printed on numbers them.

    `on_sheet` maps a full-worksheet number to the number the question has on this sheet (the
    homework's 1, 2, 3; a tier or shuffled version's order); a question the sheet leaves out is
    named by its number on this paper's worksheet (`worksheet`), "Question 3 on the worksheet"."""

    def rewrite(match: re.Match) -> str:
        word, listed = match.group(1), match.group(2)
        items, joiner = _numbers(listed)
        if not items or not all(n in worksheet or n in on_sheet for n, _ in items):
            return match.group(0)  # not a question this lesson has: printed as typed
        here = [f"{on_sheet[n]}{part}" for n, part in items if n in on_sheet]
        there = [f"{worksheet.get(n, n)}{part}" for n, part in items if n not in on_sheet]
        singular = word.rstrip("s")
        out = []
        if here:
            out.append(f"{singular if len(here) == 1 else singular + 's'} {_listed(here, joiner)}")
        if there:
            named = f"{singular if len(there) == 1 else singular + 's'} {_listed(there, joiner)}"
            out.append(question_elsewhere(named))
        if not here:
            return out[0]
        return f"{out[0]}{',' if len(here) > 1 else ''} {joiner} {out[1]}" if there else out[0]

    return QUESTION_REFERENCE.sub(rewrite, text)


def renumbered_texts(q: LessonQuestion, on_sheet: dict[int, int], worksheet: dict[int, int]) -> dict[str, Any]:
    """The texts of a question that may refer to other questions (its prompt, parts, extension,
    sentence starters, model answers and mark scheme), renumbered for the sheet it is printed on."""

    def again(text: str) -> str:
        return renumber(text, on_sheet, worksheet)

    texts: dict[str, Any] = {"prompt": again(q.prompt), "extension": again(q.extension),
                             "scaffold": [again(s) for s in q.scaffold], "model_answer": again(q.model_answer),
                             "parts": [part.model_copy(update={"prompt": again(part.prompt),
                                                               "model_answer": again(part.model_answer)})
                                       for part in q.parts]}
    if q.mark_scheme is not None:
        m = q.mark_scheme
        texts["mark_scheme"] = m.model_copy(update={
            "points": [again(t) for t in m.points], "indicative": [again(t) for t in m.indicative],
            "levels": [level.model_copy(update={"descriptor": again(level.descriptor)}) for level in m.levels]})
    return texts
