"""Practical tasks: readiness, sign-off on the checklist, corrections, evidence photos."""

import re

import pytest
from fastapi.testclient import TestClient

from lms.db import transaction
from lms.tasks import repository
from lms.tasks.service import MAX_EVIDENCE_BYTES, TaskState, evidence_type, task_state
from tests.helpers import log_in_as
from tests.web.test_access import PNG

TASK = "/en/modules/defects/tasks/visual-check"


def _assess_url(demo, learner: str = "lt-learner") -> str:
    school = demo["nemunas-vocational-school"]
    return f"/en/assess/{school}/people/{demo[learner]}/modules/defects/tasks/visual-check"


def _criteria(html: str) -> list[str]:
    return sorted(
        set(re.findall(r'name="criteria" value="(c\d+)"', html)), key=lambda c: int(c[1:])
    )


def _state(demo) -> TaskState:
    with transaction(write=False) as session:
        return task_state(
            "visual-check",
            "defects",
            repository.sign_offs_of(session, demo["lt-learner"]),
            repository.requests_of(session, demo["lt-learner"]),
        )


def test_from_ready_to_needs_another_try_to_passed(client: TestClient, demo) -> None:
    learner = log_in_as(client, "lt-learner")
    assert "Not started" in client.get(TASK).text
    client.post(f"{TASK}/ready", data={"csrf_token": learner})
    assert _state(demo) is TaskState.ready
    teacher = log_in_as(client, "lt-teacher")
    assert (
        "Rūta Petrauskaitė: Defects in injection-moulded parts / "
        "Visual check of moulded parts against limit samples" in client.get("/en/assess").text
    )
    form = client.get(_assess_url(demo)).text
    criteria = _criteria(form)
    response = client.post(
        _assess_url(demo),
        data={
            "csrf_token": teacher,
            "verdict": "needs_another_try",
            "place": "line",
            "line_machine": "Line 3, M12",
            "comment": "Missed two flashed caps.",
            "criteria": criteria[:-2],
        },
    )
    assert "The sign-off has been recorded." in response.text
    assert _state(demo) is TaskState.again
    log_in_as(client, "lt-learner")
    client.post(f"{TASK}/ready", data={"csrf_token": log_in_as(client, "lt-learner")})
    assert _state(demo) is TaskState.ready
    teacher = log_in_as(client, "lt-teacher")
    client.post(
        _assess_url(demo),
        data={
            "csrf_token": teacher,
            "verdict": "passed",
            "place": "workshop",
            "criteria": criteria,
        },
    )
    assert _state(demo) is TaskState.passed
    with transaction(write=False) as session:
        rows = repository.sign_offs_of(session, demo["lt-learner"])
    assert [r.verdict for r in rows] == ["needs_another_try", "passed"]
    assert rows[0].line_machine == "Line 3, M12" and rows[1].module_version == "1.0"


def test_passed_needs_every_criterion_and_nothing_is_stored_otherwise(
    client: TestClient, demo
) -> None:
    teacher = log_in_as(client, "lt-teacher")
    criteria = _criteria(client.get(_assess_url(demo)).text)
    response = client.post(
        _assess_url(demo),
        data={
            "csrf_token": teacher,
            "verdict": "passed",
            "place": "workshop",
            "criteria": criteria[:1],
        },
    )
    assert response.status_code == 400 and "only when every criterion is met" in response.text
    bad_place = client.post(
        _assess_url(demo),
        data={"csrf_token": teacher, "verdict": "passed", "place": "garden", "criteria": criteria},
    )
    assert bad_place.status_code == 400
    forged = client.post(
        _assess_url(demo),
        data={
            "csrf_token": teacher,
            "verdict": "passed",
            "place": "workshop",
            "criteria": [*criteria, "c99", "x"],
        },
    )
    assert forged.status_code == 200
    with transaction(write=False) as session:
        rows = repository.sign_offs_of(session, demo["lt-learner"])
    assert len(rows) == 1 and "c99" not in rows[0].criteria_met


