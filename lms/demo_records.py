"""Demo records that make the qualification pages real: a factory site with three
workstations, operators at every stage of the requalification pathway (qualified, expiring,
expired, waiting for confirmation, in training, not enrolled), their results and sign-offs,
and a school class with assignments. Seeded once: a second run finds the site and stops.
"""

import json
import random
from datetime import datetime, timedelta

from sqlmodel import Session

from lms.accounts import repository as accounts
from lms.accounts.models import LearnerGroup, Organisation, Person, Role, utcnow
from lms.accounts.service import SYSTEM, Actor, add_to_group, create_person
from lms.assessment import repository as attempts
from lms.assessment.models import Attempt, AttemptStatus
from lms.curriculum.model import Curriculum, Programme
from lms.curriculum.service import content_hash
from lms.qualifications import repository
from lms.qualifications import service as qualifications
from lms.qualifications.models import Award, AwardStatus
from lms.qualifications.rules import add_months, gap
from lms.tasks import repository as tasks
from lms.tasks.models import SignOff, Verdict
from lms.teaching import repository as assignments
from lms.teaching import service as teaching

SITE = "Tampere plant"
#: name -> programmes required
WORKSTATIONS = {
    "Line 3 - automated inspection cell": ["requalification"],
    "Line 3 - injection moulding cell": ["operator"],
    "Line 5 - packaging robot cell": ["requalification"],
}
#: login, name, shift, stage, workstation
OPERATORS = (
    ("fi-op-pekka", "Pekka Laine", "Line 3 day shift", "qualified", 0),
    ("fi-op-kaisa", "Kaisa Rantanen", "Line 3 day shift", "qualified", 0),
    ("fi-op-sanna", "Sanna Heikkinen", "Line 3 night shift", "expiring", 0),
    ("fi-op-matti", "Matti Koskinen", "Line 3 night shift", "expired", 0),
    ("fi-op-elina", "Elina Järvinen", "Line 3 day shift", "proposed", 0),
    ("fi-op-juha", "Juha Lehtonen", "Line 3 night shift", "training", 2),
    ("fi-op-tiina", "Tiina Salo", "Line 3 day shift", "training", 2),
    ("fi-op-ville", "Ville Ojala", "Line 3 night shift", "none", 1),
    ("fi-op-heikki", "Heikki Turunen", "Line 3 day shift", "qualified", 2),
)


def _attempt(
    curriculum: Curriculum,
    person_id: int,
    module_id: str,
    score: float,
    at: datetime,
    number: int,
    pass_mark: int,
) -> Attempt:
    module = curriculum.modules[module_id]
    attempt = Attempt(
        person_id=person_id,
        module_id=module_id,
        module_version=module.version,
        content_hash=content_hash(module, curriculum.source_language),
        language="fi",
        number=number,
        seed=random.Random(person_id * 100 + number).randrange(2**31),  # noqa: S311 - a display order
        status=AttemptStatus.submitted,
        open_slot=None,
        started_at=at - timedelta(minutes=25),
        submitted_at=at,
        pass_mark=pass_mark,
        points=score,
        max_points=100,
        score_percent=score,
        passed=score >= pass_mark,
    )
    return attempt


def _store_closed(session: Session, attempt: Attempt) -> None:
    """Store an attempt and grade it the way the platform does: one closing UPDATE."""
    graded = {
        k: getattr(attempt, k)
        for k in ("submitted_at", "points", "max_points", "score_percent", "passed")
    }
    attempt.status = AttemptStatus.in_progress
    session.add(attempt)
    session.flush()
    assert attempt.id is not None
    attempts.close_attempt(session, attempt.id, **graded)
    session.refresh(attempt)


def _sign_off(
    curriculum: Curriculum,
    learner_id: int,
    assessor_id: int,
    organisation_id: int,
    module_id: str,
    task_id: str,
    at: datetime,
) -> SignOff:
    module = curriculum.modules[module_id]
    task = module.languages[curriculum.source_language].tasks[task_id]
    return SignOff(
        learner_id=learner_id,
        assessor_id=assessor_id,
        organisation_id=organisation_id,
        module_id=module_id,
        module_version=module.version,
        task_id=task_id,
        verdict=Verdict.passed,
        criteria_met=json.dumps([c.id for c in task.checklist]),
        criteria_total=len(task.checklist),
        place="line",
        line_machine="Line 3, inspection cell",
        created_at=at,
    )


