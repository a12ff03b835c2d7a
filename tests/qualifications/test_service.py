"""Qualification records through the platform: the plan, proposal and confirmation,
automatic awards, revocation, requalification after expiry, reminders and overrides."""

import json
import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import select

from lms.accounts import repository as accounts
from lms.accounts.models import utcnow
from lms.accounts.service import SYSTEM
from lms.assessment.models import Attempt
from lms.audit.models import AuditEvent
from lms.db import transaction
from lms.demo_records import record_evidence
from lms.qualifications import matrix, repository
from lms.qualifications import service as qualifications
from lms.qualifications.models import Award, AwardStatus, Reminder
from lms.qualifications.rules import Level, add_months
from lms.tasks.models import SignOff, Verdict
from tests.conftest import shipped
from tests.helpers import log_in_as, right_answers

CURRICULUM_BUILT, _ = shipped()


def _plan(person_id: int):
    with transaction(write=False) as session:
        return qualifications.plan_of(session, CURRICULUM_BUILT, person_id)[0]


def _awards(person_id: int) -> list[Award]:
    with transaction(write=False) as session:
        return repository.awards_of_person(session, person_id)


def _id(login: str) -> int:
    with transaction(write=False) as session:
        person = accounts.get_person_by_login(session, login)
        assert person is not None and person.id is not None
        return person.id


def test_the_operators_plan_credits_what_they_passed_and_moves_as_they_pass(
    client: TestClient, demo
) -> None:
    aino = demo["fi-learner"]
    before = _plan(aino)
    assert before.programme.id == "requalification"
    assert before.gap.met_count == 2  # the defects assessment and one sign-off
    token = log_in_as(client, "fi-learner")
    page = client.get("/en/qualifications").text
    assert "2 of 13 requirements met" in page
    url = client.post(
        "/en/modules/measurement/quiz/start", data={"csrf_token": token}, follow_redirects=False
    ).headers["location"]
    attempt_id = int(url.rsplit("/", 1)[1])
    with transaction(write=False) as session:
        attempt = session.get(Attempt, attempt_id)
    answers = right_answers(CURRICULUM_BUILT, attempt)
    client.post(f"{url}/submit", data={"csrf_token": token, **answers})
    after = _plan(aino)
    assert after.gap.met_count == 3
    assert "3 of 13 requirements met" in client.get("/en/qualifications").text


def test_a_supervisor_confirms_a_proposal_once_and_the_award_rests_on_its_evidence(
    client: TestClient, demo
) -> None:
    elina = _id("fi-op-elina")
    [proposal] = _awards(elina)
    assert proposal.status == AwardStatus.proposed
    token = log_in_as(client, "fi-supervisor")
    factory = demo["pohjola-plastics"]
    for _ in range(2):  # a double click
        response = client.post(
            f"/en/orgs/{factory}/awards/{proposal.id}/confirm",
            data={"csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303
    [award] = _awards(elina)
    assert award.status == AwardStatus.awarded
    assert award.expires_at is not None
    expected = add_months(award.awarded_at, 24)
    assert abs((expected - award.expires_at).total_seconds()) < 1 or award.expires_at.replace(
        tzinfo=None
    ) == expected.replace(tzinfo=None)
    evidence = json.loads(award.evidence)
    assert len(evidence["attempts"]) == 5 and len(evidence["sign_offs"]) == 8
    with transaction(write=False) as session:
        actions = [
            e.action
            for e in session.exec(select(AuditEvent).where(AuditEvent.subject_type == "award"))
        ]
    assert actions.count("award_confirmed") == 1


def test_a_sign_off_corrected_after_the_proposal_blocks_the_confirmation(
    client: TestClient, demo
) -> None:
    elina = _id("fi-op-elina")
    [proposal] = _awards(elina)
    with transaction(write=True) as session:
        passed = session.exec(
            select(SignOff).where(SignOff.learner_id == elina, SignOff.task_id == "visual-check")
        ).first()
        session.add(
            SignOff(
                learner_id=elina,
                assessor_id=demo["fi-teacher"],
                organisation_id=demo["pohjola-plastics"],
                module_id="defects",
                module_version="1.0",
                task_id="visual-check",
                verdict=Verdict.again,
                place="line",
                corrects_id=passed.id,
                correction_reason="wrong learner ticked",
            )
        )
    token = log_in_as(client, "fi-supervisor")
    response = client.post(
        f"/en/orgs/{demo['pohjola-plastics']}/awards/{proposal.id}/confirm",
        data={"csrf_token": token},
    )
    assert response.status_code == 400
    assert "no longer met" in response.text
    assert _awards(elina)[0].status == AwardStatus.proposed


def test_revoking_needs_a_reason_and_is_audited(client: TestClient, demo) -> None:
    pekka = _id("fi-op-pekka")
    [award] = _awards(pekka)
    url = f"/en/orgs/{demo['pohjola-plastics']}/awards/{award.id}/revoke"
    token = log_in_as(client, "fi-supervisor")
    refused = client.post(url, data={"csrf_token": token, "reason": "  "})
    assert refused.status_code == 400 and _awards(pekka)[0].status == AwardStatus.awarded
    client.post(url, data={"csrf_token": token, "reason": "Left the inspection cell"})
    [revoked] = _awards(pekka)
    assert revoked.status == AwardStatus.revoked
    assert revoked.revoke_reason == "Left the inspection cell"
    with transaction(write=False) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "award_revoked")).one()
    assert json.loads(event.details)["reason"] == "Left the inspection cell"
    assert event.actor_id == demo["fi-supervisor"]


