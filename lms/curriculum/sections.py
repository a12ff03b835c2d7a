"""Sections: the unit a translation is tracked in.

A curriculum file is cut at its ``##`` headings. Each section has a key that is the same in
every language (the heading's ``{#id}``, or the item id of an assessment item) and a
revision: a hash of its source text with white space folded, so re-wrapping a paragraph does
not make translations stale but changing a word does. The text before the first ``##`` (the
title and introduction) is the section :data:`INTRO`.
"""

import hashlib
import re
from dataclasses import dataclass

from lms.curriculum.markdown import slugify

#: Key of the part before the first ``##`` heading. Not a valid id, so it never clashes.
INTRO = "_intro"

_H2_RE = re.compile(r"^## +(.*?)\s*$")
_EXPLICIT_ID_RE = re.compile(r"\{#([^}\s]*)\}\s*$")
_ITEM_RE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\s+\(")
_FENCE_RE = re.compile(r"^(`{3,}|~{3,})")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Section:
    key: str
    #: The section's Markdown, from its heading line to the line before the next one.
    text: str
    #: Line of the section's first line within the body (1-based).
    line: int

    @property
    def revision(self) -> str:
        return section_revision(self.text)


def section_revision(text: str) -> str:
    """What a translation records per section: 12 hex digits of SHA-256 of the folded text."""
    folded = _SPACE_RE.sub(" ", text.replace("\r\n", "\n")).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:12]


def heading_key(heading: str) -> str:
    """The key of a ``##`` heading's text: its ``{#id}``, an item id, or the anchor it gets."""
    explicit = _EXPLICIT_ID_RE.search(heading)
    if explicit:
        return explicit.group(1)
    item = _ITEM_RE.match(heading)
    if item:
        return item.group(1)
    return slugify(heading)


def split_sections(body: str) -> list[Section]:
    """Cut a Markdown body (front matter removed) at ``##`` headings outside code fences."""
    lines = body.replace("\r\n", "\n").split("\n")
    sections: list[Section] = []
    key, start, fence = INTRO, 0, ""
    for index, line in enumerate(lines):
        opened = _FENCE_RE.match(line)
        if opened and (not fence or line.startswith(fence)):
            fence = "" if fence else opened.group(1)
            continue
        heading = None if fence else _H2_RE.match(line)
        if heading is None:
            continue
        sections.append(Section(key, "\n".join(lines[start:index]).strip("\n"), start + 1))
        key, start = heading_key(heading.group(1)), index
    sections.append(Section(key, "\n".join(lines[start:]).strip("\n"), start + 1))
    if not sections[0].text.strip():
        sections.pop(0)
    return sections


def join_sections(texts: list[str]) -> str:
    """A Markdown body from section texts, one blank line apart."""
    return "\n\n".join(text.strip("\n") for text in texts if text.strip()) + "\n"


def translation_front_matter(records: dict[str, str]) -> str:
    """The front matter of a translated file: per section, the source revision it follows."""
    lines = [f'  {key}: "{revision}"' for key, revision in records.items()]
    return "---\ntranslated_from:\n" + "\n".join(lines) + "\n---\n"
