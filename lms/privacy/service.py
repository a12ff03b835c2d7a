"""Data export and erasure (GDPR articles 15, 17 and 20).

The rule, also in the README: erasing a person removes their personal data (name, login,
password, language, sessions, group memberships, failed-login records, assessment requests,
reading marks and evidence photos) and closes the account for good. What an employer or
school must keep as evidence (roles held, assessment attempts and their scores, sign-offs,
and later qualifications) stays, attached to the same row, which now reads
"Erased person #id" and identifies no one.

:data:`PERSONAL_DATA` lists every table that refers to a person and what happens to it on
export and on erasure; a test fails when a table that refers to a person is missing here.
"""

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlmodel import Session

from lms.accounts import repository as accounts
from lms.accounts.models import Person, utcnow
from lms.accounts.service import Actor
from lms.assessment import repository as attempts_repository
from lms.audit import repository as audit
from lms.audit.service import record_about_person
from lms.errors import DomainError
from lms.progress import repository as progress_repository
from lms.qualifications import repository as qualifications
from lms.tasks import repository as tasks_repository
from lms.teaching import repository as teaching


class OnErase(StrEnum):
    #: personal fields overwritten; the row stays so evidence keeps its reference
    scrub = "scrub"
    #: rows deleted
    delete = "delete"
    #: rows kept unchanged: they hold ids and facts, no personal data
    keep = "keep"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _person(session: Session, person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "login": person.login,
        "display_name": person.display_name,
        "preferred_language": person.preferred_language,
        "is_active": person.is_active,
        "created_at": _iso(person.created_at),
    }


def _memberships(session: Session, person: Person) -> list[dict[str, Any]]:
    assert person.id is not None
    rows = accounts.memberships_of(session, person.id)
    names = {
        o.id: o.name
        for o in accounts.list_organisations(session, {m.organisation_id for m in rows})
    }
    return [
        {"organisation": names.get(m.organisation_id), "role": m.role, "since": _iso(m.created_at)}
        for m in rows
    ]


def _groups(session: Session, person: Person) -> list[dict[str, Any]]:
    assert person.id is not None
    return [
        {"group": g.name, "kind": g.kind} for g in accounts.groups_of_person(session, person.id)
    ]


def _sessions(session: Session, person: Person) -> list[dict[str, Any]]:
    assert person.id is not None
    return [
        {
            "started": _iso(s.created_at),
            "last_seen": _iso(s.last_seen_at),
            "ip": s.ip,
            "browser": s.user_agent,
        }
        for s in accounts.sessions_of(session, person.id)
    ]


def _failures(session: Session, person: Person) -> list[dict[str, Any]]:
    return [{"at": _iso(f.at)} for f in accounts.failures_with_key(session, f"account:{person.id}")]


def _audit(session: Session, person: Person) -> list[dict[str, Any]]:
    assert person.id is not None
    return [
        {
            "at": _iso(e.at),
            "action": e.action,
            "by_you": e.actor_id == person.id,
            "ip": e.ip,
            "details": e.details,
        }
        for e in audit.events_about_person(session, person.id)
    ]


def _attempts(session: Session, person: Person) -> list[dict[str, Any]]:
    assert person.id is not None
    return [
        {
            "module": a.module_id,
            "version": a.module_version,
            "number": a.number,
            "status": a.status,
            "started": _iso(a.started_at),
            "submitted": _iso(a.submitted_at),
            "score_percent": a.score_percent,
            "passed": a.passed,
            "answers": a.answers,
        }
        for a in attempts_repository.attempts_of(session, person.id)
    ]


def _sign_offs(session: Session, person: Person) -> list[dict[str, Any]]:
    assert person.id is not None
    return [
        {
            "module": s.module_id,
            "version": s.module_version,
            "task": s.task_id,
            "verdict": s.verdict,
            "criteria_met": s.criteria_met,
            "comment": s.comment,
            "place": s.place,
            "line_machine": s.line_machine,
            "at": _iso(s.created_at),
            "evidence_photo": bool(s.evidence_file),
            "corrects": s.corrects_id,
            "as_assessor": s.assessor_id == person.id,
        }
        for s in tasks_repository.sign_offs_involving(session, person.id)
    ]


def _requests(session: Session, person: Person) -> list[dict[str, Any]]:
    assert person.id is not None
    return [
        {"module": r.module_id, "task": r.task_id, "at": _iso(r.requested_at)}
        for r in tasks_repository.requests_of(session, person.id)
    ]


def _reading(session: Session, person: Person) -> dict[str, list[str]]:
    assert person.id is not None
    return {m: sorted(a) for m, a in progress_repository.read_anchors(session, person.id).items()}


