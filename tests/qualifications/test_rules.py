"""The rules of qualifications, as pure functions: gap, crediting, freshness, standing,
reminders and ILUO levels."""

from datetime import UTC, datetime, timedelta

import pytest

from lms.assessment.models import Attempt
from lms.curriculum.model import Programme, ProgrammeModule
from lms.qualifications.models import Award, AwardStatus
from lms.qualifications.rules import (
    CompetencyPlan,
    Level,
    PersonEvidence,
    Standing,
    add_months,
    derive_level,
    gap,
    may_renew,
    reminder_due,
    standing,
)
from lms.tasks.models import SignOff, Verdict

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
PROGRAMME = Programme(
    id="requal",
    path=None,  # type: ignore[arg-type]
    title={"en": "Requal"},
    summary={},
    eqf_level=4,
    validity_months=24,
    modules=[
        ProgrammeModule("defects", 80, ["visual-check"]),
        ProgrammeModule("spc", 70, []),
    ],
)


def attempt(id: int, module: str, score: float, at: datetime) -> Attempt:
    return Attempt(
        id=id,
        person_id=1,
        module_id=module,
        module_version="1.0",
        content_hash="x",
        language="en",
        number=1,
        seed=1,
        status="submitted",
        score_percent=score,
        passed=score >= 70,
        submitted_at=at,
    )


def sign_off(
    id: int, task: str, verdict: str, at: datetime, corrects: int | None = None
) -> SignOff:
    return SignOff(
        id=id,
        learner_id=1,
        assessor_id=2,
        organisation_id=1,
        module_id="defects",
        module_version="1.0",
        task_id=task,
        verdict=verdict,
        place="line",
        created_at=at,
        corrects_id=corrects,
        correction_reason="mistake" if corrects else "",
    )


def test_the_gap_credits_what_was_passed_and_lists_what_is_left() -> None:
    week_ago = NOW - timedelta(days=7)
    result = gap(
        PROGRAMME,
        [
            attempt(1, "defects", 75, week_ago),
            attempt(2, "defects", 85, NOW),
            attempt(3, "spc", 60, NOW),
        ],
        [sign_off(1, "visual-check", Verdict.passed, week_ago)],
        None,
    )
    by_key = {(r.module_id, r.task_id): r for r in result.requirements}
    assert by_key[("defects", None)].met and by_key[("defects", None)].evidence_id == 2
    assert by_key[("defects", "visual-check")].met
    spc = by_key[("spc", None)]
    assert not spc.met and spc.tried and spc.score == 60
    assert result.met_count == 2 and not result.complete
    assert result.evidence() == {
        "attempts": [{"id": 2, "module": "defects", "version": "1.0", "score": 85}],
        "sign_offs": [{"id": 1, "module": "defects", "version": "1.0", "task": "visual-check"}],
    }


def test_a_pass_mark_is_the_programmes_not_the_attempts() -> None:
    # 75 % passes the module's own assessment (70) but not this programme's 80.
    result = gap(PROGRAMME, [attempt(1, "defects", 75, NOW)], [], None)
    assert not result.requirements[0].met


def test_a_corrected_sign_off_no_longer_counts() -> None:
    rows = [
        sign_off(1, "visual-check", Verdict.passed, NOW - timedelta(days=2)),
        sign_off(2, "visual-check", Verdict.again, NOW - timedelta(days=1), corrects=1),
    ]
    result = gap(PROGRAMME, [], rows, None)
    assert not result.requirements[1].met and result.requirements[1].tried


def test_only_evidence_since_the_given_moment_counts() -> None:
    old = NOW - timedelta(days=800)
    rows = [attempt(1, "defects", 90, old), attempt(2, "spc", 90, old)]
    signed = [sign_off(1, "visual-check", Verdict.passed, old)]
    assert gap(PROGRAMME, rows, signed, None).complete
    assert gap(PROGRAMME, rows, signed, add_months(NOW, -24)).met_count == 0


