"""The curriculum as the platform holds it after loading: plain, immutable-by-convention data.

Rendered HTML is stored here, built once when the curriculum is loaded, so that serving a
page is a dictionary look-up.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class DocKind(StrEnum):
    handbook = "handbook"
    teacher = "teacher"
    items = "items"
    task = "task"


class TaskPlace(StrEnum):
    workshop = "workshop"
    line = "line"


class SectionState(StrEnum):
    """How a translated section stands against its source section."""

    current = "current"
    #: The source section changed after this one was translated: the source is shown.
    stale = "stale"
    #: Not translated at all: the source is shown.
    missing = "missing"


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Term:
    id: str
    text: str
    html: str
    module_id: str
    language: str
    path: Path
    line: int
    #: Key of the handbook section that defines it (see lms.curriculum.sections).
    section: str = ""
    #: A translated term whose section is stale: readers get the source's term instead.
    stale: bool = False


@dataclass
class Document:
    """One Markdown file in one language, rendered for learners and for teachers."""

    kind: DocKind
    module_id: str
    language: str
    path: Path
    title: str
    html: str
    teacher_html: str
    toc: list[Heading]
    #: Content hash of this file (module versions are built from these).
    revision: str
    #: Section key -> revision of its text, in file order (see lms.curriculum.sections).
    sections: dict[str, str] = field(default_factory=dict)
    #: For a translation: every source section's key -> how this translation stands.
    #: Sections that are not current are shown from the source, each with a notice.
    section_states: dict[str, SectionState] = field(default_factory=dict)

    @property
    def stale(self) -> bool:
        """Some section of this translation is missing or out of date."""
        return any(state is not SectionState.current for state in self.section_states.values())


@dataclass
class ChecklistItem:
    id: str
    html: str


@dataclass
class Task:
    id: str
    module_id: str
    language: str
    doc: Document
    places: list[TaskPlace]
    duration_minutes: int
    checklist: list[ChecklistItem]


class ItemType(StrEnum):
    single = "single"
    multiple = "multiple"
    true_false = "true-false"
    numeric = "numeric"
    ordering = "ordering"
    matching = "matching"
    inspection = "inspection"


class Verdict(StrEnum):
    ok = "OK"
    nok = "NOK"


@dataclass
class Option:
    html: str
    correct: bool


@dataclass
class InspectionPart:
    image_url: str
    image_file: str
    alt: str
    verdict: Verdict
    defect: str | None


@dataclass
class Item:
    """An assessment item with its answer key. The key never goes to a learner's browser
    before the attempt is submitted; only the assessment engine reads it."""

    id: str
    type: ItemType
    line: int
    prompt_html: str = ""
    feedback_html: str = ""
    points: int = 1
    options: list[Option] = field(default_factory=list)
    answer_bool: bool | None = None
    answer_number: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    steps: list[str] = field(default_factory=list)
    column_titles: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    parts: list[InspectionPart] = field(default_factory=list)
    defects_offered: list[str] = field(default_factory=list)
    max_escapes: int = 0
    max_false_rejects: int = 0
    #: Set on a source item shown in place of a missing or stale translation of it.
    fallback: SectionState | None = None

    def answer_key(self) -> tuple[object, ...]:
        """What must be equal between a source item and its translation."""
        return (
            self.type,
            self.points,
            tuple(option.correct for option in self.options),
            self.answer_bool,
            self.answer_number,
            self.tolerance,
            len(self.steps),
            len(self.pairs),
            tuple((p.image_file, p.verdict, p.defect) for p in self.parts),
            tuple(self.defects_offered),
            self.max_escapes,
            self.max_false_rejects,
        )


@dataclass
class ItemSet:
    module_id: str
    language: str
    doc: Document
    items: list[Item]


@dataclass
class Outcome:
    id: str
    text: dict[str, str]


@dataclass
class ModuleLanguage:
    """What exists of a module in one language."""

    handbook: Document | None = None
    teacher: Document | None = None
    items: ItemSet | None = None
    tasks: dict[str, Task] = field(default_factory=dict)


@dataclass
class Module:
    id: str
    path: Path
    version: str
    title: dict[str, str]
    duration_hours: float
    eqf_level: int
    prerequisites: list[str]
    competencies: list[str]
    esco: list[str]
    outcomes: list[Outcome]
    languages: dict[str, ModuleLanguage] = field(default_factory=dict)
    #: How often a learner may take the module's assessment, and its time limit (None: none).
    max_attempts: int = 3
    time_limit_minutes: int | None = None
    #: When learners see the right answers: "after-submission" (each attempt) or
    #: "after-last-attempt" (feedback at once, the key only when no attempt is left or passed).
    show_answers: str = "after-submission"

    def task_ids(self, source_language: str) -> list[str]:
        source = self.languages.get(source_language)
        return list(source.tasks) if source else []


@dataclass
class ProgrammeModule:
    module_id: str
    pass_mark: int
    required_tasks: list[str]


@dataclass
class Programme:
    id: str
    path: Path
    title: dict[str, str]
    summary: dict[str, str]
    eqf_level: int
    validity_months: int
    modules: list[ProgrammeModule]
    #: "confirm": a supervisor confirms each award; "automatic": awarded once the rules are met.
    award: str = "confirm"


@dataclass
class Curriculum:
    root: Path
    source_language: str
    languages: dict[str, str]
    competencies: dict[str, dict[str, str]]
    programmes: dict[str, Programme]
    modules: dict[str, Module]
    #: language -> term id -> term, every term defined in that language.
    glossary: dict[str, dict[str, Term]]
    #: Rendered page fragments that are the same for every reader (see lms.web.pages).
    #: They live and die with this build, so a rebuilt curriculum never shows old HTML.
    fragments: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)

    def task_title(self, module_id: str, task_id: str, language: str) -> str:
        """A practical task's title in ``language``, else the source language's, else its id."""
        module = self.modules.get(module_id)
        for code in (language, self.source_language):
            part = module.languages.get(code) if module else None
            if part is not None and task_id in part.tasks:
                return part.tasks[task_id].doc.title
        return task_id

    def term(self, term_id: str, language: str) -> Term | None:
        """A glossary term in ``language`` when translated and current, else the source's."""
        own = self.glossary.get(language, {}).get(term_id)
        if own is not None and not own.stale:
            return own
        return self.glossary.get(self.source_language, {}).get(term_id)

    def text(self, texts: dict[str, str], language: str) -> tuple[str, str]:
        """A text in ``language`` or else the source language, with the language shown."""
        if language in texts:
            return texts[language], language
        return texts.get(self.source_language, ""), self.source_language
