"""Rules of practical tasks: readiness, sign-off against the checklist, corrections, and
evidence photos (size-capped, type-checked by content, stored outside the web root)."""

import json
import secrets
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlmodel import Session

from lms.audit.service import record
from lms.curriculum.model import Module, Task, TaskPlace
from lms.errors import DomainError
from lms.tasks import repository
from lms.tasks.models import SignOff, TaskRequest, Verdict

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
#: Evidence types recognised by their first bytes, never by the name or the browser's word.
_SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
}
_SUFFIX = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}


class TaskState(StrEnum):
    not_started = "not_started"
    ready = "ready"
    passed = "passed"
    again = "needs_another_try"


def evidence_type(data: bytes) -> str | None:
    for media_type, signatures in _SIGNATURES.items():
        if any(data.startswith(s) for s in signatures):
            if media_type == "image/webp" and data[8:12] != b"WEBP":
                continue
            return media_type
    return None


def effective_sign_offs(sign_offs: list[SignOff]) -> list[SignOff]:
    """The records that stand: a corrected record gives way to its correction."""
    corrected = {s.corrects_id for s in sign_offs if s.corrects_id is not None}
    return [s for s in sign_offs if s.id not in corrected]


def task_state(
    task_id: str, module_id: str, sign_offs: list[SignOff], requests: list[TaskRequest]
) -> TaskState:
    standing = [
        s
        for s in effective_sign_offs(sign_offs)
        if s.task_id == task_id and s.module_id == module_id
    ]
    if standing:
        latest = max(standing, key=lambda s: s.id or 0)
        if latest.verdict == Verdict.passed:
            return TaskState.passed
        if not any(
            r.task_id == task_id and r.module_id == module_id and r.requested_at > latest.created_at
            for r in requests
        ):
            return TaskState.again
    if any(r.task_id == task_id and r.module_id == module_id for r in requests):
        return TaskState.ready
    return TaskState.not_started


def request_assessment(session: Session, *, learner_id: int, module: Module, task_id: str) -> bool:
    if repository.get_request(session, learner_id, module.id, task_id) is not None:
        return False
    repository.add(session, TaskRequest(person_id=learner_id, module_id=module.id, task_id=task_id))
    return True


@dataclass(frozen=True)
class Evidence:
    data: bytes
    media_type: str


def check_evidence(data: bytes) -> Evidence | None:
    if not data:
        return None
    if len(data) > MAX_EVIDENCE_BYTES:
        raise DomainError("evidence_too_large")
    media_type = evidence_type(data)
    if media_type is None:
        raise DomainError("evidence_not_a_photo")
    return Evidence(data, media_type)


def sign_off(
    session: Session,
    *,
    learner_id: int,
    assessor_id: int,
    organisation_id: int,
    module: Module,
    task: Task,
    verdict: str,
    criteria_met: list[str],
    comment: str,
    place: str,
    line_machine: str,
    evidence: Evidence | None,
    evidence_dir: Path,
    ip: str,
    corrects: SignOff | None = None,
    reason: str = "",
) -> SignOff:
    """Record an assessment. Nothing is ever changed afterwards; a correction is another
    sign-off that names the one it corrects and why."""
    if verdict not in (Verdict.passed, Verdict.again):
        raise DomainError("invalid_verdict")
    if place not in {p.value for p in TaskPlace}:
        raise DomainError("invalid_place")
    known = {c.id for c in task.checklist}
    met = sorted({c for c in criteria_met if c in known}, key=lambda c: int(c[1:]))
    if verdict == Verdict.passed and len(met) != len(known):
        raise DomainError("passed_needs_all_criteria")
    if corrects is not None and not reason.strip():
        raise DomainError("correction_needs_reason")
    stored = None
    if evidence is not None:
        evidence_dir.mkdir(parents=True, exist_ok=True)
        stored = secrets.token_hex(16) + _SUFFIX[evidence.media_type]
        (evidence_dir / stored).write_bytes(evidence.data)
    row = SignOff(
        learner_id=learner_id,
        assessor_id=assessor_id,
        organisation_id=organisation_id,
        module_id=module.id,
        module_version=module.version,
        task_id=task.id,
        verdict=verdict,
        criteria_met=json.dumps(met),
        criteria_total=len(known),
        comment=comment.strip()[:2000],
        place=place,
        line_machine=line_machine.strip()[:200],
        evidence_file=stored,
        evidence_type=evidence.media_type if evidence else None,
        corrects_id=corrects.id if corrects else None,
        correction_reason=reason.strip()[:1000],
    )
    repository.add(session, row)
    repository.delete_request(session, learner_id, module.id, task.id)
    record(
        session,
        "sign_off_corrected" if corrects else "sign_off_recorded",
        actor_id=assessor_id,
        ip=ip,
        organisation_id=organisation_id,
        subject_type="person",
        subject_id=learner_id,
        sign_off=row.id,
        module=module.id,
        version=module.version,
        task=task.id,
        verdict=verdict,
    )
    return row
