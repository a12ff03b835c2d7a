"""Qualification records: sites and workstations, enrolment, awards (proposed, confirmed,
renewed, revoked), expiry reminders and skill overrides. Every change is written with its
audit event in the same transaction. Bad input raises :class:`DomainError`."""

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from lms.accounts import repository as accounts
from lms.accounts.models import Person, Role, aware, utcnow
from lms.accounts.service import Actor, clean_text
from lms.assessment import repository as attempts_repository
from lms.audit.service import record
from lms.curriculum.model import Curriculum, Programme
from lms.errors import DomainError
from lms.qualifications import repository
from lms.qualifications.models import (
    Award,
    AwardStatus,
    Enrolment,
    Reminder,
    Site,
    SkillOverride,
    Workstation,
    WorkstationOperator,
    WorkstationRequirement,
)
from lms.qualifications.rules import (
    LEVELS,
    Gap,
    Standing,
    add_months,
    gap,
    may_renew,
    reminder_due,
    standing,
)
from lms.tasks import repository as tasks_repository


def _audit(
    session: Session, action: str, actor: Actor, organisation_id: int, **details: Any
) -> None:
    record(
        session,
        action,
        actor_id=actor.person_id,
        ip=actor.ip,
        organisation_id=organisation_id,
        **details,
    )


# -- sites and workstations ------------------------------------------------------------


def add_site(session: Session, *, organisation_id: int, name: str, actor: Actor) -> Site:
    name = clean_text(name, field="name", limit=120)
    if repository.site_by_name(session, organisation_id, name) is not None:
        raise DomainError("site_exists")
    site = Site(organisation_id=organisation_id, name=name)
    repository.add(session, site)
    _audit(session, "site_added", actor, organisation_id, subject_type="site", subject_id=site.id)
    return site


def add_workstation(
    session: Session,
    *,
    curriculum: Curriculum,
    organisation_id: int,
    site_id: int,
    name: str,
    programme_ids: list[str],
    actor: Actor,
) -> Workstation:
    site = repository.get_site(session, organisation_id, site_id)
    if site is None:
        raise DomainError("invalid_site")
    name = clean_text(name, field="name", limit=120)
    if repository.workstation_by_name(session, site_id, name) is not None:
        raise DomainError("workstation_exists")
    wanted = _programmes(curriculum, programme_ids)
    workstation = Workstation(organisation_id=organisation_id, site_id=site_id, name=name)
    repository.add(session, workstation)
    assert workstation.id is not None
    for programme_id in wanted:
        repository.add(
            session,
            WorkstationRequirement(workstation_id=workstation.id, programme_id=programme_id),
        )
    _audit(
        session,
        "workstation_added",
        actor,
        organisation_id,
        subject_type="workstation",
        subject_id=workstation.id,
        requires=wanted,
    )
    return workstation


def _programmes(curriculum: Curriculum, programme_ids: list[str]) -> list[str]:
    wanted = sorted(set(programme_ids))
    if not wanted or any(p not in curriculum.programmes for p in wanted):
        raise DomainError("invalid_programme")
    return wanted


def set_operator(
    session: Session,
    *,
    organisation_id: int,
    workstation: Workstation,
    person: Person,
    present: bool,
    actor: Actor,
) -> bool:
    """Put someone at a workstation or take them off it; saying it twice changes nothing."""
    assert workstation.id is not None and person.id is not None
    existing = repository.get_operator(session, workstation.id, person.id)
    if present == (existing is not None):
        return False
    if existing is None:
        repository.add(
            session, WorkstationOperator(workstation_id=workstation.id, person_id=person.id)
        )
    else:
        repository.delete(session, existing)
    _audit(
        session,
        "operator_added" if present else "operator_removed",
        actor,
        organisation_id,
        subject_type="person",
        subject_id=person.id,
        workstation=workstation.id,
    )
    return True


# -- enrolment and the personal plan ---------------------------------------------------


def enrol(
    session: Session,
    *,
    curriculum: Curriculum,
    organisation_id: int,
    person: Person,
    programme_id: str,
    actor: Actor,
) -> bool:
    """Enrol a learner of the organisation in a programme; enrolling twice changes nothing."""
    _programmes(curriculum, [programme_id])
    assert person.id is not None
    membership = accounts.get_membership(session, person.id, organisation_id, Role.learner)
    if membership is None:
        raise DomainError("not_a_learner")
    if repository.get_enrolment(session, organisation_id, person.id, programme_id):
        return False
    repository.add(
        session,
        Enrolment(
            organisation_id=organisation_id,
            person_id=person.id,
            programme_id=programme_id,
            enrolled_by=actor.person_id,
        ),
    )
    _audit(
        session,
        "enrolled",
        actor,
        organisation_id,
        subject_type="person",
        subject_id=person.id,
        programme=programme_id,
    )
    return True


