"""Assessment items written in Markdown: ``## id (type)`` followed by the item's parts.

The parts are recognised from ordinary Markdown (a ``[x]``/``[ ]`` list, a numbered list,
a table, ``Keyword:`` paragraphs), so authors write no special syntax beyond that, and
every problem can be reported with its line.
"""

import re
from dataclasses import dataclass

from markdown_it.token import Token

from lms.curriculum.markdown import ID_RE, RenderContext, render, render_inline_children
from lms.curriculum.model import InspectionPart, Item, ItemType, Option, Verdict

_HEADER_RE = re.compile(r"^\s*(\S+)\s*\(\s*([^)]*?)\s*\)\s*$")
_CHECK_RE = re.compile(r"^\[([ xX])\]\s+")
_NUMBER_RE = re.compile(
    r"^\s*(-?\d+(?:\.\d+)?)\s*(?:(?:±|\+-|\+/-)\s*(\d+(?:\.\d+)?))?\s*(.*?)\s*$"
)
_PASS_RE = re.compile(r"^\s*escapes\s+(\d+)\s*,\s*false rejects\s+(\d+)\s*$", re.IGNORECASE)
KEYWORDS = ("Answer", "Feedback", "Pass", "Defects", "Points")
_KEYWORD_RE = re.compile(r"^(" + "|".join(KEYWORDS) + r")\s*:\s*", re.IGNORECASE)


@dataclass
class ParsedItems:
    items: list[Item]
    #: (term id, line) of defects named in inspection items, checked against the glossary.
    defect_refs: list[tuple[str, int]]


def _top_blocks(tokens: list[Token]) -> list[list[Token]]:
    """Split a token stream into its top-level blocks (a paragraph, a list, a table ...)."""
    blocks: list[list[Token]] = []
    current: list[Token] = []
    depth = 0
    for token in tokens:
        current.append(token)
        depth += token.nesting
        if depth == 0:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _strip_prefix(inline: Token, pattern: re.Pattern[str]) -> None:
    """Remove a recognised prefix (``[x] ``, ``Feedback:``) from an inline token's text."""
    inline.content = pattern.sub("", inline.content, count=1)
    for child in inline.children or []:
        if child.type == "text":
            child.content = pattern.sub("", child.content, count=1)
            break


def _list_entries(block: list[Token]) -> list[Token]:
    """The first inline token of each item of a list block."""
    entries: list[Token] = []
    depth_item = 0
    take = False
    for token in block:
        if token.type == "list_item_open":
            depth_item += 1
            take = depth_item == 1
        elif token.type == "list_item_close":
            depth_item -= 1
        elif token.type == "inline" and take:
            entries.append(token)
            take = False
    return entries


def _table_rows(block: list[Token]) -> tuple[list[Token], list[list[Token]]]:
    header: list[Token] = []
    rows: list[list[Token]] = []
    in_body = False
    row: list[Token] = []
    for index, token in enumerate(block):
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            row.append(block[index + 1])
        elif token.type == "tr_close":
            if in_body:
                rows.append(row)
            else:
                header = row
    return header, rows


