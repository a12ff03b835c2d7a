"""All SQL of the audit log. There is no update and no delete here, by design."""

from sqlmodel import Session, col, or_, select

from lms.audit.models import AuditEvent


def add_event(session: Session, event: AuditEvent) -> None:
    session.add(event)
    session.flush()


def list_events(
    session: Session,
    *,
    organisation_id: int | None,
    action: str | None = None,
    limit: int | None = 200,
) -> list[AuditEvent]:
    """Newest first; ``organisation_id`` None means every organisation (platform view)."""
    query = select(AuditEvent).order_by(col(AuditEvent.id).desc())
    if organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == organisation_id)
    if action:
        query = query.where(AuditEvent.action == action)
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query))


def events_about_person(session: Session, person_id: int) -> list[AuditEvent]:
    return list(
        session.exec(
            select(AuditEvent)
            .where(
                or_(
                    AuditEvent.actor_id == person_id,
                    (AuditEvent.subject_type == "person")
                    & (AuditEvent.subject_id == str(person_id)),
                )
            )
            .order_by(col(AuditEvent.id))
        )
    )