def record_evidence(
    session: Session,
    curriculum: Curriculum,
    programme: Programme,
    person: Person,
    assessor: Person,
    organisation: Organisation,
    at: datetime,
    share: float = 1.0,
) -> None:
    """Results and sign-offs for the first ``share`` of the programme's modules."""
    assert person.id is not None and assessor.id is not None and organisation.id is not None
    entries = programme.modules[: max(1, round(len(programme.modules) * share))]
    for index, entry in enumerate(entries):
        moment = at + timedelta(days=index * 3)
        score = min(100.0, entry.pass_mark + 6 + (person.id * 7 + index * 5) % 14)
        _store_closed(
            session,
            _attempt(curriculum, person.id, entry.module_id, score, moment, 1, entry.pass_mark),
        )
        for task_id in entry.required_tasks:
            session.add(
                _sign_off(
                    curriculum,
                    person.id,
                    assessor.id,
                    organisation.id,
                    entry.module_id,
                    task_id,
                    moment + timedelta(hours=2),
                )
            )
    session.flush()


def _award(
    session: Session,
    curriculum: Curriculum,
    programme: Programme,
    person: Person,
    organisation: Organisation,
    at: datetime,
) -> None:
    assert person.id is not None and organisation.id is not None
    check = gap(
        programme,
        attempts.attempts_of(session, person.id),
        tasks.sign_offs_of(session, person.id),
        None,
    )
    repository.add(
        session,
        Award(
            organisation_id=organisation.id,
            person_id=person.id,
            programme_id=programme.id,
            status=AwardStatus.awarded,
            code=qualifications.new_code(),
            eqf_level=programme.eqf_level,
            proposed_at=at,
            awarded_at=at,
            expires_at=add_months(at, programme.validity_months)
            if programme.validity_months
            else None,
            evidence=json.dumps({**check.evidence(), "since": None}, sort_keys=True),
        ),
    )


