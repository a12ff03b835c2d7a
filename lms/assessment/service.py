"""Rules of attempts: start, save as you go, submit exactly once, time limits and limits on
attempts. Grading always uses the source-language answer key (translations carry the same
key, enforced by the curriculum check)."""

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from lms.accounts.models import aware, utcnow
from lms.assessment import repository
from lms.assessment.layout import ItemLayout, attempt_layout
from lms.assessment.models import Attempt, AttemptStatus
from lms.assessment.responses import Fields, read_response
from lms.assessment.scoring import ItemResult, score
from lms.audit.service import record
from lms.curriculum.model import Curriculum, Item, Module
from lms.curriculum.service import content_hash
from lms.errors import DomainError

#: Answers sent this long after the deadline still count (a slow network at the last second).
GRACE = timedelta(seconds=30)
DEFAULT_PASS_MARK = 70


@dataclass(frozen=True)
class QuizRules:
    pass_mark: int
    max_attempts: int
    time_limit_minutes: int | None


def quiz_rules(curriculum: Curriculum, module: Module) -> QuizRules:
    """The strictest pass mark of the programmes that include the module (70% otherwise)."""
    marks = [
        e.pass_mark
        for p in curriculum.programmes.values()
        for e in p.modules
        if e.module_id == module.id
    ]
    return QuizRules(
        max(marks, default=DEFAULT_PASS_MARK), module.max_attempts, module.time_limit_minutes
    )


def source_items(curriculum: Curriculum, module: Module) -> list[Item]:
    part = module.languages.get(curriculum.source_language)
    if part is None or part.items is None:
        return []
    return part.items.items


def start_attempt(
    session: Session,
    *,
    person_id: int,
    curriculum: Curriculum,
    module: Module,
    language: str,
    now: datetime | None = None,
) -> Attempt:
    """The learner's open attempt at this module, or a new one. Two tabs or a double click
    get the same attempt; a learner with no attempts left is refused."""
    now = now or utcnow()
    existing = repository.open_attempt(session, person_id, module.id)
    if existing is not None:
        return existing
    if not source_items(curriculum, module):
        raise DomainError("no_assessment")
    rules = quiz_rules(curriculum, module)
    used = len(repository.attempts_of(session, person_id, module.id))
    if used >= rules.max_attempts:
        raise DomainError("no_attempts_left", attempts=rules.max_attempts)
    attempt = Attempt(
        person_id=person_id,
        module_id=module.id,
        module_version=module.version,
        content_hash=content_hash(module, curriculum.source_language),
        language=language,
        number=used + 1,
        seed=secrets.randbelow(2**31),
        pass_mark=rules.pass_mark,
        started_at=now,
        deadline_at=now + timedelta(minutes=rules.time_limit_minutes)
        if rules.time_limit_minutes
        else None,
    )
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError:
        # Another request opened one at the same moment: use that one.
        existing = repository.open_attempt(session, person_id, module.id)
        if existing is None:
            raise
        return existing
    record(
        session,
        "attempt_started",
        actor_id=person_id,
        ip="",
        subject_type="attempt",
        subject_id=attempt.id,
        module=module.id,
        version=module.version,
    )
    return attempt


def answers_of(attempt: Attempt) -> dict[str, Any]:
    return json.loads(attempt.answers or "{}")


def results_of(attempt: Attempt) -> dict[str, Any]:
    return json.loads(attempt.results or "{}")


def layout_for(attempt: Attempt, items: list[Item]) -> list[ItemLayout]:
    return attempt_layout(items, attempt.seed)


def _merge(attempt: Attempt, layouts: list[ItemLayout], fields: Fields) -> dict[str, Any]:
    answers = answers_of(attempt)
    for layout in layouts:
        response = read_response(layout, fields)
        if response is not None:
            answers[layout.item.id] = response
    return answers


def _past_deadline(attempt: Attempt, now: datetime) -> bool:
    deadline = aware(attempt.deadline_at)
    return deadline is not None and now > deadline + GRACE


