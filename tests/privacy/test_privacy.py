"""Export and erasure of personal data, and the rule that no table escapes them."""

import json

from fastapi.testclient import TestClient
from sqlalchemy import ForeignKey

from lms.accounts import repository
from lms.audit.repository import events_about_person
from lms.db import transaction
from lms.db.models import metadata
from lms.privacy.service import PERSONAL_DATA
from tests.helpers import anonymous, form_token, log_in_as


def test_every_table_that_refers_to_a_person_is_covered() -> None:
    referring = {"person"}
    for table in metadata.sorted_tables:
        for column in table.columns:
            if any(
                isinstance(fk, ForeignKey) and fk.column.table.name == "person"
                for fk in column.foreign_keys
            ):
                referring.add(table.name)
    referring.add("login_failure")  # refers to a person through its key, "account:<id>"
    assert referring == set(PERSONAL_DATA), "add the table to lms.privacy.service.PERSONAL_DATA"


def test_a_learner_downloads_everything_held_about_them(client: TestClient, demo) -> None:
    token = log_in_as(client, "apprentice")
    response = client.post("/account/export", data={"csrf_token": token})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.text)
    assert set(data) >= set(PERSONAL_DATA)
    assert data["person"]["login"] == "apprentice"
    assert {m["organisation"] for m in data["membership"]} == {
        "Nemunas Vocational School",
        "Pohjola Plastics Oy",
    }
    assert len(data["user_session"]) == 1
    assert "password" not in response.text
    assert "Rūta" not in response.text, "nobody else's data"


def test_erasure_removes_personal_data_and_keeps_anonymous_evidence(
    client: TestClient, demo
) -> None:
    school, learner = demo["nemunas-vocational-school"], demo["lt-learner"]
    log_in_as(client, "lt-learner")
    learner_cookie = dict(client.cookies)
    token = log_in_as(client, "lt-admin")
    url = f"/en/admin/orgs/{school}/people/{learner}/erase"
    refused = client.post(url, data={"confirm": "someone-else", "csrf_token": token})
    assert refused.status_code == 400 and "to confirm the erasure" in refused.text
    done = client.post(url, data={"confirm": "lt-learner", "csrf_token": token})
    assert "personal data has been erased" in done.text
    with transaction(write=False) as session:
        person = repository.get_person(session, learner)
        assert (
            person.display_name == f"Erased person #{learner}"
            and person.login == f"erased-{learner}"
        )
        assert (
            person.password_hash is None and not person.is_active and person.erased_at is not None
        )
        assert repository.sessions_of(session, learner) == []
        assert repository.groups_of_person(session, learner) == []
        assert [m.role for m in repository.memberships_of(session, learner)] == ["learner"]
        assert any(e.action == "person_erased" for e in events_about_person(session, learner))
    client.cookies.clear()
    for name, value in learner_cookie.items():
        client.cookies.set(name, value)
    assert client.get("/en/home", follow_redirects=False).status_code == 303
    anonymous(client)
    login_token = form_token(client.get("/en/login").text)
    for login in ("lt-learner", f"erased-{learner}"):
        response = client.post(
            "/en/login",
            data={"login": login, "password": "upskill-demo", "csrf_token": login_token},
        )
        assert response.status_code == 401
    again = log_in_as(client, "lt-admin")
    assert (
        client.post(url, data={"confirm": f"erased-{learner}", "csrf_token": again}).status_code
        == 400
    )


def test_a_person_of_two_organisations_is_erased_only_by_a_platform_admin(
    client: TestClient, demo
) -> None:
    school, apprentice = demo["nemunas-vocational-school"], demo["apprentice"]
    token = log_in_as(client, "lt-admin")
    url = f"/en/admin/orgs/{school}/people/{apprentice}/erase"
    refused = client.post(url, data={"confirm": "apprentice", "csrf_token": token})
    assert refused.status_code == 400 and "only a platform administrator" in refused.text
    token = log_in_as(client, "platform-admin")
    assert (
        "personal data has been erased"
        in client.post(url, data={"confirm": "apprentice", "csrf_token": token}).text
    )
