"""Where a learner stands: per module (handbook read, assessment passed, tasks signed off)
and per programme, with the next step to take. Computed from the records; nothing cached."""

from dataclasses import dataclass, field
from enum import StrEnum

from sqlmodel import Session

from lms.assessment import repository as attempts_repository
from lms.assessment.models import Attempt, AttemptStatus
from lms.curriculum.model import Curriculum, Module, Programme
from lms.progress import repository
from lms.tasks import repository as tasks_repository
from lms.tasks.models import SignOff, TaskRequest
from lms.tasks.service import TaskState, task_state


class NextStep(StrEnum):
    read = "read"
    quiz = "quiz"
    task = "task"
    done = "done"


@dataclass
class TaskProgress:
    task_id: str
    required: bool
    state: TaskState


@dataclass
class ModuleProgress:
    module: Module
    sections: int
    sections_read: int
    attempts: list[Attempt]
    best: Attempt | None
    attempts_left: int
    tasks: list[TaskProgress] = field(default_factory=list)

    @property
    def handbook_read(self) -> bool:
        return self.sections_read >= self.sections

    @property
    def quiz_passed(self) -> bool:
        return self.best is not None and bool(self.best.passed)

    @property
    def tasks_done(self) -> bool:
        return all(t.state is TaskState.passed for t in self.tasks if t.required)

    @property
    def complete(self) -> bool:
        return self.handbook_read and self.quiz_passed and self.tasks_done

    @property
    def next_step(self) -> NextStep:
        if not self.handbook_read:
            return NextStep.read
        if not self.quiz_passed:
            return NextStep.quiz
        if not self.tasks_done:
            return NextStep.task
        return NextStep.done


def required_tasks(curriculum: Curriculum, module: Module) -> set[str]:
    """Tasks some programme requires; a module in no programme requires all its tasks."""
    listed = [
        e for p in curriculum.programmes.values() for e in p.modules if e.module_id == module.id
    ]
    if not listed:
        return set(module.task_ids(curriculum.source_language))
    return {task for entry in listed for task in entry.required_tasks}


def _module_progress(
    curriculum: Curriculum,
    module: Module,
    read: set[str],
    attempts: list[Attempt],
    sign_offs: list[SignOff],
    requests: list[TaskRequest],
) -> ModuleProgress:
    source = module.languages[curriculum.source_language]
    anchors = {h.anchor for h in source.handbook.toc if h.level == 2} if source.handbook else set()
    graded = [a for a in attempts if a.status == AttemptStatus.submitted]
    best = max(graded, key=lambda a: (a.score_percent or 0, -(a.id or 0)), default=None)
    required = required_tasks(curriculum, module)
    return ModuleProgress(
        module=module,
        sections=len(anchors),
        sections_read=len(anchors & read),
        attempts=attempts,
        best=best,
        attempts_left=max(0, module.max_attempts - len(attempts)),
        tasks=[
            TaskProgress(
                task_id, task_id in required, task_state(task_id, module.id, sign_offs, requests)
            )
            for task_id in source.tasks
        ],
    )


def progress_of(
    session: Session, curriculum: Curriculum, person_id: int
) -> dict[str, ModuleProgress]:
    """Progress in every module, in a fixed number of queries whatever the curriculum size."""
    read = repository.read_anchors(session, person_id)
    attempts = attempts_repository.attempts_of(session, person_id)
    sign_offs = tasks_repository.sign_offs_of(session, person_id)
    requests = tasks_repository.requests_of(session, person_id)
    return {
        module.id: _module_progress(
            curriculum,
            module,
            read.get(module.id, set()),
            [a for a in attempts if a.module_id == module.id],
            [s for s in sign_offs if s.module_id == module.id],
            [r for r in requests if r.module_id == module.id],
        )
        for module in curriculum.modules.values()
    }


@dataclass
class ProgrammeProgress:
    programme: Programme
    modules: list[ModuleProgress]

    @property
    def completed(self) -> int:
        return sum(m.complete for m in self.modules)

    @property
    def next_module(self) -> ModuleProgress | None:
        return next((m for m in self.modules if not m.complete), None)


def programmes_progress(
    curriculum: Curriculum, modules: dict[str, ModuleProgress]
) -> list[ProgrammeProgress]:
    return [
        ProgrammeProgress(
            programme, [modules[e.module_id] for e in programme.modules if e.module_id in modules]
        )
        for programme in curriculum.programmes.values()
    ]


def mark_read(
    session: Session, *, person_id: int, module: Module, curriculum: Curriculum, anchors: list[str]
) -> None:
    source = module.languages[curriculum.source_language]
    known = {h.anchor for h in source.handbook.toc if h.level == 2} if source.handbook else set()
    repository.set_read(session, person_id, module.id, {a for a in anchors if a in known})