def save(
    session: Session,
    *,
    attempt: Attempt,
    items: list[Item],
    fields: Fields,
    now: datetime | None = None,
) -> None:
    """Save what the learner has answered so far (every page change and every autosave)."""
    now = now or utcnow()
    if attempt.status != AttemptStatus.in_progress:
        raise DomainError("attempt_closed")
    if _past_deadline(attempt, now):
        raise DomainError("time_up")
    answers = _merge(attempt, layout_for(attempt, items), fields)
    assert attempt.id is not None
    if not repository.save_answers(session, attempt.id, json.dumps(answers), now):
        raise DomainError("attempt_closed")
    attempt.answers = json.dumps(answers)


def grade(items: list[Item], answers: dict[str, Any]) -> tuple[float, float, dict[str, ItemResult]]:
    results = {item.id: score(item, answers.get(item.id)) for item in items}
    points = sum(r.points for r in results.values())
    maximum = sum(r.max_points for r in results.values())
    return points, maximum, results


def submit(
    session: Session,
    *,
    attempt: Attempt,
    items: list[Item],
    fields: Fields | None,
    now: datetime | None = None,
) -> bool:
    """Grade and close the attempt. Returns True for the one request that graded it; a
    repeated or concurrent submission changes nothing and returns False.

    After the deadline the answers sent with the submission are refused (``time_up``), and
    the attempt is graded on what was saved before the deadline."""
    now = now or utcnow()
    if attempt.status != AttemptStatus.in_progress:
        return False
    late = _past_deadline(attempt, now)
    answers = (
        answers_of(attempt)
        if late or fields is None
        else _merge(attempt, layout_for(attempt, items), fields)
    )
    points, maximum, results = grade(items, answers)
    percent = round(100 * points / maximum, 1) if maximum else 0.0
    passed = percent >= attempt.pass_mark
    assert attempt.id is not None
    closed = repository.close_attempt(
        session,
        attempt.id,
        answers=json.dumps(answers),
        submitted_at=now,
        timed_out=late,
        points=points,
        max_points=maximum,
        score_percent=percent,
        passed=passed,
        results=json.dumps(
            {
                k: {"points": r.points, "max": r.max_points, "correct": r.correct, **r.details}
                for k, r in results.items()
            }
        ),
    )
    if closed:
        record(
            session,
            "attempt_graded",
            actor_id=attempt.person_id,
            ip="",
            subject_type="attempt",
            subject_id=attempt.id,
            module=attempt.module_id,
            version=attempt.module_version,
            score=percent,
            passed=passed,
            timed_out=late,
        )
        session.refresh(attempt)
    if late:
        raise DomainError("time_up")
    return closed


def answers_visible(module: Module, attempt: Attempt, attempts: list[Attempt]) -> bool:
    """Whether the review of a submitted attempt may show the right answers (the review
    rule); feedback is always shown after submission."""
    if attempt.status != AttemptStatus.submitted:
        return False
    if module.show_answers == "after-submission":
        return True
    return any(a.passed for a in attempts) or len(attempts) >= module.max_attempts


def time_is_up(attempt: Attempt, now: datetime | None = None) -> bool:
    return attempt.status == AttemptStatus.in_progress and _past_deadline(attempt, now or utcnow())


def save_then_submit(
    session: Session,
    *,
    attempt: Attempt,
    displayed: list[Item],
    key: list[Item],
    fields: Fields,
    now: datetime | None = None,
) -> bool:
    """Submit from a page: read the form with the items as displayed (in the page's language),
    grade with the source-language key. See :func:`submit` for what it returns."""
    now = now or utcnow()
    if attempt.status != AttemptStatus.in_progress:
        return False
    if fields and not _past_deadline(attempt, now):
        attempt.answers = json.dumps(_merge(attempt, layout_for(attempt, displayed), fields))
    return submit(session, attempt=attempt, items=key, fields=None, now=now)
