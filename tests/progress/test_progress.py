"""Progress: reading marks, module completion and the next step."""

import re

from fastapi.testclient import TestClient

from lms.db import transaction
from lms.progress.service import NextStep, progress_of
from tests.conftest import shipped
from tests.helpers import log_in_as, right_answers


def _progress(person_id: int):
    curriculum, _ = shipped()
    with transaction(write=False) as session:
        return progress_of(session, curriculum, person_id)["defects"]


def test_next_step_moves_from_reading_to_quiz_to_tasks_to_done(client: TestClient, demo) -> None:
    learner = demo["lt-learner"]
    assert _progress(learner).next_step is NextStep.read
    token = log_in_as(client, "lt-learner")
    handbook = client.get("/en/modules/defects/handbook").text
    anchors = re.findall(r'name="read" value="([^"]+)"', handbook)
    assert len(anchors) == _progress(learner).sections >= 5
    client.post("/en/modules/defects/reading", data={"csrf_token": token, "read": anchors[:2]})
    assert _progress(learner).sections_read == 2
    client.post(
        "/en/modules/defects/reading",
        data={"csrf_token": token, "read": [*anchors, "not-a-section"]},
    )
    assert _progress(learner).sections_read == len(anchors)
    assert _progress(learner).next_step is NextStep.quiz
    url = client.post(
        "/en/modules/defects/quiz/start", data={"csrf_token": token}, follow_redirects=False
    ).headers["location"]
    curriculum, _ = shipped()
    from lms.assessment.models import Attempt

    with transaction(write=False) as session:
        attempt = session.get(Attempt, int(url.rsplit("/", 1)[1]))
    client.post(f"{url}/submit", data={"csrf_token": token, **right_answers(curriculum, attempt)})
    progress = _progress(learner)
    assert progress.quiz_passed and progress.next_step is NextStep.task
    teacher = log_in_as(client, "lt-teacher")
    school = demo["nemunas-vocational-school"]
    for task in ("visual-check", "defect-troubleshooting"):
        assess = f"/en/assess/{school}/people/{learner}/modules/defects/tasks/{task}"
        criteria = sorted(
            set(re.findall(r'name="criteria" value="(c\d+)"', client.get(assess).text))
        )
        client.post(
            assess,
            data={
                "csrf_token": teacher,
                "verdict": "passed",
                "place": "workshop",
                "criteria": criteria,
            },
        )
    assert _progress(learner).complete and _progress(learner).next_step is NextStep.done
    log_in_as(client, "lt-learner")
    page = client.get("/en/progress").text
    operator = len(curriculum.programmes["operator"].modules)
    assert f"1 of {operator} modules complete" in page and "100 %" in page and "version 1.0" in page