@dataclass
class PlanEntry:
    """One enrolment with what is still missing and the award, for the personal plan."""

    enrolment: Enrolment
    programme: Programme
    gap: Gap
    award: Award | None
    standing: Standing | None


def _since(programme: Programme, previous: Award | None, now: datetime) -> datetime | None:
    """Records count from here: within the validity period, and after the previous award
    (proposed or revoked), so that a new award never rests on the old one's evidence."""
    since = add_months(now, -programme.validity_months) if programme.validity_months else None
    if previous is not None:
        marks = [aware(previous.proposed_at), aware(previous.revoked_at)]
        latest = max(m for m in marks if m is not None)
        since = latest if since is None or latest > since else since
    return since


def plan_of(
    session: Session,
    curriculum: Curriculum,
    person_id: int,
    now: datetime | None = None,
    organisation_ids: set[int] | None = None,
) -> list[PlanEntry]:
    """Each enrolment of the person (in the given organisations) with its gap: what they
    already passed is credited, what is left is their plan."""
    now = now or utcnow()
    enrolments = repository.enrolments_of_person(session, person_id)
    if not enrolments:  # most graded attempts: nothing more to read
        return []
    attempts = attempts_repository.attempts_of(session, person_id)
    sign_offs = tasks_repository.sign_offs_of(session, person_id)
    entries = []
    for enrolment in enrolments:
        if organisation_ids is not None and enrolment.organisation_id not in organisation_ids:
            continue
        programme = curriculum.programmes.get(enrolment.programme_id)
        if programme is None:
            continue
        award = repository.current_award(
            session, enrolment.organisation_id, person_id, programme.id
        )
        previous = award if award is not None and may_renew(award, now) else None
        since = _since(programme, previous, now)
        entries.append(
            PlanEntry(
                enrolment,
                programme,
                gap(programme, attempts, sign_offs, since),
                award,
                standing(award, now) if award else None,
            )
        )
    return entries


def new_code() -> str:
    return secrets.token_urlsafe(16)


def evaluate(
    session: Session,
    curriculum: Curriculum,
    person_id: int,
    actor: Actor,
    now: datetime | None = None,
) -> list[Award]:
    """Propose (or, for programmes with ``award: automatic``, award) each qualification whose
    rules the person now meets. Called after every graded attempt and sign-off; running it
    twice, or from two requests at once, creates one award."""
    now = now or utcnow()
    created = []
    for entry in plan_of(session, curriculum, person_id, now):
        if not entry.gap.complete or not may_renew(entry.award, now):
            continue
        if entry.award is not None and entry.standing is Standing.proposed:
            continue
        automatic = entry.programme.award == "automatic"
        award = Award(
            organisation_id=entry.enrolment.organisation_id,
            person_id=person_id,
            programme_id=entry.programme.id,
            status=AwardStatus.awarded if automatic else AwardStatus.proposed,
            code=new_code(),
            eqf_level=entry.programme.eqf_level,
            proposed_at=now,
            evidence=json.dumps(
                {**entry.gap.evidence(), "since": entry.gap.since}, default=str, sort_keys=True
            ),
        )
        if automatic:
            _grant(award, entry.programme, now, by=None)
        try:
            with session.begin_nested():
                if entry.award is not None:
                    assert entry.award.id is not None
                    repository.retire(session, entry.award.id)
                repository.add(session, award)
        except IntegrityError:
            continue  # another request made it first
        _audit(
            session,
            "award_granted" if automatic else "award_proposed",
            actor,
            award.organisation_id,
            subject_type="award",
            subject_id=award.id,
            person=person_id,
            programme=award.programme_id,
            evidence=json.loads(award.evidence),
        )
        created.append(award)
    return created


def _grant(award: Award, programme: Programme, now: datetime, by: int | None) -> None:
    award.status = AwardStatus.awarded
    award.awarded_at = now
    award.awarded_by = by
    award.expires_at = (
        add_months(now, programme.validity_months) if programme.validity_months else None
    )


