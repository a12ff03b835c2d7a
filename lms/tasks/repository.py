"""All SQL of practical tasks."""

from sqlalchemy import Row, delete
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from lms.tasks.models import SignOff, TaskRequest


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def sign_offs_of(session: Session, learner_id: int, module_id: str | None = None) -> list[SignOff]:
    query = select(SignOff).where(SignOff.learner_id == learner_id).order_by(col(SignOff.id))
    if module_id is not None:
        query = query.where(SignOff.module_id == module_id)
    return list(session.exec(query))


def get_sign_off(session: Session, sign_off_id: int) -> SignOff | None:
    return session.get(SignOff, sign_off_id)


def requests_of(session: Session, learner_id: int) -> list[TaskRequest]:
    return list(session.exec(select(TaskRequest).where(TaskRequest.person_id == learner_id)))


def get_request(
    session: Session, learner_id: int, module_id: str, task_id: str
) -> TaskRequest | None:
    return session.exec(
        select(TaskRequest).where(
            TaskRequest.person_id == learner_id,
            TaskRequest.module_id == module_id,
            TaskRequest.task_id == task_id,
        )
    ).first()


def open_requests(session: Session, learner_ids: list[int]) -> list[TaskRequest]:
    if not learner_ids:
        return []
    return list(
        session.exec(
            select(TaskRequest)
            .where(col(TaskRequest.person_id).in_(learner_ids))
            .order_by(col(TaskRequest.requested_at))
        )
    )


def delete_request(session: Session, learner_id: int, module_id: str, task_id: str) -> None:
    session.execute(
        delete(TaskRequest).where(
            col(TaskRequest.person_id) == learner_id,
            col(TaskRequest.module_id) == module_id,
            col(TaskRequest.task_id) == task_id,
        )
    )


def delete_requests_of(session: Session, learner_id: int) -> None:
    session.execute(delete(TaskRequest).where(col(TaskRequest.person_id) == learner_id))


def evidence_of(session: Session, learner_id: int) -> list[SignOff]:
    return list(
        session.exec(
            select(SignOff).where(
                SignOff.learner_id == learner_id, col(SignOff.evidence_file).is_not(None)
            )
        )
    )


def sign_offs_involving(session: Session, person_id: int) -> list[SignOff]:
    """Sign-offs where the person is the learner or the assessor."""
    return list(
        session.exec(
            select(SignOff)
            .where((SignOff.learner_id == person_id) | (SignOff.assessor_id == person_id))
            .order_by(col(SignOff.id))
        )
    )


def sign_offs_of_people(session: Session, people: Select) -> list[Row]:
    """The facts of every sign-off of the selected learners, in one query (reports)."""
    return list(
        session.exec(
            select(
                SignOff.id,
                SignOff.learner_id,
                SignOff.module_id,
                SignOff.task_id,
                SignOff.verdict,
                SignOff.corrects_id,
                SignOff.created_at,
            )
            .where(col(SignOff.learner_id).in_(people))
            .order_by(col(SignOff.id))
        )
    )


def assessed_by_people(session: Session, people: Select) -> set[tuple[int, str]]:
    """(assessor, module) pairs where one of the selected people passed someone else."""
    rows = session.exec(
        select(SignOff.assessor_id, SignOff.module_id)
        .where(
            col(SignOff.assessor_id).in_(people),
            SignOff.verdict == "passed",
            col(SignOff.learner_id) != col(SignOff.assessor_id),
        )
        .distinct()
    )
    return {(assessor, module_id) for assessor, module_id in rows}


def requests_of_people(session: Session, people: Select) -> list[TaskRequest]:
    return list(session.exec(select(TaskRequest).where(col(TaskRequest.person_id).in_(people))))
