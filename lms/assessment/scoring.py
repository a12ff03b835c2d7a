"""Scoring of every item type. Pure functions: an item, a response, a result.

Responses name parts by their index in the source file, never by display position, so
scoring does not depend on how an attempt shuffled them.

Rules, also shown to authors in curriculum/README.md:
* single, true-false, numeric: all or nothing.
* multiple: (right ticks - wrong ticks) / number of right options, never below 0.
* ordering: the share of steps in their right place.
* matching: the share of right pairs.
* inspection: all points when escapes and false rejects are within the item's pass rule
  and every rejected defective part is named correctly; otherwise none. The result
  reports escapes, false rejects and misnamed defects.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from lms.curriculum.model import Item, ItemType, Verdict

_NUMBER_RE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class ItemResult:
    points: float
    max_points: float
    correct: bool
    details: dict[str, Any] = field(default_factory=dict)


def parse_number(text: str) -> float | None:
    """A number as people type it: '25', '25.5', '25,5', ' 25 ' (no thousands separators)."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not _NUMBER_RE.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def _share(item: Item, fraction: float) -> ItemResult:
    fraction = max(0.0, min(1.0, fraction))
    return ItemResult(round(item.points * fraction, 4), item.points, fraction == 1.0)


def score(item: Item, response: dict[str, Any] | None) -> ItemResult:
    response = response or {}
    scorer = {
        ItemType.single: _single,
        ItemType.multiple: _multiple,
        ItemType.true_false: _true_false,
        ItemType.numeric: _numeric,
        ItemType.ordering: _ordering,
        ItemType.matching: _matching,
        ItemType.inspection: _inspection,
    }[item.type]
    return scorer(item, response)


def _single(item: Item, response: dict[str, Any]) -> ItemResult:
    choice = response.get("choice")
    ok = (
        isinstance(choice, int) and 0 <= choice < len(item.options) and item.options[choice].correct
    )
    return _share(item, 1.0 if ok else 0.0)


def _multiple(item: Item, response: dict[str, Any]) -> ItemResult:
    chosen = {
        c for c in response.get("choices", []) if isinstance(c, int) and 0 <= c < len(item.options)
    }
    right = {i for i, option in enumerate(item.options) if option.correct}
    hits, wrong = len(chosen & right), len(chosen - right)
    return _share(item, (hits - wrong) / len(right) if right else 0.0)


def _true_false(item: Item, response: dict[str, Any]) -> ItemResult:
    return _share(item, 1.0 if response.get("value") is item.answer_bool else 0.0)


def _numeric(item: Item, response: dict[str, Any]) -> ItemResult:
    value = parse_number(str(response.get("text", "")))
    if value is None or item.answer_number is None:
        return _share(item, 0.0)
    # A tiny allowance so that 0.1 + 0.2 style float noise never fails a right answer.
    ok = abs(value - item.answer_number) <= item.tolerance + 1e-9
    return _share(item, 1.0 if ok else 0.0)


def _ordering(item: Item, response: dict[str, Any]) -> ItemResult:
    order = response.get("order", [])
    n = len(item.steps)
    if not isinstance(order, list) or sorted(order) != list(range(n)):
        return _share(item, 0.0)
    return _share(item, sum(1 for position, step in enumerate(order) if position == step) / n)


def _matching(item: Item, response: dict[str, Any]) -> ItemResult:
    pairs = response.get("pairs", {})
    n = len(item.pairs)
    right = sum(1 for left in range(n) if pairs.get(str(left)) == left)
    return _share(item, right / n if n else 0.0)


def _inspection(item: Item, response: dict[str, Any]) -> ItemResult:
    answers = response.get("parts", {})
    escapes = false_rejects = misnamed = unanswered = 0
    for index, part in enumerate(item.parts):
        answer = answers.get(str(index)) or {}
        verdict = answer.get("verdict")
        if verdict not in (Verdict.ok.value, Verdict.nok.value):
            unanswered += 1
            if part.verdict is Verdict.nok:
                escapes += 1
            continue
        if part.verdict is Verdict.nok and verdict == Verdict.ok.value:
            escapes += 1
        elif part.verdict is Verdict.ok and verdict == Verdict.nok.value:
            false_rejects += 1
        elif part.verdict is Verdict.nok and answer.get("defect") != part.defect:
            misnamed += 1
    passed = (
        escapes <= item.max_escapes and false_rejects <= item.max_false_rejects and misnamed == 0
    )
    details = {
        "escapes": escapes,
        "false_rejects": false_rejects,
        "misnamed": misnamed,
        "unanswered": unanswered,
    }
    return ItemResult(item.points if passed else 0.0, item.points, passed, details)