def confirm(
    session: Session,
    *,
    curriculum: Curriculum,
    award: Award,
    actor: Actor,
    now: datetime | None = None,
) -> None:
    """A supervisor confirms a proposed award. The rules are checked again first: a sign-off
    corrected since the proposal must not slip through."""
    now = now or utcnow()
    if award.status != AwardStatus.proposed:
        raise DomainError("award_not_proposed")
    programme = curriculum.programmes.get(award.programme_id)
    if programme is None:
        raise DomainError("invalid_programme")
    stored = json.loads(award.evidence or "{}")
    since = aware(datetime.fromisoformat(stored["since"])) if stored.get("since") else None
    check = gap(
        programme,
        attempts_repository.attempts_of(session, award.person_id),
        tasks_repository.sign_offs_of(session, award.person_id),
        since,
    )
    if not check.complete:
        raise DomainError("award_rules_not_met")
    award.evidence = json.dumps({**check.evidence(), "since": since}, default=str, sort_keys=True)
    _grant(award, programme, now, by=actor.person_id)
    session.add(award)
    session.flush()
    _audit(
        session,
        "award_confirmed",
        actor,
        award.organisation_id,
        subject_type="award",
        subject_id=award.id,
        person=award.person_id,
        programme=award.programme_id,
        expires=award.expires_at,
    )


def revoke(
    session: Session, *, award: Award, reason: str, actor: Actor, now: datetime | None = None
) -> None:
    """Revoke an award (or turn down a proposal), with a reason; nothing is deleted."""
    if award.status == AwardStatus.revoked:
        raise DomainError("award_revoked")
    reason = clean_text(reason, field="reason", limit=1000) if reason.strip() else ""
    if not reason:
        raise DomainError("revoke_needs_reason")
    award.status = AwardStatus.revoked
    award.revoked_at = now or utcnow()
    award.revoked_by = actor.person_id
    award.revoke_reason = reason
    session.add(award)
    session.flush()
    _audit(
        session,
        "award_revoked",
        actor,
        award.organisation_id,
        subject_type="award",
        subject_id=award.id,
        person=award.person_id,
        programme=award.programme_id,
        reason=reason,
    )


def remind(session: Session, *, actor: Actor, now: datetime | None = None) -> list[Reminder]:
    """Record the expiry reminders due now (60, 30 and 7 days before, and on expiry), each
    at most once per award; run daily (``lms qualifications remind``)."""
    now = now or utcnow()
    awards = repository.awards_expiring(session, now + timedelta(days=60))
    sent_all = repository.reminders_for(session, [a.id for a in awards if a.id is not None])
    made = []
    for award in awards:
        sent = {days for award_id, days in sent_all if award_id == award.id}
        days = reminder_due(award, now, sent)
        if days is None:
            continue
        assert award.id is not None
        reminder = Reminder(award_id=award.id, person_id=award.person_id, days_before=days)
        repository.add(session, reminder)
        _audit(
            session,
            "expiry_reminder" if days else "award_expired",
            actor,
            award.organisation_id,
            subject_type="award",
            subject_id=award.id,
            person=award.person_id,
            days_before=days,
        )
        made.append(reminder)
    return made


# -- skill overrides -------------------------------------------------------------------


def override(
    session: Session,
    *,
    curriculum: Curriculum,
    organisation_id: int,
    person: Person,
    competency_id: str,
    level: str,
    reason: str,
    actor: Actor,
) -> SkillOverride:
    """A supervisor's ILUO level with a reason; ``level`` "" goes back to the derived one."""
    if competency_id not in curriculum.competencies:
        raise DomainError("invalid_competency")
    if level not in {*LEVELS, ""}:
        raise DomainError("invalid_level")
    reason = clean_text(reason, field="reason", limit=1000) if reason.strip() else ""
    if not reason:
        raise DomainError("override_needs_reason")
    assert person.id is not None and actor.person_id is not None
    row = SkillOverride(
        organisation_id=organisation_id,
        person_id=person.id,
        competency_id=competency_id,
        level=level,
        reason=reason,
        set_by=actor.person_id,
    )
    repository.add(session, row)
    _audit(
        session,
        "skill_override",
        actor,
        organisation_id,
        subject_type="person",
        subject_id=person.id,
        competency=competency_id,
        level=level or "derived",
        reason=reason,
    )
    return row
