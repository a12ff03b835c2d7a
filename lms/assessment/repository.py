"""All SQL of the assessment domain."""

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from lms.assessment.models import Attempt, AttemptStatus


def get_attempt_of(session: Session, attempt_id: int, person_id: int) -> Attempt | None:
    """The attempt, only if it is this person's."""
    return session.exec(
        select(Attempt).where(Attempt.id == attempt_id, Attempt.person_id == person_id)
    ).first()


def open_attempt(session: Session, person_id: int, module_id: str) -> Attempt | None:
    return session.exec(
        select(Attempt).where(
            Attempt.person_id == person_id,
            Attempt.module_id == module_id,
            Attempt.status == AttemptStatus.in_progress,
        )
    ).first()


def attempts_of(session: Session, person_id: int, module_id: str | None = None) -> list[Attempt]:
    query = select(Attempt).where(Attempt.person_id == person_id).order_by(col(Attempt.id))
    if module_id is not None:
        query = query.where(Attempt.module_id == module_id)
    return list(session.exec(query))


def save_answers(session: Session, attempt_id: int, answers: str, at: datetime) -> bool:
    """Store answers only while the attempt is open; False when it has closed meanwhile."""
    result = session.execute(
        update(Attempt)
        .where(col(Attempt.id) == attempt_id, col(Attempt.status) == AttemptStatus.in_progress)
        .values(answers=answers, saved_at=at)
    )
    return result.rowcount == 1


def close_attempt(session: Session, attempt_id: int, **values: object) -> bool:
    """Grade and close in one conditional UPDATE: of any number of concurrent submissions of
    the same attempt, exactly one changes the row; the others see it already closed."""
    result = session.execute(
        update(Attempt)
        .where(col(Attempt.id) == attempt_id, col(Attempt.status) == AttemptStatus.in_progress)
        .values(status=AttemptStatus.submitted, open_slot=None, **values)
    )
    return result.rowcount == 1
