"""All SQL of the assessment domain."""

from datetime import datetime

from sqlalchemy import Row, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

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


def graded_of_people(session: Session, people: Select) -> list[Row]:
    """The facts of every graded attempt of the selected people, in one query, without the
    answers (reports and matrices over thousands of people)."""
    return list(
        session.exec(
            select(
                Attempt.id,
                Attempt.person_id,
                Attempt.module_id,
                Attempt.module_version,
                Attempt.number,
                Attempt.score_percent,
                Attempt.passed,
                Attempt.submitted_at,
            )
            .where(col(Attempt.person_id).in_(people), Attempt.status == AttemptStatus.submitted)
            .order_by(col(Attempt.id))
        )
    )


def started_modules_of_people(session: Session, people: Select) -> set[tuple[int, str]]:
    rows = session.exec(
        select(Attempt.person_id, Attempt.module_id)
        .where(col(Attempt.person_id).in_(people))
        .distinct()
    )
    return {(person_id, module_id) for person_id, module_id in rows}


def recent_graded(session: Session, people: Select, limit: int) -> list[Attempt]:
    return list(
        session.exec(
            select(Attempt)
            .where(col(Attempt.person_id).in_(people), Attempt.status == AttemptStatus.submitted)
            .order_by(col(Attempt.submitted_at).desc(), col(Attempt.id).desc())
            .limit(limit)
        )
    )
