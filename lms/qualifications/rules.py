"""The rules of qualifications as pure functions of the records, so that they are tested
without a database and computed the same way for one person and for ten thousand.

- **Gap.** A programme requires, for each of its modules, the module's assessment passed at
  the programme's pass mark and each required practical task signed off. A requirement is
  met by the person's own records, wherever they were made, that are recent enough: within
  the validity period, and newer than a previous award of the same qualification (so a
  requalification rests on new evidence, never on the evidence of the expired award).
- **Standing** of an award: proposed, valid, expiring (within 30 days), expired, revoked.
- **ILUO level** of a competency (modules that develop it, see module.yaml): I in training
  (some evidence), L performs with supervision (every assessment passed), U autonomous
  (and every required task signed off), O can train others (and has signed off someone
  else's task in it). A supervisor's override stands over the derived level.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from lms.accounts.models import aware
from lms.assessment.models import Attempt
from lms.curriculum.model import Curriculum, Programme
from lms.progress.service import required_tasks
from lms.qualifications.models import Award, AwardStatus
from lms.tasks.models import SignOff, Verdict
from lms.tasks.service import effective_sign_offs

EXPIRING_DAYS = 30
#: Reminders go out this many days before expiry; 0 is the day it expired.
REMINDER_DAYS = (60, 30, 7, 0)
#: An award this close to expiry may be renewed with new evidence.
RENEWAL_DAYS = 90


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the last day of the month when it has fewer days)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)  # pragma: no cover - day 28 exists in every month


# -- gap -------------------------------------------------------------------------------


@dataclass
class Requirement:
    module_id: str
    #: None: the module's assessment; otherwise the practical task's id
    task_id: str | None
    pass_mark: int | None
    met: bool = False
    #: The attempt or sign-off that meets it.
    evidence_id: int | None = None
    score: float | None = None
    at: datetime | None = None
    module_version: str = ""
    #: The best result so far when not met (an attempt below the pass mark, a sign-off
    #: "needs another try"), for the learner's plan.
    tried: bool = False


@dataclass
class Gap:
    programme: Programme
    requirements: list[Requirement]
    since: datetime | None = None

    @property
    def missing(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.met]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def met_count(self) -> int:
        return len(self.requirements) - len(self.missing)

    def evidence(self) -> dict[str, list[dict[str, object]]]:
        """What an award rests on: which attempts, which sign-offs, which module versions."""
        attempts, sign_offs = [], []
        for r in self.requirements:
            if not r.met:
                continue
            entry = {"id": r.evidence_id, "module": r.module_id, "version": r.module_version}
            if r.task_id is None:
                attempts.append({**entry, "score": r.score})
            else:
                sign_offs.append({**entry, "task": r.task_id})
        return {"attempts": attempts, "sign_offs": sign_offs}


def gap(
    programme: Programme,
    attempts: Iterable[Attempt],
    sign_offs: Iterable[SignOff],
    since: datetime | None,
) -> Gap:
    graded = [a for a in attempts if a.score_percent is not None]
    standing = effective_sign_offs(list(sign_offs))
    requirements: list[Requirement] = []

    def recent(moment: datetime | None) -> bool:
        return since is None or (moment is not None and aware(moment) >= since)  # type: ignore[operator]

    for entry in programme.modules:
        quiz = Requirement(entry.module_id, None, entry.pass_mark)
        tries = [a for a in graded if a.module_id == entry.module_id and recent(a.submitted_at)]
        passing = [a for a in tries if (a.score_percent or 0) >= entry.pass_mark]
        quiz.tried = bool(tries)
        if tries:
            best = max(tries, key=lambda a: (a.score_percent or 0, a.id or 0))
            quiz.score = best.score_percent
        if passing:
            best = max(passing, key=lambda a: (a.score_percent or 0, a.id or 0))
            quiz.met, quiz.evidence_id, quiz.at = True, best.id, aware(best.submitted_at)
            quiz.module_version = best.module_version
        requirements.append(quiz)
        for task_id in entry.required_tasks:
            task = Requirement(entry.module_id, task_id, None)
            rows = [
                s
                for s in standing
                if s.module_id == entry.module_id and s.task_id == task_id and recent(s.created_at)
            ]
            if rows:
                latest = max(rows, key=lambda s: s.id or 0)
                task.tried = True
                if latest.verdict == Verdict.passed:
                    task.met, task.evidence_id = True, latest.id
                    task.at, task.module_version = aware(latest.created_at), latest.module_version
            requirements.append(task)
    return Gap(programme, requirements, since)


# -- standing --------------------------------------------------------------------------


class Standing(StrEnum):
    proposed = "proposed"
    valid = "valid"
    expiring = "expiring"
    expired = "expired"
    revoked = "revoked"


def standing(award: Award, now: datetime) -> Standing:
    if award.status == AwardStatus.revoked:
        return Standing.revoked
    if award.status == AwardStatus.proposed:
        return Standing.proposed
    expires = aware(award.expires_at)
    if expires is None:
        return Standing.valid
    if expires <= now:
        return Standing.expired
    if expires - now <= timedelta(days=EXPIRING_DAYS):
        return Standing.expiring
    return Standing.valid


def holds(award: Award | None, now: datetime) -> bool:
    return award is not None and standing(award, now) in (Standing.valid, Standing.expiring)


def may_renew(award: Award | None, now: datetime) -> bool:
    """No award yet, or one that is expired, revoked or close enough to expiry to renew."""
    if award is None:
        return True
    state = standing(award, now)
    if state in (Standing.expired, Standing.revoked):
        return True
    expires = aware(award.expires_at)
    return (
        state in (Standing.valid, Standing.expiring)
        and expires is not None
        and expires - now <= timedelta(days=RENEWAL_DAYS)
    )


def reminder_due(award: Award, now: datetime, sent: set[int]) -> int | None:
    """The reminder threshold (days before expiry) to send now, if any: only the closest
    one reached, so a reminder run that was missed for a while sends one, not three."""
    expires = aware(award.expires_at)
    if award.status != AwardStatus.awarded or expires is None:
        return None
    left = expires - now
    reached = [d for d in REMINDER_DAYS if left <= timedelta(days=d)]
    if not reached:
        return None
    closest = min(reached)
    return None if closest in sent else closest


# -- skills matrix ---------------------------------------------------------------------


class Level(StrEnum):
    none = ""
    i = "I"
    l = "L"  # noqa: E741 - the ILUO letter
    u = "U"
    o = "O"


LEVELS = [Level.i, Level.l, Level.u, Level.o]


@dataclass
class PersonEvidence:
    """What the matrix needs to know about one person, from bulk queries."""

    passed_modules: set[str] = field(default_factory=set)
    started_modules: set[str] = field(default_factory=set)
    passed_tasks: set[tuple[str, str]] = field(default_factory=set)
    assessed_modules: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class CompetencyPlan:
    """For each competency: the modules that develop it and their required tasks."""

    modules: dict[str, list[str]]
    tasks: dict[str, set[tuple[str, str]]]


def competency_plan(curriculum: Curriculum) -> CompetencyPlan:
    modules: dict[str, list[str]] = {c: [] for c in curriculum.competencies}
    tasks: dict[str, set[tuple[str, str]]] = {c: set() for c in curriculum.competencies}
    for module in curriculum.modules.values():
        required = required_tasks(curriculum, module)
        for competency in module.competencies:
            modules.setdefault(competency, []).append(module.id)
            tasks.setdefault(competency, set()).update((module.id, t) for t in required)
    return CompetencyPlan(modules, tasks)


def derive_level(plan: CompetencyPlan, competency: str, evidence: PersonEvidence) -> Level:
    modules = plan.modules.get(competency, [])
    if not modules:
        return Level.none
    knowledge = all(m in evidence.passed_modules for m in modules)
    skill = plan.tasks.get(competency, set()) <= evidence.passed_tasks
    if knowledge and skill:
        if any(m in evidence.assessed_modules for m in modules):
            return Level.o
        return Level.u
    if knowledge:
        return Level.l
    started = any(
        m in evidence.started_modules or m in evidence.passed_modules for m in modules
    ) or any(module_id in modules for module_id, _task in evidence.passed_tasks)
    return Level.i if started else Level.none