def seed_factory(
    session: Session,
    curriculum: Curriculum,
    factory: Organisation,
    groups: dict[tuple[str, str], LearnerGroup],
    languages: set[str],
) -> list[str]:
    assert factory.id is not None
    if repository.site_by_name(session, factory.id, SITE) is not None:
        return ["Factory records: already there."]
    now = utcnow()
    site = qualifications.add_site(session, organisation_id=factory.id, name=SITE, actor=SYSTEM)
    assert site.id is not None
    stations = [
        qualifications.add_workstation(
            session,
            curriculum=curriculum,
            organisation_id=factory.id,
            site_id=site.id,
            name=name,
            programme_ids=programmes,
            actor=SYSTEM,
        )
        for name, programmes in WORKSTATIONS.items()
    ]
    requal = curriculum.programmes["requalification"]
    assessor = accounts.get_person_by_login(session, "fi-teacher")
    supervisor = accounts.get_person_by_login(session, "fi-supervisor")
    assert assessor is not None and supervisor is not None
    for login, name, shift, stage, station in OPERATORS:
        person, _ = create_person(
            session,
            organisation_id=factory.id,
            login=login,
            display_name=name,
            role=Role.learner,
            preferred_language="fi",
            languages=languages,
            actor=SYSTEM,
        )
        add_to_group(session, group=groups[(factory.slug, shift)], person=person, actor=SYSTEM)
        qualifications.set_operator(
            session,
            organisation_id=factory.id,
            workstation=stations[station],
            person=person,
            present=True,
            actor=SYSTEM,
        )
        if stage == "none":
            continue
        qualifications.enrol(
            session,
            curriculum=curriculum,
            organisation_id=factory.id,
            person=person,
            programme_id="requalification",
            actor=SYSTEM,
        )
        if stage == "qualified":
            at = now - timedelta(days=120 + len(name) * 9)
            record_evidence(
                session, curriculum, requal, person, assessor, factory, at - timedelta(days=20)
            )
            _award(session, curriculum, requal, person, factory, at)
        elif stage == "expiring":
            at = add_months(now, -24) + timedelta(days=20)
            record_evidence(
                session, curriculum, requal, person, assessor, factory, at - timedelta(days=20)
            )
            _award(session, curriculum, requal, person, factory, at)
        elif stage == "expired":
            at = add_months(now, -25)
            record_evidence(
                session, curriculum, requal, person, assessor, factory, at - timedelta(days=20)
            )
            _award(session, curriculum, requal, person, factory, at)
        elif stage == "proposed":
            record_evidence(
                session, curriculum, requal, person, assessor, factory, now - timedelta(days=30)
            )
            assert person.id is not None
            qualifications.evaluate(session, curriculum, person.id, SYSTEM)
        else:
            record_evidence(
                session,
                curriculum,
                requal,
                person,
                assessor,
                factory,
                now - timedelta(days=40),
                share=0.4,
            )
    pekka = accounts.get_person_by_login(session, "fi-op-pekka")
    assert pekka is not None
    qualifications.override(
        session,
        curriculum=curriculum,
        organisation_id=factory.id,
        person=pekka,
        competency_id="aoi-operation",
        level="O",
        reason="Trains the new operators of the inspection cell since the cell was installed.",
        actor=Actor(person_id=supervisor.id, ip=""),
    )
    # The demo operator (fi-learner): enrolled, the defects module done; the plan moves on
    # as they pass the next assessments.
    aino = accounts.get_person_by_login(session, "fi-learner")
    assert aino is not None and aino.id is not None
    qualifications.enrol(
        session,
        curriculum=curriculum,
        organisation_id=factory.id,
        person=aino,
        programme_id="requalification",
        actor=SYSTEM,
    )
    qualifications.set_operator(
        session,
        organisation_id=factory.id,
        workstation=stations[0],
        person=aino,
        present=True,
        actor=SYSTEM,
    )
    defects = requal.modules[0]
    _store_closed(
        session,
        _attempt(
            curriculum,
            aino.id,
            defects.module_id,
            85,
            now - timedelta(days=10),
            1,
            defects.pass_mark,
        ),
    )
    session.add(
        _sign_off(
            curriculum,
            aino.id,
            assessor.id or 0,
            factory.id,
            defects.module_id,
            defects.required_tasks[0],
            now - timedelta(days=9),
        )
    )
    session.flush()
    return [f"Factory records: 1 site, {len(stations)} workstations, {len(OPERATORS)} operators."]


def seed_school(
    session: Session, curriculum: Curriculum, school: Organisation, group: LearnerGroup
) -> list[str]:
    """The class gets three assignments (one overdue) and its learners the operator pathway."""
    assert school.id is not None and group.id is not None
    teacher = accounts.get_person_by_login(session, "lt-teacher")
    assert teacher is not None
    if assignments.assignments_of_group(session, group.id):
        return ["School records: already there."]
    actor = Actor(person_id=teacher.id, ip="")
    now = utcnow()
    for kind, module_id, task_id, due, key in (
        ("quiz", "defects", "", now + timedelta(days=14), "demo-school-assignment-1"),
        ("module", "materials", "", now + timedelta(days=30), "demo-school-assignment-2"),
        (
            "task",
            "injection-moulding",
            "start-up",
            now - timedelta(days=2),
            "demo-school-assignment-3",
        ),
    ):
        teaching.assign(
            session,
            curriculum=curriculum,
            organisation_id=school.id,
            group=group,
            people=[],
            kind=kind,
            module_id=module_id,
            task_id=task_id,
            due=due.date().isoformat(),
            note="Read the handbook first; bring safety glasses to the workshop."
            if kind == "task"
            else "",
            form_key=key,
            actor=actor,
            now=now - timedelta(days=30),
        )
    for login in ("lt-learner", "apprentice"):
        person = accounts.get_person_by_login(session, login)
        if person is not None:
            qualifications.enrol(
                session,
                curriculum=curriculum,
                organisation_id=school.id,
                person=person,
                programme_id="operator",
                actor=SYSTEM,
            )
    return [
        "School records: 3 assignments for the class; learners enrolled in the operator programme."
    ]