class _ItemReader:
    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self.defect_refs: list[tuple[str, int]] = []

    def error(self, line: int, message: str) -> None:
        self.ctx.problems.error(self.ctx.path, line, message)

    def read(self, heading: Token, inline: Token, body: list[Token]) -> Item | None:
        line = self.ctx.line_of(heading)
        match = _HEADER_RE.match(inline.content)
        if not match:
            self.error(
                line, "an item heading is '## item-id (type)', e.g. '## cycle-time (numeric)'"
            )
            return None
        item_id, type_name = match.groups()
        if not ID_RE.match(item_id):
            self.error(line, f"item id '{item_id}' may only use a-z, 0-9 and hyphens")
        try:
            item_type = ItemType(type_name)
        except ValueError:
            known = ", ".join(t.value for t in ItemType)
            self.error(line, f"unknown item type '{type_name}': use one of {known}")
            return None
        item = Item(id=item_id, type=item_type, line=line)
        prompt: list[Token] = []
        lists: list[tuple[str, list[Token], int]] = []
        tables: list[tuple[list[Token], int]] = []
        keywords: dict[str, tuple[str, list[Token], int]] = {}
        for block in _top_blocks(body):
            first = block[0]
            block_line = self.ctx.line_of(first)
            if first.type == "paragraph_open" and len(block) == 3:
                keyword = _KEYWORD_RE.match(block[1].content)
                if keyword:
                    name = keyword.group(1).capitalize()
                    if name in keywords:
                        self.error(block_line, f"'{name}:' is written twice in this item")
                    _strip_prefix(block[1], _KEYWORD_RE)
                    keywords[name] = (block[1].content.strip(), block, block_line)
                    continue
            if first.type in ("bullet_list_open", "ordered_list_open"):
                lists.append((first.type, block, block_line))
            elif first.type == "table_open":
                tables.append((block, block_line))
            else:
                prompt.append(block)
                continue
        item.prompt_html = render([t for b in prompt for t in b], self.ctx)
        if not prompt:
            self.error(line, f"item '{item_id}' has no question text")
        self._keywords(item, keywords)
        reader = {
            ItemType.single: self._choice,
            ItemType.multiple: self._choice,
            ItemType.true_false: self._true_false,
            ItemType.numeric: self._numeric,
            ItemType.ordering: self._ordering,
            ItemType.matching: self._matching,
            ItemType.inspection: self._inspection,
        }[item_type]
        reader(item, lists, tables, keywords)
        return item

    def _keywords(self, item: Item, keywords: dict[str, tuple[str, list[Token], int]]) -> None:
        if "Feedback" in keywords:
            _text, block, _line = keywords["Feedback"]
            item.feedback_html = render(block, self.ctx)
        else:
            self.error(item.line, f"item '{item.id}' needs a 'Feedback:' paragraph")
        if "Points" in keywords:
            text, _block, line = keywords["Points"]
            if text.isdigit() and int(text) > 0:
                item.points = int(text)
            else:
                self.error(line, f"'Points:' must be a whole number above 0, not '{text}'")
        allowed = {"Feedback", "Points"} | {
            ItemType.true_false: {"Answer"},
            ItemType.numeric: {"Answer"},
            ItemType.inspection: {"Pass", "Defects"},
        }.get(item.type, set())
        for name, (_text, _block, line) in keywords.items():
            if name not in allowed:
                self.error(line, f"'{name}:' does not belong in a {item.type.value} item")

    def _choice(self, item: Item, lists: list, tables: list, _keywords: dict) -> None:
        bullet = [entry for entry in lists if entry[0] == "bullet_list_open"]
        if len(bullet) != 1:
            self.error(
                item.line, f"a {item.type.value} item needs one list of '- [x]'/'- [ ]' options"
            )
            return
        _kind, block, line = bullet[0]
        for inline in _list_entries(block):
            check = _CHECK_RE.match(inline.content)
            if not check:
                self.error(
                    self.ctx.line_of(inline), "each option starts with [x] (right) or [ ] (wrong)"
                )
                continue
            _strip_prefix(inline, _CHECK_RE)
            item.options.append(
                Option(html=render_inline_children(inline, self.ctx), correct=check.group(1) != " ")
            )
        correct = sum(option.correct for option in item.options)
        if len(item.options) < 2:
            self.error(line, f"item '{item.id}' needs at least two options")
        if correct == 0:
            self.error(line, f"item '{item.id}' has no correct answer: mark one option with [x]")
        elif item.type is ItemType.single and correct > 1:
            self.error(
                line,
                f"single-choice item '{item.id}' has {correct} correct answers: "
                "mark exactly one, or make it (multiple)",
            )

    def _answer(self, item: Item, keywords: dict) -> tuple[str, int] | None:
        if "Answer" not in keywords:
            self.error(item.line, f"item '{item.id}' has no correct answer: add an 'Answer:' line")
            return None
        text, _block, line = keywords["Answer"]
        return text, line

    def _true_false(self, item: Item, _lists: list, _tables: list, keywords: dict) -> None:
        answer = self._answer(item, keywords)
        if answer is None:
            return
        text, line = answer
        if text.lower() not in ("true", "false"):
            self.error(line, f"a true-false answer is 'true' or 'false', not '{text}'")
            return
        item.answer_bool = text.lower() == "true"

    def _numeric(self, item: Item, _lists: list, _tables: list, keywords: dict) -> None:
        answer = self._answer(item, keywords)
        if answer is None:
            return
        text, line = answer
        match = _NUMBER_RE.match(text)
        if not match:
            self.error(
                line,
                f"a numeric answer is 'number ± tolerance unit', e.g. '25 ± 0.5 s', not '{text}'",
            )
            return
        item.answer_number = float(match.group(1))
        item.tolerance = float(match.group(2) or 0)
        item.unit = match.group(3)

    def _ordering(self, item: Item, lists: list, _tables: list, _keywords: dict) -> None:
        ordered = [entry for entry in lists if entry[0] == "ordered_list_open"]
        if len(ordered) != 1:
            self.error(item.line, "an ordering item needs one numbered list, in the right order")
            return
        _kind, block, line = ordered[0]
        item.steps = [render_inline_children(inline, self.ctx) for inline in _list_entries(block)]
        if len(item.steps) < 2:
            self.error(line, f"item '{item.id}' needs at least two steps to put in order")

    def _matching(self, item: Item, _lists: list, tables: list, _keywords: dict) -> None:
        if len(tables) != 1:
            self.error(item.line, "a matching item needs one table with two columns")
            return
        block, line = tables[0]
        header, rows = _table_rows(block)
        if len(header) != 2:
            self.error(line, "a matching table has exactly two columns")
            return
        item.column_titles = [render_inline_children(cell, self.ctx) for cell in header]
        lefts: set[str] = set()
        rights: set[str] = set()
        for row in rows:
            left, right = (cell.content.strip() for cell in row)
            row_line = self.ctx.line_of(row[0])
            if not left or not right:
                self.error(row_line, "every row of a matching table needs both cells filled")
            if left in lefts or right in rights:
                self.error(
                    row_line, f"'{left if left in lefts else right}' appears twice in this table"
                )
            lefts.add(left)
            rights.add(right)
            item.pairs.append(
                (render_inline_children(row[0], self.ctx), render_inline_children(row[1], self.ctx))
            )
        if len(item.pairs) < 2:
            self.error(line, f"item '{item.id}' needs at least two pairs to match")

    def _inspection(self, item: Item, _lists: list, tables: list, keywords: dict) -> None:
        if len(tables) != 1:
            self.error(item.line, "an inspection item needs one table: Part | Verdict | Defect")
            return
        block, line = tables[0]
        header, rows = _table_rows(block)
        if len(header) != 3:
            self.error(line, "an inspection table has three columns: Part | Verdict | Defect")
            return
        item.column_titles = [render_inline_children(cell, self.ctx) for cell in header]
        for row in rows:
            self._inspection_row(item, row)
        if len(item.parts) < 2:
            self.error(line, f"item '{item.id}' needs at least two parts to inspect")
        if "Defects" in keywords:
            text, _block, defects_line = keywords["Defects"]
            item.defects_offered = [d.strip() for d in text.split(",") if d.strip()]
            for defect in item.defects_offered:
                self.defect_refs.append((defect, defects_line))
            missing = {p.defect for p in item.parts if p.defect} - set(item.defects_offered)
            if missing:
                self.error(
                    defects_line,
                    "'Defects:' must offer every defect in the table; add "
                    + ", ".join(sorted(missing)),
                )
        else:
            self.error(
                item.line, f"item '{item.id}' needs a 'Defects:' line listing the defects offered"
            )
        if "Pass" in keywords:
            text, _block, pass_line = keywords["Pass"]
            match = _PASS_RE.match(text)
            if match:
                item.max_escapes, item.max_false_rejects = (int(g) for g in match.groups())
            else:
                self.error(
                    pass_line,
                    f"write the pass rule as 'Pass: escapes 0, false rejects 1', not '{text}'",
                )
        else:
            self.error(item.line, f"item '{item.id}' needs a 'Pass:' line")

    def _inspection_row(self, item: Item, row: list[Token]) -> None:
        row_line = self.ctx.line_of(row[0])
        images = [c for c in row[0].children or [] if c.type == "image"]
        if len(images) != 1:
            self.error(
                row_line, "the Part cell holds exactly one picture: ![Part 1](../media/part.svg)"
            )
            return
        image = images[0]
        verdict_text = row[1].content.strip().upper()
        defect = row[2].content.strip() or None
        if verdict_text not in ("OK", "NOK"):
            self.error(row_line, f"the verdict is OK or NOK, not '{row[1].content.strip()}'")
            return
        verdict = Verdict(verdict_text)
        if verdict is Verdict.nok and not defect:
            self.error(
                row_line, "a NOK part needs its defect (a glossary term id) in the Defect cell"
            )
        if verdict is Verdict.ok and defect:
            self.error(row_line, "an OK part has no defect: leave the Defect cell empty")
        if defect:
            self.defect_refs.append((defect, row_line))
        src = str(image.attrGet("src") or "")
        item.parts.append(
            InspectionPart(
                image_url=src,
                image_file=src.rsplit("/", 1)[-1],
                alt="".join(c.content for c in image.children or []),
                verdict=verdict,
                defect=defect,
            )
        )


def read_items(tokens: list[Token], ctx: RenderContext) -> ParsedItems:
    """Read every item of an ``items.md`` token stream."""
    reader = _ItemReader(ctx)
    items: list[Item] = []
    seen: dict[str, int] = {}
    starts = [
        index
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0
    ]
    before = tokens[: starts[0]] if starts else []
    stray = [t for t in before if t.nesting >= 0 and t.type not in ("heading_open", "inline")]
    if stray:
        ctx.problems.error(
            ctx.path,
            ctx.line_of(stray[0]),
            "text before the first item: start each item with '## id (type)'",
        )
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(tokens)
        item = reader.read(tokens[start], tokens[start + 1], tokens[start + 3 : end])
        if item is None:
            continue
        if item.id in seen:
            ctx.problems.error(
                ctx.path,
                item.line,
                f"item id '{item.id}' is used twice (first on line {seen[item.id]})",
            )
            continue
        seen[item.id] = item.line
        items.append(item)
    if not starts:
        ctx.problems.error(ctx.path, 1, "no items found: start each item with '## id (type)'")
    return ParsedItems(items=items, defect_refs=reader.defect_refs)
