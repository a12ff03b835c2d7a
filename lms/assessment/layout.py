"""The order in which an attempt shows items and their parts.

The order is computed from the attempt's seed and a canonical order that does not depend
on the answer key (ordering steps and matching answers are sorted by a hash of their text
first). So the page a learner sees is the same whatever the key is: the key cannot leak
through the order.
"""

import hashlib
import random
from dataclasses import dataclass

from lms.curriculum.model import Item, ItemType


def _canonical(texts: list[str]) -> list[int]:
    return sorted(range(len(texts)), key=lambda i: hashlib.sha256(texts[i].encode()).hexdigest())


def _rng(seed: int, salt: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}:{salt}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 - not for secrets


@dataclass(frozen=True)
class ItemLayout:
    item: Item
    #: Original indices of the options / steps / right-hand answers / parts, in display order.
    order: tuple[int, ...]


def item_order(items: list[Item], seed: int) -> list[Item]:
    by_id = sorted(items, key=lambda item: item.id)
    _rng(seed, "items").shuffle(by_id)
    return by_id


def layout_of(item: Item, seed: int) -> ItemLayout:
    rng = _rng(seed, item.id)
    if item.type in (ItemType.single, ItemType.multiple):
        order = list(range(len(item.options)))
    elif item.type is ItemType.ordering:
        order = _canonical(item.steps)
    elif item.type is ItemType.matching:
        order = _canonical([right for _left, right in item.pairs])
    elif item.type is ItemType.inspection:
        order = list(range(len(item.parts)))
    else:
        return ItemLayout(item, ())
    rng.shuffle(order)
    return ItemLayout(item, tuple(order))


def attempt_layout(items: list[Item], seed: int) -> list[ItemLayout]:
    return [layout_of(item, seed) for item in item_order(items, seed)]