def test_an_automatic_programme_awards_once_when_the_rules_are_met(demo) -> None:
    learner = demo["lt-learner"]
    operator = CURRICULUM_BUILT.programmes["operator"]
    with transaction(write=True) as session:
        person = accounts.get_person(session, learner)
        teacher = accounts.get_person(session, demo["lt-teacher"])
        school = accounts.get_organisation(session, demo["nemunas-vocational-school"])
        record_evidence(
            session,
            CURRICULUM_BUILT,
            operator,
            person,
            teacher,
            school,
            utcnow() - timedelta(days=5),
        )
        first = qualifications.evaluate(session, CURRICULUM_BUILT, learner, SYSTEM)
        second = qualifications.evaluate(session, CURRICULUM_BUILT, learner, SYSTEM)
    assert [a.status for a in first] == [AwardStatus.awarded] and second == []
    [award] = _awards(learner)
    assert award.expires_at is None and award.programme_id == "operator"


def test_requalification_after_expiry_needs_new_evidence(demo) -> None:
    matti = _id("fi-op-matti")
    requal = CURRICULUM_BUILT.programmes["requalification"]
    with transaction(write=True) as session:
        assert qualifications.evaluate(session, CURRICULUM_BUILT, matti, SYSTEM) == []
    plan = _plan(matti)
    assert plan.standing == "expired" and plan.gap.met_count == 0
    with transaction(write=True) as session:
        person = accounts.get_person(session, matti)
        teacher = accounts.get_person(session, demo["fi-teacher"])
        factory = accounts.get_organisation(session, demo["pohjola-plastics"])
        record_evidence(
            session,
            CURRICULUM_BUILT,
            requal,
            person,
            teacher,
            factory,
            utcnow() - timedelta(days=1),
        )
        made = qualifications.evaluate(session, CURRICULUM_BUILT, matti, SYSTEM)
    assert [a.status for a in made] == [AwardStatus.proposed]
    old, new = _awards(matti)
    assert old.current is None and new.current == 1


def test_expiry_reminders_are_recorded_once(demo) -> None:
    with transaction(write=True) as session:
        first = qualifications.remind(session, actor=SYSTEM)
    with transaction(write=True) as session:
        again = qualifications.remind(session, actor=SYSTEM)
    by_person = {r.person_id: r.days_before for r in first}
    assert by_person == {_id("fi-op-sanna"): 30, _id("fi-op-matti"): 0}
    assert again == []
    with transaction(write=False) as session:
        assert len(session.exec(select(Reminder)).all()) == 2


def test_an_override_stands_over_the_derived_level_with_its_reason(
    client: TestClient, demo
) -> None:
    factory = demo["pohjola-plastics"]
    kaisa = _id("fi-op-kaisa")
    token = log_in_as(client, "fi-supervisor")
    refused = client.post(
        f"/en/orgs/{factory}/skills/override",
        data={
            "csrf_token": token,
            "person_id": kaisa,
            "competency_id": "spc",
            "level": "O",
            "reason": "",
        },
    )
    assert refused.status_code == 400
    client.post(
        f"/en/orgs/{factory}/skills/override",
        data={
            "csrf_token": token,
            "person_id": kaisa,
            "competency_id": "aoi-operation",
            "level": "O",
            "reason": "Runs the SPC training for new starters",
        },
    )
    with transaction(write=False) as session:
        people = repository.people_page(session, repository.operators(session, factory), 0, None)
        rows = matrix.rows_for(
            session,
            CURRICULUM_BUILT,
            factory,
            people,
            repository.ids_of(people),
            ["spc", "aoi-operation"],
        )
    cells = {row.person.display_name: row.cells for row in rows}
    spc, aoi = cells["Kaisa Rantanen"]
    assert aoi.level is Level.o and aoi.derived is Level.u and aoi.override is not None
    # the operator programme also requires the control-chart task, which she has not done
    assert spc.level is Level.l and spc.override is None
    page = client.get(f"/en/orgs/{factory}/skills").text
    assert "Runs the SPC training for new starters" in page
    assert re.search(r"level-O level-override[^>]*>O\*", page)
