"""Problems found in curriculum files, each tied to a file and a line."""

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    message: str
    severity: Severity = Severity.error

    def format(self, relative_to: Path | None = None) -> str:
        """``path:line: message``, the form editors and CI logs link to."""
        shown = self.path
        base = relative_to or Path.cwd()
        try:
            shown = Path(os.path.relpath(self.path, base))
            if str(shown).startswith(".."):
                shown = self.path
        except ValueError:  # another drive on Windows
            shown = self.path
        prefix = "" if self.severity is Severity.error else "warning: "
        return f"{shown}:{self.line}: {prefix}{self.message}"


@dataclass
class Problems:
    """Collects problems while a curriculum is read; nothing is raised for bad input."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: Path, line: int, message: str) -> None:
        self.items.append(Problem(path, max(line, 1), message, Severity.error))

    def warning(self, path: Path, line: int, message: str) -> None:
        self.items.append(Problem(path, max(line, 1), message, Severity.warning))

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity is Severity.error)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity is Severity.warning)


class CurriculumError(Exception):
    """The curriculum has errors; raised only where a caller must stop (server start)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"the curriculum has {len(problems)} error(s)")

    def report(self) -> str:
        return "\n".join(p.format() for p in self.problems)
