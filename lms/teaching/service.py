"""Assignments and what became of them: the learner's list, the gradebook and the
teacher's home page. Results are computed from the same bulk queries for one learner
and for a whole group, so both always agree."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlmodel import Session
from sqlmodel.sql.expression import Select

from lms.accounts.models import LearnerGroup, Person, aware, utcnow
from lms.accounts.service import Actor, clean_text
from lms.assessment import repository as attempts_repository
from lms.audit.service import record
from lms.curriculum.model import Curriculum
from lms.errors import DomainError
from lms.progress.service import required_tasks
from lms.tasks import repository as tasks_repository
from lms.tasks.service import TaskState, task_state
from lms.teaching import repository
from lms.teaching.models import Assignment, AssignmentKind, AssignmentPerson

KINDS = (AssignmentKind.module, AssignmentKind.quiz, AssignmentKind.task)
_FORM_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def parse_due(text: str) -> datetime:
    """A due date (YYYY-MM-DD) means the end of that day."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        raise DomainError("invalid_due_date") from None
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def assign(
    session: Session,
    *,
    curriculum: Curriculum,
    organisation_id: int,
    group: LearnerGroup | None,
    people: list[Person],
    kind: str,
    module_id: str,
    task_id: str,
    due: str,
    note: str,
    form_key: str,
    actor: Actor,
    now: datetime | None = None,
) -> Assignment:
    """Assign a module, its quiz or one of its tasks to a group or to people. A form sent
    twice (a double click) creates one assignment."""
    if not _FORM_KEY.match(form_key or ""):
        raise DomainError("form_expired")
    existing = repository.by_form_key(session, form_key)
    if existing is not None:
        return existing
    if kind not in KINDS:
        raise DomainError("invalid_kind")
    module = curriculum.modules.get(module_id)
    if module is None:
        raise DomainError("invalid_module")
    source = module.languages[curriculum.source_language]
    if kind == AssignmentKind.quiz and not (source.items and source.items.items):
        raise DomainError("no_assessment")
    if kind == AssignmentKind.task and task_id not in source.tasks:
        raise DomainError("invalid_task")
    if (group is None) == (not people):
        raise DomainError("assign_to_group_or_people")
    due_at = parse_due(due)
    if due_at < (now or utcnow()):
        raise DomainError("due_in_past")
    note = clean_text(note, field="note", limit=1000) if note.strip() else ""
    assert actor.person_id is not None
    assignment = Assignment(
        organisation_id=organisation_id,
        group_id=group.id if group else None,
        kind=kind,
        module_id=module.id,
        task_id=task_id if kind == AssignmentKind.task else None,
        due_at=due_at,
        note=note,
        created_by=actor.person_id,
        form_key=form_key,
    )
    repository.add(session, assignment)
    assert assignment.id is not None
    for person in people:
        assert person.id is not None
        repository.add(session, AssignmentPerson(assignment_id=assignment.id, person_id=person.id))
    record(
        session,
        "assignment_created",
        actor_id=actor.person_id,
        ip=actor.ip,
        organisation_id=organisation_id,
        subject_type="assignment",
        subject_id=assignment.id,
        group=assignment.group_id,
        people=[p.id for p in people],
        what=f"{kind}:{module.id}{':' + task_id if task_id and kind == 'task' else ''}",
        due=due_at.date(),
    )
    return assignment


# -- results ---------------------------------------------------------------------------


@dataclass
class Evidence:
    """One person's graded attempts, sign-offs and readiness requests (rows with the
    fields the rules read)."""

    attempts: list[Any] = field(default_factory=list)
    sign_offs: list[Any] = field(default_factory=list)
    requests: list[Any] = field(default_factory=list)


def gather(session: Session, people: Select) -> dict[int, Evidence]:
    """Three queries for any number of people."""
    found: dict[int, Evidence] = defaultdict(Evidence)
    for row in attempts_repository.graded_of_people(session, people):
        found[row.person_id].attempts.append(row)
    for row in tasks_repository.sign_offs_of_people(session, people):
        found[row.learner_id].sign_offs.append(row)
    for row in tasks_repository.requests_of_people(session, people):
        found[row.person_id].requests.append(row)
    return found


@dataclass(frozen=True)
class Mark:
    """Where one learner stands with one assignment."""

    done: bool
    overdue: bool
    started: bool
    score: float | None = None
    attempts: int = 0
    task_state: TaskState | None = None
    tasks_done: int = 0
    tasks_required: int = 0


def mark(curriculum: Curriculum, assignment: Assignment, evidence: Evidence, now: datetime) -> Mark:
    due = aware(assignment.due_at)
    tries = [a for a in evidence.attempts if a.module_id == assignment.module_id]
    best = max((a.score_percent or 0 for a in tries), default=None)
    passed = any(a.passed for a in tries)
    if assignment.kind == AssignmentKind.task and assignment.task_id:
        state = task_state(
            assignment.task_id, assignment.module_id, evidence.sign_offs, evidence.requests
        )
        done = state is TaskState.passed
        return Mark(
            done, not done and now > due, state is not TaskState.not_started, task_state=state
        )
    if assignment.kind == AssignmentKind.quiz:
        return Mark(passed, not passed and now > due, bool(tries), best, len(tries))
    module = curriculum.modules.get(assignment.module_id)
    required = sorted(required_tasks(curriculum, module)) if module else []
    states = [
        task_state(t, assignment.module_id, evidence.sign_offs, evidence.requests) for t in required
    ]
    tasks_done = sum(s is TaskState.passed for s in states)
    done = passed and tasks_done == len(required)
    started = bool(tries) or any(s is not TaskState.not_started for s in states)
    return Mark(
        done, not done and now > due, started, best, len(tries), None, tasks_done, len(required)
    )


