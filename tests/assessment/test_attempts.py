"""Attempts: saved as you go, graded exactly once, limited in number and time."""

import re
import threading
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from lms.accounts.models import Membership, Organisation, utcnow
from lms.assessment import service as quiz
from lms.assessment.models import Attempt
from lms.db import transaction
from lms.errors import DomainError
from tests.conftest import shipped
from tests.helpers import log_in_as, right_answers


@pytest.fixture(scope="module")
def curriculum():
    built, _ = shipped()
    return built


def _all_attempts() -> list[Attempt]:
    """Every attempt of the school's learners (the demo factory's operators have their own)."""
    school = (
        select(Membership.person_id)
        .join(Organisation, col(Organisation.id) == col(Membership.organisation_id))
        .where(Organisation.slug == "nemunas-vocational-school")
    )
    with transaction(write=False) as session:
        return list(
            session.exec(
                select(Attempt).where(col(Attempt.person_id).in_(school)).order_by(col(Attempt.id))
            )
        )


def _start(client: TestClient, token: str) -> str:
    response = client.post(
        "/en/modules/defects/quiz/start", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    return response.headers["location"]


def test_full_marks_through_the_form_in_lithuanian(client: TestClient, demo, curriculum) -> None:
    token = log_in_as(client, "lt-learner")
    url = _start(client, token).replace("/en/", "/lt/")
    attempt = _all_attempts()[0]
    # The Lithuanian page orders ordering steps and matching answers by their Lithuanian text;
    # build the answers from the layout of the items as shown in Lithuanian.
    lt_items = curriculum.modules["defects"].languages["lt"].items.items
    fields = {}
    for layout in quiz.layout_for(attempt, lt_items):
        key = next(
            i
            for i in quiz.source_items(curriculum, curriculum.modules["defects"])
            if i.id == layout.item.id
        )
        order, name = layout.order, f"a.{key.id}"
        if key.type == "ordering":
            for display, original in enumerate(order):
                fields[f"{name}.{display}"] = [str(original + 1)]
        elif key.type == "matching":
            for left in range(len(key.pairs)):
                fields[f"{name}.{left}"] = [str(order.index(left))]
    fields.update(
        {
            k: v
            for k, v in right_answers(curriculum, attempt).items()
            if k not in fields
            and not any(
                k.startswith(f"a.{i.id}.") and i.type in ("ordering", "matching") for i in lt_items
            )
        }
    )
    response = client.post(f"{url}/submit", data={"csrf_token": token, **fields})
    assert response.status_code == 200
    graded = _all_attempts()[0]
    assert graded.status == "submitted" and graded.passed and graded.score_percent == 100.0
    assert graded.module_version == curriculum.modules["defects"].version
    assert "result result-passed" in response.text


def test_answers_are_saved_as_you_go_and_kept_when_you_come_back(
    client: TestClient, demo, curriculum
) -> None:
    token = log_in_as(client, "lt-learner")
    url = _start(client, token)
    attempt = _all_attempts()[0]
    fields = right_answers(curriculum, attempt)
    half = dict(list(fields.items())[: len(fields) // 2])
    assert (
        client.post(
            f"{url}/save", data={"csrf_token": token, **half}, headers={"X-Autosave": "1"}
        ).status_code
        == 204
    )
    saved = quiz.answers_of(_all_attempts()[0])
    assert saved, "the autosave stored answers"
    page = client.get(url).text  # the connection dropped; the learner comes back
    assert page.count(" checked") + page.count(" selected") >= 1
    second_tab = _start(client, token)
    assert second_tab == url, "a second tab gets the same attempt"
    assert len(_all_attempts()) == 1


def test_double_submit_grades_once(client: TestClient, demo, curriculum) -> None:
    token = log_in_as(client, "lt-learner")
    url = _start(client, token)
    fields = right_answers(curriculum, _all_attempts()[0])
    first = client.post(
        f"{url}/submit", data={"csrf_token": token, **fields}, follow_redirects=False
    )
    again = client.post(f"{url}/submit", data={"csrf_token": token}, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    attempts = _all_attempts()
    assert len(attempts) == 1 and attempts[0].score_percent == 100.0
    late_save = client.post(f"{url}/save", data={"csrf_token": token, **fields})
    assert late_save.status_code == 409 and "already been submitted" in late_save.text
    with transaction(write=False) as session:
        from lms.audit.repository import list_events

        assert len(list_events(session, organisation_id=None, action="attempt_graded")) == 1


def test_attempt_limit(client: TestClient, demo, curriculum) -> None:
    token = log_in_as(client, "lt-learner")
    limit = curriculum.modules["defects"].max_attempts
    for _ in range(limit):
        url = _start(client, token)
        client.post(f"{url}/submit", data={"csrf_token": token})
    refused = client.post("/en/modules/defects/quiz/start", data={"csrf_token": token})
    assert refused.status_code == 409
    assert f"You have used all {limit} attempts" in refused.text
    assert len(_all_attempts()) == limit


def test_time_limit_refuses_late_answers_and_grades_what_was_saved(demo, curriculum) -> None:
    module = curriculum.modules["defects"]
    module.time_limit_minutes = 10
    try:
        start = utcnow() - timedelta(minutes=30)
        with transaction(write=True) as session:
            attempt = quiz.start_attempt(
                session,
                person_id=demo["lt-learner"],
                curriculum=curriculum,
                module=module,
                language="en",
                now=start,
            )
            fields = right_answers(curriculum, attempt)
            single = next(i.id for i in quiz.source_items(curriculum, module) if i.type == "single")
            first = {f"a.{single}": fields[f"a.{single}"]}
            quiz.save(
                session,
                attempt=attempt,
                items=quiz.source_items(curriculum, module),
                fields=first,
                now=start + timedelta(minutes=5),
            )
        with transaction(write=True) as session:
            attempt = session.get(Attempt, attempt.id)
            with pytest.raises(DomainError, match="time_up"):
                quiz.save(
                    session,
                    attempt=attempt,
                    items=quiz.source_items(curriculum, module),
                    fields=fields,
                )
        with transaction(write=True) as session:
            attempt = session.get(Attempt, attempt.id)
            with pytest.raises(DomainError, match="time_up"):
                quiz.save_then_submit(
                    session,
                    attempt=attempt,
                    displayed=quiz.source_items(curriculum, module),
                    key=quiz.source_items(curriculum, module),
                    fields=fields,
                )
        graded = _all_attempts()[0]
        assert graded.status == "submitted" and graded.timed_out
        assert 0 < graded.score_percent < 100, "only the answer saved in time counted"
    finally:
        module.time_limit_minutes = None


def test_someone_elses_attempt_is_not_found(client: TestClient, demo) -> None:
    token = log_in_as(client, "lt-learner")
    url = _start(client, token)
    other = log_in_as(client, "apprentice")
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/submit", data={"csrf_token": other}).status_code == 404
    assert _all_attempts()[0].status == "in_progress"


def test_parallel_submissions_of_one_attempt_grade_it_exactly_once(demo, curriculum) -> None:
    module = curriculum.modules["defects"]
    with transaction(write=True) as session:
        attempt = quiz.start_attempt(
            session,
            person_id=demo["lt-learner"],
            curriculum=curriculum,
            module=module,
            language="en",
        )
    fields = right_answers(curriculum, attempt)
    winners: list[bool] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def submit_once() -> None:
        barrier.wait()
        try:
            with transaction(write=True) as session:
                mine = session.get(Attempt, attempt.id)
                winners.append(
                    quiz.save_then_submit(
                        session,
                        attempt=mine,
                        displayed=quiz.source_items(curriculum, module),
                        key=quiz.source_items(curriculum, module),
                        fields=fields,
                    )
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=submit_once) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert winners.count(True) == 1
    assert len(_all_attempts()) == 1 and _all_attempts()[0].score_percent == 100.0
    with transaction(write=False) as session:
        from lms.audit.repository import list_events

        assert len(list_events(session, organisation_id=None, action="attempt_graded")) == 1


def test_many_learners_submitting_at_once_lose_nothing(demo, curriculum) -> None:
    module = curriculum.modules["defects"]
    learners = [
        demo[login]
        for login in (
            "lt-learner",
            "fi-learner",
            "apprentice",
            "lt-teacher",
            "fi-teacher",
            "lt-supervisor",
            "fi-supervisor",
            "lt-admin",
            "fi-admin",
        )
    ]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(learners))
    with transaction(write=False) as session:
        before = {a.id for a in session.exec(select(Attempt))}

    def take(person_id: int) -> None:
        barrier.wait()
        try:
            with transaction(write=True) as session:
                attempt = quiz.start_attempt(
                    session,
                    person_id=person_id,
                    curriculum=curriculum,
                    module=module,
                    language="en",
                )
            fields = right_answers(curriculum, attempt)
            with transaction(write=True) as session:
                mine = session.get(Attempt, attempt.id)
                quiz.save_then_submit(
                    session,
                    attempt=mine,
                    displayed=quiz.source_items(curriculum, module),
                    key=quiz.source_items(curriculum, module),
                    fields=fields,
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=take, args=(person,)) for person in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with transaction(write=False) as session:
        attempts = [a for a in session.exec(select(Attempt)) if a.id not in before]
    assert sorted(a.person_id for a in attempts) == sorted(learners)
    assert all(a.status == "submitted" and a.score_percent == 100.0 for a in attempts)


def test_parallel_starts_open_one_attempt(demo, curriculum) -> None:
    module = curriculum.modules["defects"]
    ids: list[int] = []
    barrier = threading.Barrier(6)

    def start() -> None:
        barrier.wait()
        with transaction(write=True) as session:
            ids.append(
                quiz.start_attempt(
                    session,
                    person_id=demo["lt-learner"],
                    curriculum=curriculum,
                    module=module,
                    language="en",
                ).id
            )

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 1 and len(_all_attempts()) == 1


def test_one_question_per_screen(client: TestClient, demo) -> None:
    token = log_in_as(client, "lt-learner")
    url = _start(client, token)
    page = client.get(f"{url}?q=0").text
    assert page.count('<fieldset class="item') == 1
    assert "Question 1 of 22" in page
    response = client.post(
        f"{url}/save", data={"csrf_token": token, "q": "0", "go": "next"}, follow_redirects=False
    )
    assert response.headers["location"] == f"{url}?q=1"
    assert re.search(r"Submit for grading", client.get(f"{url}?q=21").text)


def test_review_rule_hides_the_key_until_passed_or_out_of_attempts(
    client: TestClient, demo, curriculum
) -> None:
    module = curriculum.modules["defects"]
    app_module = client.app.state.curriculum_store.get().modules["defects"]
    app_module.show_answers = "after-last-attempt"
    try:
        token = log_in_as(client, "lt-learner")
        url = _start(client, token)
        failed = client.post(f"{url}/submit", data={"csrf_token": token})
        assert "The right answers are shown when you pass" in failed.text
        assert 'class="answer-key"' not in failed.text
        assert 'class="feedback"' in failed.text, "feedback is shown at once"
        url = _start(client, token)
        attempt = _all_attempts()[-1]
        passed = client.post(
            f"{url}/submit", data={"csrf_token": token, **right_answers(curriculum, attempt)}
        )
        assert 'class="answer-key"' in passed.text
        assert module.show_answers == "after-submission"
    finally:
        app_module.show_answers = "after-submission"
