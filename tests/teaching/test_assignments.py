"""Assignments, the learner's list, the gradebook and its exports, and the teacher's home."""

import csv
import io
import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import select

from lms.accounts import repository as accounts
from lms.accounts.models import utcnow
from lms.accounts.service import SYSTEM, add_to_group, create_group
from lms.assessment.models import Attempt
from lms.db import transaction
from lms.teaching.models import Assignment
from tests.conftest import shipped
from tests.helpers import form_token, log_in_as, right_answers, xlsx_strings

BUILT, _ = shipped()
SOON = (utcnow() + timedelta(days=7)).date().isoformat()


def _school_group(demo) -> int:
    with transaction(write=False) as session:
        group = accounts.get_group_by_name(
            session, demo["nemunas-vocational-school"], "PL-21 plastics operators, 2nd year"
        )
        return group.id


def _assign(client: TestClient, school: int, form: dict[str, str]):
    page = client.get(f"/en/orgs/{school}/assignments/new").text
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    data = {"csrf_token": form_token(page), "form_key": key, **form}
    return client.post(f"/en/orgs/{school}/assignments", data=data, follow_redirects=False), data


def _count() -> int:
    with transaction(write=False) as session:
        return len(session.exec(select(Assignment)).all())


def test_a_double_click_gives_one_assignment_and_bad_input_gives_none(
    client: TestClient, demo
) -> None:
    school, group = demo["nemunas-vocational-school"], _school_group(demo)
    log_in_as(client, "lt-teacher")
    before = _count()
    response, data = _assign(
        client, school, {"target": f"group:{group}", "what": "quiz:spc", "due": SOON}
    )
    assert response.status_code == 303
    again = client.post(f"/en/orgs/{school}/assignments", data=data, follow_redirects=False)
    assert again.status_code == 303 and _count() == before + 1
    yesterday = (utcnow() - timedelta(days=1)).date().isoformat()
    for form, message in (
        ({"target": f"group:{group}", "what": "quiz:spc", "due": yesterday}, "has passed"),
        ({"target": f"group:{group}", "what": "quiz:spc", "due": "31/12"}, "as a date"),
        ({"target": f"group:{group}", "what": "task:spc:no-such", "due": SOON}, "practical tasks"),
        ({"target": "group:99999", "what": "quiz:spc", "due": SOON}, "either to a group"),
    ):
        refused, _ = _assign(client, school, form)
        assert refused.status_code == 400 and message in refused.text
    assert _count() == before + 1


def test_a_learner_sees_assignments_by_due_date_with_overdue_marked(
    client: TestClient, demo
) -> None:
    log_in_as(client, "lt-learner")
    home = client.get("/en/home").text
    section = home.split('id="assignments"')[1].split("</section>")[0]
    # the demo class has three: an overdue task, a quiz in two weeks, a module in a month
    assert (
        section.index("Practical task")
        < section.index("Assessment")
        < section.index("The whole module")
    )
    assert section.count("is-overdue") == 1 and "Overdue" in section


def test_the_gradebook_shows_a_passed_quiz_and_exports_it(client: TestClient, demo) -> None:
    school, group = demo["nemunas-vocational-school"], _school_group(demo)
    token = log_in_as(client, "lt-learner")
    url = client.post(
        "/en/modules/defects/quiz/start", data={"csrf_token": token}, follow_redirects=False
    ).headers["location"]
    with transaction(write=False) as session:
        attempt = session.get(Attempt, int(url.rsplit("/", 1)[1]))
    client.post(f"{url}/submit", data={"csrf_token": token, **right_answers(BUILT, attempt)})
    log_in_as(client, "lt-teacher")
    book = client.get(f"/en/orgs/{school}/groups/{group}/gradebook").text
    row = book.split("Rūta Petrauskaitė")[1].split("</tr>")[0]
    assert "Done" in row and "100 %" in row
    exported = client.get(f"/orgs/{school}/groups/{group}/gradebook.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    quiz_column = next(i for i, name in enumerate(rows[0]) if name.startswith("quiz:defects"))
    learner = next(r for r in rows if r[1] == "Rūta Petrauskaitė")
    assert learner[quiz_column].startswith("done: 100%")
    overdue = client.get(f"/en/orgs/{school}/groups/{group}/gradebook?show=overdue").text
    assert "Rūta Petrauskaitė" in overdue  # the start-up task is overdue for everyone
    xlsx = client.get(f"/orgs/{school}/groups/{group}/gradebook.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert "Rūta Petrauskaitė" in xlsx_strings(xlsx.content)


def test_exports_never_hand_a_formula_to_a_spreadsheet(client: TestClient, demo) -> None:
    school, group = demo["nemunas-vocational-school"], _school_group(demo)
    with transaction(write=True) as session:
        person = accounts.get_person(session, demo["apprentice"])
        person.display_name = '=HYPERLINK("http://evil.example","x")'
        session.add(person)
    log_in_as(client, "lt-teacher")
    text = client.get(f"/orgs/{school}/groups/{group}/gradebook.csv").text
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


def test_a_teacher_reaches_only_their_own_groups(client: TestClient, demo) -> None:
    school = demo["nemunas-vocational-school"]
    with transaction(write=True) as session:
        other = create_group(
            session, organisation_id=school, name="PL-22", kind="class", actor=SYSTEM
        )
        add_to_group(
            session,
            group=other,
            person=accounts.get_person(session, demo["apprentice"]),
            actor=SYSTEM,
        )
    log_in_as(client, "lt-teacher")
    assert client.get(f"/en/orgs/{school}/groups/{other.id}/gradebook").status_code == 404
    assert client.get(f"/orgs/{school}/groups/{other.id}/gradebook.csv").status_code == 404
    refused, _ = _assign(
        client, school, {"target": f"group:{other.id}", "what": "quiz:spc", "due": SOON}
    )
    assert refused.status_code == 400
    log_in_as(client, "lt-admin")
    assert client.get(f"/en/orgs/{school}/groups/{other.id}/gradebook").status_code == 200


def test_the_teachers_home_shows_who_is_waiting_and_who_is_behind(client: TestClient, demo) -> None:
    school = demo["nemunas-vocational-school"]
    token = log_in_as(client, "lt-learner")
    client.post("/en/modules/injection-moulding/tasks/start-up/ready", data={"csrf_token": token})
    log_in_as(client, "lt-teacher")
    home = client.get(f"/en/orgs/{school}/teach").text
    assert "1 learner is ready to be assessed" in home
    behind = home.split('id="behind"')[1].split("</section>")[0]
    assert "Rūta Petrauskaitė" in behind and "1 overdue" in behind
    assert "/en/modules/defects/teacher" in home