def applies_to(assignment: Assignment, person_id: int, targets: dict[int, set[int]]) -> bool:
    return assignment.group_id is not None or person_id in targets.get(assignment.id or 0, set())


@dataclass
class LearnerAssignment:
    assignment: Assignment
    mark: Mark


def assignments_for(
    session: Session, curriculum: Curriculum, person: Person, now: datetime | None = None
) -> list[LearnerAssignment]:
    """The learner's assignments by due date, each with its result."""
    assert person.id is not None
    now = now or utcnow()
    evidence = gather(session, repository.only(person.id)).get(person.id, Evidence())
    return [
        LearnerAssignment(a, mark(curriculum, a, evidence, now))
        for a in repository.assignments_of_person(session, person.id)
        if a.module_id in curriculum.modules
    ]


@dataclass
class GradebookRow:
    person: Person
    marks: list[Mark | None]

    @property
    def overdue(self) -> int:
        return sum(1 for m in self.marks if m is not None and m.overdue)

    @property
    def open(self) -> int:
        return sum(1 for m in self.marks if m is not None and not m.done)


@dataclass
class Gradebook:
    group: LearnerGroup
    assignments: list[Assignment]
    rows: list[GradebookRow]
    total: int
    show: str = "all"
    module_id: str = ""


FILTERS = ("all", "overdue", "open")


def gradebook(
    session: Session,
    curriculum: Curriculum,
    *,
    group: LearnerGroup,
    organisation_id: int,
    show: str = "all",
    module_id: str = "",
    now: datetime | None = None,
) -> Gradebook:
    """Learners x assignments of a group, in five queries whatever the group's size."""
    assert group.id is not None
    now = now or utcnow()
    selection = repository.learners_of_group(session, group.id, organisation_id)
    assignments = [
        a
        for a in repository.assignments_of_group(session, group.id)
        if a.module_id in curriculum.modules and (not module_id or a.module_id == module_id)
    ]
    targets = repository.targets_of(session, [a.id for a in assignments if a.id is not None])
    evidence = gather(session, selection)
    rows = []
    people = repository.people(session, selection)
    for person in people:
        assert person.id is not None
        mine = evidence.get(person.id, Evidence())
        rows.append(
            GradebookRow(
                person,
                [
                    mark(curriculum, a, mine, now) if applies_to(a, person.id, targets) else None
                    for a in assignments
                ],
            )
        )
    if show == "overdue":
        rows = [r for r in rows if r.overdue]
    elif show == "open":
        rows = [r for r in rows if r.open]
    return Gradebook(group, assignments, rows, len(people), show, module_id)


# -- teacher's home --------------------------------------------------------------------


@dataclass
class TeacherHome:
    groups: list[LearnerGroup]
    waiting: int
    behind: list[tuple[Person, int]]
    recent: list[tuple[Person, Any]]
    module_ids: list[str]


def teacher_home(
    session: Session,
    curriculum: Curriculum,
    *,
    organisation_id: int,
    groups: list[LearnerGroup],
    now: datetime | None = None,
) -> TeacherHome:
    now = now or utcnow()
    group_ids = [g.id for g in groups if g.id is not None]
    selection = repository.learners_of_groups(session, group_ids, organisation_id)
    people = {p.id: p for p in repository.people(session, selection)}
    waiting = len(tasks_repository.requests_of_people(session, selection))
    assignments: dict[int, Assignment] = {}
    for group_id in group_ids:
        for a in repository.assignments_of_group(session, group_id):
            assignments[a.id or 0] = a
    targets = repository.targets_of(session, list(assignments))
    members = repository.members_by_group(session, group_ids)
    evidence = gather(session, selection)
    behind = []
    for person_id, person in people.items():
        assert person_id is not None
        mine = evidence.get(person_id, Evidence())
        mine_groups = {g for g, ids in members.items() if person_id in ids}
        overdue = sum(
            1
            for a in assignments.values()
            if a.module_id in curriculum.modules
            and ((a.group_id in mine_groups) or person_id in targets.get(a.id or 0, set()))
            and mark(curriculum, a, mine, now).overdue
        )
        if overdue:
            behind.append((person, overdue))
    recent = [
        (people[a.person_id], a)
        for a in attempts_repository.recent_graded(session, selection, 10)
        if a.person_id in people
    ]
    module_ids = [
        m for m in curriculum.modules if any(a.module_id == m for a in assignments.values())
    ]
    behind.sort(key=lambda pair: (-pair[1], pair[0].display_name))
    return TeacherHome(groups, waiting, behind, recent, module_ids)