def award(status: str, expires: datetime | None) -> Award:
    return Award(
        id=1,
        organisation_id=1,
        person_id=1,
        programme_id="requal",
        status=status,
        code="c",
        proposed_at=NOW - timedelta(days=700),
        awarded_at=NOW - timedelta(days=700),
        expires_at=expires,
    )


@pytest.mark.parametrize(
    ("status", "days_left", "expected"),
    [
        (AwardStatus.awarded, 400, Standing.valid),
        (AwardStatus.awarded, 29, Standing.expiring),
        (AwardStatus.awarded, 0, Standing.expired),
        (AwardStatus.awarded, -3, Standing.expired),
        (AwardStatus.proposed, 400, Standing.proposed),
        (AwardStatus.revoked, 400, Standing.revoked),
    ],
)
def test_standing_follows_status_and_expiry(
    status: str, days_left: int, expected: Standing
) -> None:
    assert standing(award(status, NOW + timedelta(days=days_left)), NOW) is expected


def test_an_award_without_expiry_stays_valid() -> None:
    assert standing(award(AwardStatus.awarded, None), NOW) is Standing.valid


def test_renewal_opens_90_days_before_expiry_and_after_expiry_or_revocation() -> None:
    assert may_renew(None, NOW)
    assert not may_renew(award(AwardStatus.awarded, NOW + timedelta(days=200)), NOW)
    assert may_renew(award(AwardStatus.awarded, NOW + timedelta(days=60)), NOW)
    assert may_renew(award(AwardStatus.awarded, NOW - timedelta(days=1)), NOW)
    assert may_renew(award(AwardStatus.revoked, NOW + timedelta(days=200)), NOW)
    assert not may_renew(award(AwardStatus.proposed, None), NOW)


@pytest.mark.parametrize(
    ("days_left", "sent", "expected"),
    [
        (90, set(), None),
        (59, set(), 60),
        (59, {60}, None),
        (29, {60}, 30),
        (6, set(), 7),  # a missed run sends the closest reminder only
        (6, {60, 30, 7}, None),
        (-1, {60, 30, 7}, 0),
        (-1, {0}, None),
    ],
)
def test_reminders_go_out_once_per_threshold(
    days_left: int, sent: set[int], expected: int | None
) -> None:
    assert (
        reminder_due(award(AwardStatus.awarded, NOW + timedelta(days=days_left)), NOW, sent)
        == expected
    )


def test_no_reminder_for_revoked_awards_or_awards_without_expiry() -> None:
    assert reminder_due(award(AwardStatus.revoked, NOW + timedelta(days=3)), NOW, set()) is None
    assert reminder_due(award(AwardStatus.awarded, None), NOW, set()) is None


def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_shorter_month() -> None:
    assert add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2026, 11, 21, tzinfo=UTC), 24) == datetime(2028, 11, 21, tzinfo=UTC)
    assert add_months(datetime(2026, 3, 15, tzinfo=UTC), -15) == datetime(2024, 12, 15, tzinfo=UTC)


PLAN = CompetencyPlan(
    modules={"inspection": ["defects", "optical"]},
    tasks={"inspection": {("defects", "visual-check"), ("optical", "golden")}},
)


@pytest.mark.parametrize(
    ("evidence", "level"),
    [
        (PersonEvidence(), Level.none),
        (PersonEvidence(started_modules={"optical"}), Level.i),
        (PersonEvidence(passed_modules={"defects"}), Level.i),
        (PersonEvidence(passed_modules={"defects", "optical"}), Level.l),
        (
            PersonEvidence(
                passed_modules={"defects", "optical"},
                passed_tasks={("defects", "visual-check"), ("optical", "golden")},
            ),
            Level.u,
        ),
        (
            PersonEvidence(
                passed_modules={"defects", "optical"},
                passed_tasks={("defects", "visual-check"), ("optical", "golden")},
                assessed_modules={"optical"},
            ),
            Level.o,
        ),
    ],
)
def test_iluo_levels_come_from_knowledge_and_skill(evidence: PersonEvidence, level: Level) -> None:
    assert derive_level(PLAN, "inspection", evidence) is level