def _qualifications(session: Session, person: Person) -> dict[str, list[dict[str, Any]]]:
    assert person.id is not None
    return {
        "enrolments": [
            {"programme": e.programme_id, "since": _iso(e.enrolled_at)}
            for e in qualifications.enrolments_of_person(session, person.id)
        ],
        "awards": [
            {
                "programme": a.programme_id,
                "status": a.status,
                "awarded": _iso(a.awarded_at),
                "expires": _iso(a.expires_at),
                "revoked": _iso(a.revoked_at),
                "revoke_reason": a.revoke_reason,
                "evidence": a.evidence,
            }
            for a in qualifications.awards_of_person(session, person.id)
        ],
    }


def _reminders(session: Session, person: Person) -> list[dict[str, Any]]:
    assert person.id is not None
    return [
        {"days_before_expiry": r.days_before, "at": _iso(r.created_at)}
        for r in qualifications.reminders_of_person(session, person.id)
    ]


def _workstations(session: Session, person: Person) -> list[int]:
    assert person.id is not None
    return [w.workstation_id for w in qualifications.workstations_of_person(session, person.id)]


def _overrides(session: Session, person: Person) -> list[dict[str, Any]]:
    assert person.id is not None
    return [
        {"competency": o.competency_id, "level": o.level, "reason": o.reason, "at": _iso(o.set_at)}
        for o in qualifications.overrides_of_person(session, person.id)
    ]


def _assignments(session: Session, person: Person) -> list[int]:
    assert person.id is not None
    return [t.assignment_id for t in teaching.targets_of_person(session, person.id)]


def _assigned_by(session: Session, person: Person) -> int:
    assert person.id is not None
    return teaching.count_created_by(session, person.id)


#: table -> (export section, what erasure does)
PERSONAL_DATA: dict[str, tuple[Callable[[Session, Person], Any], OnErase]] = {
    "person": (_person, OnErase.scrub),
    "membership": (_memberships, OnErase.keep),
    "group_member": (_groups, OnErase.delete),
    "user_session": (_sessions, OnErase.delete),
    "login_failure": (_failures, OnErase.delete),
    "audit_event": (_audit, OnErase.keep),
    "attempt": (_attempts, OnErase.keep),
    # kept as evidence; the evidence photo (it may show the person) is deleted
    "sign_off": (_sign_offs, OnErase.keep),
    "task_request": (_requests, OnErase.delete),
    "section_read": (_reading, OnErase.delete),
    # qualifications are evidence an employer must keep: they stay, on the anonymised row
    "enrolment": (_qualifications, OnErase.keep),
    "award": (_qualifications, OnErase.keep),
    "reminder": (_reminders, OnErase.keep),
    "skill_override": (_overrides, OnErase.keep),
    "workstation_operator": (_workstations, OnErase.delete),
    "assignment_person": (_assignments, OnErase.delete),
    # assignments a teacher gave: ids and module names, no personal data
    "assignment": (_assigned_by, OnErase.keep),
}


def export_person(session: Session, *, person: Person, actor: Actor) -> dict[str, Any]:
    """Everything held about ``person``, as plain JSON-ready data."""
    data = {"exported_at": utcnow().isoformat(), "format": "upskill-lms personal data, version 1"}
    for table, (export, _erase) in PERSONAL_DATA.items():
        data[table] = export(session, person)
    record_about_person(
        session,
        "data_exported",
        actor,
        person.id,
    )
    return data


def erase_person(
    session: Session,
    *,
    person: Person,
    organisation_id: int,
    actor: Actor,
    evidence_dir: Path | None = None,
) -> None:
    """Erase by the rule above. Irreversible: the login is freed and can never sign in."""
    if person.erased_at is not None:
        raise DomainError("erased")
    if person.id == actor.person_id:
        raise DomainError("cannot_erase_self")
    assert person.id is not None
    accounts.delete_sessions_of(session, person.id)
    accounts.delete_group_memberships_of(session, person.id)
    accounts.clear_failures(session, f"account:{person.id}")
    tasks_repository.delete_requests_of(session, person.id)
    progress_repository.delete_of(session, person.id)
    qualifications.delete_operator_rows_of(session, person.id)
    teaching.delete_targets_of(session, person.id)
    if evidence_dir is not None:
        for row in tasks_repository.evidence_of(session, person.id):
            if row.evidence_file:
                (evidence_dir / row.evidence_file).unlink(missing_ok=True)
    person.login = f"erased-{person.id}"
    person.display_name = f"Erased person #{person.id}"
    person.password_hash = None
    person.preferred_language = "en"
    person.is_active = False
    person.is_platform_admin = False
    person.must_change_password = False
    person.erased_at = utcnow()
    session.add(person)
    record_about_person(
        session,
        "person_erased",
        actor,
        person.id,
        organisation_id=organisation_id,
    )
