"""Which document a reader gets for a language: the translation, or the source with a reason.

Never silent: every fallback and every stale translation comes back with a notice that
the page shows.
"""

from dataclasses import dataclass
from enum import StrEnum

from lms.curriculum.model import Curriculum, DocKind, Document, Module, ModuleLanguage, Task


class Notice(StrEnum):
    #: No translation: the source language is shown instead.
    missing = "missing"
    #: The translation was made from an older version of the source.
    stale = "stale"


@dataclass(frozen=True)
class Resolved:
    doc: Document
    language: str
    notice: Notice | None
    task: Task | None = None


def _pick(
    part: ModuleLanguage | None, kind: DocKind, task_id: str | None
) -> tuple[Document | None, Task | None]:
    if part is None:
        return None, None
    if kind is DocKind.task:
        task = part.tasks.get(task_id or "")
        return (task.doc if task else None), task
    if kind is DocKind.items:
        return (part.items.doc if part.items else None), None
    return getattr(part, kind.value), None


def resolve(
    curriculum: Curriculum, module: Module, language: str, kind: DocKind, task_id: str | None = None
) -> Resolved | None:
    """The document to show for ``language``; None when it does not exist at all."""
    doc, task = _pick(module.languages.get(language), kind, task_id)
    if doc is not None:
        return Resolved(doc, language, Notice.stale if doc.stale else None, task)
    source = curriculum.source_language
    doc, task = _pick(module.languages.get(source), kind, task_id)
    if doc is None:
        return None
    return Resolved(doc, source, Notice.missing if language != source else None, task)


def task_list(curriculum: Curriculum, module: Module, language: str) -> list[Resolved]:
    """Every practical task of the module, each in ``language`` where translated."""
    source = module.languages.get(curriculum.source_language)
    if source is None:
        return []
    found = (
        resolve(curriculum, module, language, DocKind.task, task_id) for task_id in source.tasks
    )
    return [entry for entry in found if entry is not None]
