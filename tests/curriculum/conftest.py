"""A small valid curriculum written into a temporary folder, to be broken one way per test."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from lms.curriculum.loader import load_curriculum
from lms.curriculum.problems import Problems

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<circle cx="5" cy="5" r="4"/></svg>\n'
)

FILES = {
    "languages.yaml": "source: en\nlanguages:\n  en: English\n  lt: Lietuvių\n",
    "competencies.yaml": "reading:\n  en: Read parts\n  lt: Skaityti\n",
    "programmes/basic.yaml": (
        "id: basic\ntitle:\n  en: Basic\n  lt: Pagrindai\neqf_level: 4\nvalidity_months: 24\n"
        "modules:\n  - module: alpha\n    pass_mark: 80\n    required_tasks: [sort-parts]\n"
    ),
    "modules/alpha/module.yaml": (
        'version: "1.0"\ntitle:\n  en: Alpha\n  lt: Alfa\nduration_hours: 4\neqf_level: 4\n'
        "prerequisites: []\ncompetencies: [reading]\noutcomes:\n  - id: sort\n    en: Sort parts\n"
        "    lt: Rūšiuoti detales\n"
    ),
    "modules/alpha/media/part.svg": SVG,
    "modules/alpha/en/handbook.md": (
        "# Alpha handbook\n"
        "\n"
        "## Parts {#parts}\n"
        "\n"
        "A [flash](glossary:flash) defect. See [below](#more).\n"
        "\n"
        "![A round part](../media/part.svg)\n"
        "\n"
        "::: term flash Flash\n"
        "A thin fin of plastic.\n"
        ":::\n"
        "\n"
        "::: teacher\n"
        "Secret teacher note.\n"
        ":::\n"
        "\n"
        "## More {#more}\n"
        "\n"
        "::: safety Hot\n"
        "Hot parts.\n"
        ":::\n"
    ),
    "modules/alpha/en/teacher.md": "# Alpha teacher\n\n## Plan {#plan}\n\nTeach it.\n",
    "modules/alpha/en/items.md": (
        "## pick (single)\n"
        "\n"
        "Which is flash?\n"
        "\n"
        "- [ ] A dent\n"
        "- [x] A fin\n"
        "\n"
        "Feedback: A fin.\n"
        "\n"
        "## cycle (numeric)\n"
        "\n"
        "Cycle time?\n"
        "\n"
        "Answer: 25 ± 0.5 s\n"
        "\n"
        "Feedback: 3600 / 144.\n"
        "\n"
        "## parts (inspection)\n"
        "\n"
        "Classify.\n"
        "\n"
        "| Part | Verdict | Defect |\n"
        "|---|---|---|\n"
        "| ![Part 1](../media/part.svg) | OK | |\n"
        "| ![Part 2](../media/part.svg) | NOK | flash |\n"
        "\n"
        "Defects: flash\n"
        "\n"
        "Pass: escapes 0, false rejects 1\n"
        "\n"
        "Feedback: Part 2 has flash.\n"
    ),
    "modules/alpha/en/tasks/sort-parts.md": (
        "---\nwhere: [workshop, line]\nduration_minutes: 30\n---\n"
        "# Sort parts\n\n## Goal {#goal}\nSort.\n\n## Equipment {#equipment}\nLamp.\n\n"
        "## Safety {#safety}\nGloves.\n\n## Steps {#steps}\n1. Look.\n\n"
        "## Checklist {#checklist}\n- [ ] Uses the lamp.\n- [ ] Names defects.\n\n"
        "## Evidence {#evidence}\nTally sheet.\n"
    ),
}


def write_curriculum(root: Path) -> Path:
    for relative, text in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def edit(root: Path, relative: str, old: str, new: str) -> None:
    """Replace the first ``old`` in a curriculum file; fails if it is not there."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_translation(root: Path, relative: str, body: str, revision: str | None = None) -> Path:
    """Write ``lt/<relative>`` for module alpha, each section stamped with the revision of its
    source section (or with ``revision``, to make it stale)."""
    from lms.curriculum.problems import Problems
    from lms.curriculum.sections import split_sections, translation_front_matter
    from lms.curriculum.yamlio import split_front_matter

    source = root / "modules/alpha/en" / relative
    front = split_front_matter(source.read_text(encoding="utf-8"), source, Problems())
    assert front is not None
    originals = {s.key: s.revision for s in split_sections(front.body)}
    records = {s.key: revision or originals.get(s.key, "0" * 12) for s in split_sections(body)}
    path = root / "modules/alpha/lt" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(translation_front_matter(records) + body, encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_curriculum(tmp_path / "curriculum")


@pytest.fixture
def messages() -> Callable[[Path], list[str]]:
    """Every problem as 'relative/path:line: message'."""

    def run(root: Path) -> list[str]:
        _curriculum, problems = load_curriculum(root)
        return [p.format(relative_to=root) for p in problems.errors + problems.warnings]

    return run


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped curriculum that a test may change."""
    from tests.conftest import CURRICULUM

    target = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, target)
    return target


def load_ok(root: Path) -> tuple[object, Problems]:
    curriculum, problems = load_curriculum(root)
    assert curriculum is not None
    assert not problems.errors, [p.format() for p in problems.errors]
    return curriculum, problems
