"""Practical tasks: front matter (where, how long) and six required sections."""

import re

from markdown_it.token import Token

from lms.curriculum.items import _list_entries, _strip_prefix, _top_blocks
from lms.curriculum.markdown import RenderContext, render_inline_children
from lms.curriculum.model import ChecklistItem, TaskPlace
from lms.curriculum.yamlio import YamlDoc

TASK_SECTIONS = ("goal", "equipment", "safety", "steps", "checklist", "evidence")
_BOX_RE = re.compile(r"^\[[ xX]?\]\s*")


def read_task_meta(meta: YamlDoc, ctx: RenderContext) -> tuple[list[TaskPlace], int]:
    """``where`` and ``duration_minutes`` from a source task's front matter."""
    data = meta.data or {}
    places: list[TaskPlace] = []
    where = data.get("where")
    known = ", ".join(p.value for p in TaskPlace)
    if not isinstance(where, list) or not where:
        ctx.problems.error(
            ctx.path, meta.line("where"), f"'where:' lists where the task is done: {known}"
        )
    else:
        for index, value in enumerate(where):
            try:
                places.append(TaskPlace(str(value)))
            except ValueError:
                ctx.problems.error(
                    ctx.path, meta.line("where", index), f"unknown place '{value}': use {known}"
                )
    duration = data.get("duration_minutes")
    if not isinstance(duration, int) or isinstance(duration, bool) or duration <= 0:
        ctx.problems.error(
            ctx.path,
            meta.line("duration_minutes"),
            "'duration_minutes:' must be a whole number above 0",
        )
        duration = 0
    for key in data:
        if key not in ("where", "duration_minutes"):
            ctx.problems.error(ctx.path, meta.line(key), f"unknown task setting '{key}'")
    return places, duration


def read_sections(tokens: list[Token], ctx: RenderContext) -> list[ChecklistItem]:
    """Check the required sections and return the checklist criteria in order."""
    found: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            anchor = str(token.attrGet("id"))
            if anchor in TASK_SECTIONS:
                found[anchor] = index
    for section in TASK_SECTIONS:
        if section not in found:
            ctx.problems.error(
                ctx.path,
                ctx.line_of(tokens[0] if tokens else None),
                f"the task has no '{section}' section: add a '## ... {{#{section}}}' heading",
            )
    if "checklist" not in found:
        return []
    start = found["checklist"] + 3
    end = next(
        (
            index
            for index in range(start, len(tokens))
            if tokens[index].type == "heading_open" and tokens[index].tag == "h2"
        ),
        len(tokens),
    )
    lists = [b for b in _top_blocks(tokens[start:end]) if b[0].type == "bullet_list_open"]
    if not lists:
        ctx.problems.error(
            ctx.path,
            ctx.line_of(tokens[found["checklist"]]),
            "the checklist needs a list of criteria",
        )
        return []
    checklist: list[ChecklistItem] = []
    for number, inline in enumerate(_list_entries(lists[0]), start=1):
        _strip_prefix(inline, _BOX_RE)
        checklist.append(ChecklistItem(id=f"c{number}", html=render_inline_children(inline, ctx)))
    return checklist