def test_a_correction_is_a_new_record_and_the_history_shows_both(client: TestClient, demo) -> None:
    teacher = log_in_as(client, "lt-teacher")
    criteria = _criteria(client.get(_assess_url(demo)).text)
    client.post(
        _assess_url(demo),
        data={
            "csrf_token": teacher,
            "verdict": "passed",
            "place": "workshop",
            "criteria": criteria,
        },
    )
    with transaction(write=False) as session:
        first = repository.sign_offs_of(session, demo["lt-learner"])[0]
    refused = client.post(
        _assess_url(demo),
        data={
            "csrf_token": teacher,
            "verdict": "needs_another_try",
            "place": "workshop",
            "corrects": str(first.id),
            "reason": " ",
        },
    )
    assert refused.status_code == 400 and "A correction needs a reason." in refused.text
    page = client.post(
        _assess_url(demo),
        data={
            "csrf_token": teacher,
            "verdict": "needs_another_try",
            "place": "workshop",
            "corrects": str(first.id),
            "reason": "Signed the wrong learner's sheet.",
        },
    )
    assert "Corrects record" in page.text and "Signed the wrong learner&#39;s sheet." in page.text
    assert "Corrected by a later record." in page.text
    with transaction(write=False) as session:
        rows = repository.sign_offs_of(session, demo["lt-learner"])
    assert len(rows) == 2 and rows[0].verdict == "passed", "the first record is unchanged"
    assert _state(demo) is TaskState.again


def test_evidence_photo_is_checked_and_served_only_to_the_right_people(
    client: TestClient, demo
) -> None:
    teacher = log_in_as(client, "lt-teacher")
    criteria = _criteria(client.get(_assess_url(demo)).text)
    base = {"csrf_token": teacher, "verdict": "passed", "place": "workshop", "criteria": criteria}
    fake = client.post(
        _assess_url(demo),
        data=base,
        files={"evidence": ("photo.jpg", b"<svg onload=x>", "image/jpeg")},
    )
    assert fake.status_code == 400 and "JPEG, PNG or WebP" in fake.text
    big = client.post(
        _assess_url(demo),
        data=base,
        files={"evidence": ("photo.png", PNG + b"0" * MAX_EVIDENCE_BYTES, "image/png")},
    )
    assert big.status_code == 400 and "larger than 5 MB" in big.text
    ok = client.post(
        _assess_url(demo), data=base, files={"evidence": ("../../etc/passwd.png", PNG, "image/png")}
    )
    assert ok.status_code == 200
    with transaction(write=False) as session:
        row = repository.sign_offs_of(session, demo["lt-learner"])[0]
    assert row.evidence_type == "image/png" and "passwd" not in row.evidence_file
    download = client.get(f"/evidence/{row.id}")
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.headers["content-type"] == "image/png"
    for login, status in (
        ("lt-learner", 200),
        ("lt-supervisor", 200),
        ("apprentice", 404),
        ("fi-admin", 404),
    ):
        log_in_as(client, login)
        assert client.get(f"/evidence/{row.id}").status_code == status, login


def test_the_other_organisations_assessor_cannot_reach_the_learner(
    client: TestClient, demo
) -> None:
    token = log_in_as(client, "fi-teacher")
    assert client.get(_assess_url(demo)).status_code == 404
    factory, learner = demo["pohjola-plastics"], demo["lt-learner"]
    url = f"/en/assess/{factory}/people/{learner}/modules/defects/tasks/visual-check"
    assert client.get(url).status_code == 404, "a school learner is not found through the factory"
    assert (
        client.post(
            url, data={"csrf_token": token, "verdict": "passed", "place": "line"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (PNG, "image/png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),
        (b"GIF89a", None),
        (b"%PDF-1.7", None),
    ],
)
def test_evidence_type_is_read_from_the_content(data: bytes, kind: str | None) -> None:
    assert evidence_type(data) == kind
