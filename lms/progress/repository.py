"""All SQL of reading progress."""

from sqlalchemy import delete
from sqlmodel import Session, col, select

from lms.progress.models import SectionRead


def read_anchors(session: Session, person_id: int) -> dict[str, set[str]]:
    rows = session.exec(select(SectionRead).where(SectionRead.person_id == person_id))
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row.module_id, set()).add(row.anchor)
    return found


def set_read(session: Session, person_id: int, module_id: str, anchors: set[str]) -> None:
    """Make exactly ``anchors`` the read sections of the module (idempotent)."""
    current = read_anchors(session, person_id).get(module_id, set())
    for anchor in anchors - current:
        session.add(SectionRead(person_id=person_id, module_id=module_id, anchor=anchor))
    gone = current - anchors
    if gone:
        session.execute(
            delete(SectionRead).where(
                col(SectionRead.person_id) == person_id,
                col(SectionRead.module_id) == module_id,
                col(SectionRead.anchor).in_(gone),
            )
        )
    session.flush()


def delete_of(session: Session, person_id: int) -> None:
    session.execute(delete(SectionRead).where(col(SectionRead.person_id) == person_id))
