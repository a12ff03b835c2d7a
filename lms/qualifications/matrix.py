"""The skills matrix: people x competencies with ILUO levels derived from the evidence,
and a supervisor's override where one was made. Built from six bulk queries whatever the
number of people, so a page of 50 and an export of 10,000 cost the same number of queries."""

from dataclasses import dataclass

from sqlmodel import Session
from sqlmodel.sql.expression import Select

from lms.accounts.models import Person
from lms.assessment import repository as attempts_repository
from lms.curriculum.model import Curriculum
from lms.qualifications import repository
from lms.qualifications.models import SkillOverride
from lms.qualifications.rules import (
    CompetencyPlan,
    Level,
    PersonEvidence,
    competency_plan,
    derive_level,
)
from lms.tasks import repository as tasks_repository
from lms.tasks.models import Verdict
from lms.tasks.service import effective_sign_offs


@dataclass(frozen=True)
class Cell:
    competency_id: str
    level: Level
    derived: Level
    override: SkillOverride | None = None


@dataclass(frozen=True)
class MatrixRow:
    person: Person
    cells: list[Cell]


def gather_evidence(session: Session, people: Select) -> dict[int, PersonEvidence]:
    evidence: dict[int, PersonEvidence] = {}

    def of(person_id: int) -> PersonEvidence:
        return evidence.setdefault(person_id, PersonEvidence())

    for row in attempts_repository.graded_of_people(session, people):
        if row.passed:
            of(row.person_id).passed_modules.add(row.module_id)
    for person_id, module_id in attempts_repository.started_modules_of_people(session, people):
        of(person_id).started_modules.add(module_id)
    latest: dict[tuple[int, str, str], tuple[int, str]] = {}
    for s in effective_sign_offs(tasks_repository.sign_offs_of_people(session, people)):
        key = (s.learner_id, s.module_id, s.task_id)
        if key not in latest or s.id > latest[key][0]:
            latest[key] = (s.id, s.verdict)
        of(s.learner_id).started_modules.add(s.module_id)
    for (person_id, module_id, task_id), (_id, verdict) in latest.items():
        if verdict == Verdict.passed:
            of(person_id).passed_tasks.add((module_id, task_id))
    for assessor, module_id in tasks_repository.assessed_by_people(session, people):
        of(assessor).assessed_modules.add(module_id)
    return evidence


def latest_overrides(
    session: Session, organisation_id: int, people: Select
) -> dict[tuple[int, str], SkillOverride]:
    found: dict[tuple[int, str], SkillOverride] = {}
    for row in repository.overrides_of_people(session, organisation_id, people):
        found[(row.person_id, row.competency_id)] = row  # ordered by id: the latest wins
    return found


def cell(
    plan: CompetencyPlan,
    competency_id: str,
    evidence: PersonEvidence,
    override: SkillOverride | None,
) -> Cell:
    derived = derive_level(plan, competency_id, evidence)
    if override is None or override.level == "":
        return Cell(competency_id, derived, derived)
    return Cell(competency_id, Level(override.level), derived, override)


def rows_for(
    session: Session,
    curriculum: Curriculum,
    organisation_id: int,
    people: list[Person],
    selection: Select,
    competencies: list[str],
) -> list[MatrixRow]:
    """Rows for ``people`` (already loaded, in display order); ``selection`` selects the
    same people inside the evidence queries."""
    plan = competency_plan(curriculum)
    evidence = gather_evidence(session, selection)
    overrides = latest_overrides(session, organisation_id, selection)
    empty = PersonEvidence()
    rows = []
    for person in people:
        assert person.id is not None
        mine = evidence.get(person.id, empty)
        rows.append(
            MatrixRow(
                person,
                [cell(plan, c, mine, overrides.get((person.id, c))) for c in competencies],
            )
        )
    return rows


def competencies_for(curriculum: Curriculum, programme_id: str | None) -> list[str]:
    """All competencies, or those a programme's modules develop, in the curriculum's order."""
    if not programme_id or programme_id not in curriculum.programmes:
        return list(curriculum.competencies)
    developed = {
        c
        for entry in curriculum.programmes[programme_id].modules
        for c in curriculum.modules[entry.module_id].competencies
    }
    return [c for c in curriculum.competencies if c in developed]
