"""YAML and front matter reading that keeps line numbers for error messages."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lms.curriculum.problems import Problems

YamlPath = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """Parsed YAML plus the line of every node, so checks can say where a value is."""

    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, *path: str | int) -> int:
        """The line of the deepest node of ``path`` that exists."""
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return self.first_line


def _walk(node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int], offset: int) -> None:
    lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _walk(value, (*path, key.value), lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _walk(value, (*path, index), lines, offset)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, path: Path, problems: Problems, *, offset: int = 0) -> YamlDoc | None:
    """Parse ``text``; on a syntax error record ``path:line`` and return None."""
    try:
        # libyaml when PyYAML has it (its wheels do): translated files carry a line per
        # section, and the pure-Python parser made front matter a quarter of the load time.
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        problems.error(path, line, f"this YAML cannot be read: {exc.problem or exc.context}")
        return None
    except yaml.YAMLError as exc:
        problems.error(path, 1 + offset, f"this YAML cannot be read: {exc}")
        return None
    lines: dict[YamlPath, int] = {}
    if node is not None:
        _walk(node, (), lines, offset)
    return YamlDoc(data=data, lines=lines, first_line=1 + offset)


def read_text(path: Path, problems: Problems) -> str | None:
    """Read a UTF-8 text file; an unreadable file is a problem, not a crash."""
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        problems.error(path, 1, f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        problems.error(path, 1, f"the file cannot be read: {exc.strerror}")
    return None


@dataclass
class FrontMatter:
    meta: YamlDoc
    body: str
    #: Number of lines before the body, to turn body line numbers into file line numbers.
    body_offset: int


def split_front_matter(text: str, path: Path, problems: Problems) -> FrontMatter | None:
    """Split ``---`` YAML front matter from a Markdown body; None if it is broken."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatter(YamlDoc(data={}), text, 0)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            meta = parse_yaml("\n".join(lines[1:index]), path, problems, offset=1)
            if meta is None:
                return None
            if meta.data is None:
                meta.data = {}
            if not isinstance(meta.data, dict):
                problems.error(path, 2, "the front matter must be a list of 'key: value' lines")
                return None
            return FrontMatter(meta, "\n".join(lines[index + 1 :]), index + 1)
    problems.error(path, 1, "the front matter starts with --- but is never closed by a --- line")
    return None
