"""Recording audit events. Callers pass ids and facts, never names or passwords, so the
log can be kept after a person is erased."""

import json
from typing import Any, Protocol

from sqlmodel import Session

from lms.audit import repository
from lms.audit.models import AuditEvent


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    ip: str,
    organisation_id: int | None = None,
    subject_type: str = "",
    subject_id: int | str | None = None,
    **details: Any,
) -> None:
    repository.add_event(
        session,
        AuditEvent(
            actor_id=actor_id,
            organisation_id=organisation_id,
            action=action,
            subject_type=subject_type,
            subject_id="" if subject_id is None else str(subject_id),
            ip=ip[:64],
            details=json.dumps(details, sort_keys=True, default=str),
        ),
    )


class Acting(Protocol):
    """Who acts and from where (lms.accounts.service.Actor)."""

    person_id: int | None
    ip: str


def record_about_person(
    session: Session,
    action: str,
    actor: Acting,
    person_id: int | None,
    *,
    organisation_id: int | None = None,
    **details: Any,
) -> None:
    """An event about a person, by ``actor``: the common case of the accounts domain."""
    record(
        session,
        action,
        actor_id=actor.person_id,
        ip=actor.ip,
        organisation_id=organisation_id,
        subject_type="person",
        subject_id=person_id,
        **details,
    )
