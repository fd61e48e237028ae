"""What a question shows students: gaps, word banks, shuffled columns, and the keys to them.

The order students see is decided here, from a seeded random generator, so the
worksheet and the teacher's answer key always agree.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from .lesson import GAP, LessonQuestion, Option

GAP_LINE = "__________"
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
                  index: int = 0) -> dict[str, Any]:
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
        view["gap_text"] = GAP.sub(lambda m: f"({next(counter)}) {GAP_LINE}", q.text or "")
        view["gap_words"] = words
        view["word_bank"] = sorted({*words, *q.distractors}, key=str.casefold)
    return view
