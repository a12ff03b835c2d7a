"""Turning submitted form fields into responses. Fields name what the learner saw (display
positions); responses store source indices, checked against the attempt's layout so that a
forged field cannot point at something the learner was not shown."""

from collections.abc import Mapping, Sequence
from typing import Any

from lms.assessment.layout import ItemLayout
from lms.curriculum.model import ItemType, Verdict

Fields = Mapping[str, Sequence[str]]


def field_name(item_id: str, part: str = "") -> str:
    return f"a.{item_id}.{part}" if part else f"a.{item_id}"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def read_response(layout: ItemLayout, fields: Fields) -> dict[str, Any] | None:
    """The response for one item, or None when the form did not carry this item."""
    item, order = layout.item, layout.order
    name = field_name(item.id)
    values = fields.get(name, [])
    if item.type is ItemType.single:
        position = _int(values[0]) if values else None
        if position is None or not 0 <= position < len(order):
            return None if name not in fields else {}
        return {"choice": order[position]}
    if item.type is ItemType.multiple:
        if f"{name}.present" not in fields:
            return None
        positions = {_int(v) for v in values}
        return {
            "choices": sorted(order[p] for p in positions if p is not None and 0 <= p < len(order))
        }
    if item.type is ItemType.true_false:
        if not values:
            return None
        return {"value": values[0] == "true"} if values[0] in ("true", "false") else {}
    if item.type is ItemType.numeric:
        return {"text": values[0][:40]} if values else None
    if item.type is ItemType.ordering:
        positions = {}
        for display, original in enumerate(order):
            place = _int((fields.get(field_name(item.id, str(display))) or [None])[0])
            if place is not None and 1 <= place <= len(order):
                positions[original] = place - 1
        if not positions:
            return None
        # A complete answer puts every step in a distinct place.
        if len(positions) == len(order) and len(set(positions.values())) == len(order):
            return {
                "order": [step for step, _ in sorted(positions.items(), key=lambda kv: kv[1])],
                "places": {str(k): v for k, v in positions.items()},
            }
        return {"places": {str(k): v for k, v in positions.items()}}
    if item.type is ItemType.matching:
        pairs = {}
        for left in range(len(item.pairs)):
            position = _int((fields.get(field_name(item.id, str(left))) or [None])[0])
            if position is not None and 0 <= position < len(order):
                pairs[str(left)] = order[position]
        return {"pairs": pairs} if pairs else None
    if item.type is ItemType.inspection:
        parts = {}
        offered = set(item.defects_offered)
        for display, original in enumerate(order):
            verdict = (fields.get(field_name(item.id, f"{display}.verdict")) or [None])[0]
            defect = (fields.get(field_name(item.id, f"{display}.defect")) or [None])[0]
            if verdict in (Verdict.ok.value, Verdict.nok.value):
                parts[str(original)] = {
                    "verdict": verdict,
                    "defect": defect
                    if verdict == Verdict.nok.value and defect in offered
                    else None,
                }
        return {"parts": parts} if parts else None
    return None
