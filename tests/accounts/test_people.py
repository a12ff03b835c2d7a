"""Administration of people: creation, roles, CSV import, mass assignment, escaping."""

import re

import pytest
from fastapi.testclient import TestClient

from lms.accounts import repository
from lms.accounts.passwords import _hasher, hash_password, verify_password
from lms.db import transaction
from tests.helpers import anonymous, form_token, log_in_as


def _person(login: str):
    with transaction(write=False) as session:
        return repository.get_person_by_login(session, login)


def test_admin_adds_a_person_who_gets_a_one_time_password(client: TestClient, demo) -> None:
    token = log_in_as(client, "lt-admin")
    school = demo["nemunas-vocational-school"]
    page = client.post(
        f"/en/admin/orgs/{school}/people",
        data={
            "name": "Eglė Naujokė",
            "login": "Egle.N@school.example",
            "role": "learner",
            "language": "lt",
            "csrf_token": token,
        },
    )
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    password = re.search(r'<span class="one-time">([a-z0-9-]+)</span>', page.text).group(1)
    person = _person("egle.n@school.example")
    assert person.must_change_password and verify_password(person.password_hash, password)[0]
    again = client.post(
        f"/en/admin/orgs/{school}/people",
        data={
            "name": "Other",
            "login": "egle.n@school.example",
            "role": "learner",
            "csrf_token": token,
        },
    )
    assert again.status_code == 400
    assert "already used by someone else" in again.text


def test_extra_form_fields_are_ignored(client: TestClient, demo) -> None:
    token = log_in_as(client, "lt-admin")
    school, factory = demo["nemunas-vocational-school"], demo["pohjola-plastics"]
    client.post(
        f"/en/admin/orgs/{school}/people",
        data={
            "name": "Sneaky",
            "login": "sneaky",
            "role": "learner",
            "csrf_token": token,
            "is_platform_admin": "1",
            "organisation_id": str(factory),
            "password_hash": "x",
            "is_active": "0",
        },
    )
    sneaky = _person("sneaky")
    assert not sneaky.is_platform_admin and sneaky.is_active and sneaky.password_hash != "x"
    with transaction(write=False) as session:
        assert [
            (m.organisation_id, m.role) for m in repository.memberships_of(session, sneaky.id)
        ] == [(school, "learner")]
    token = log_in_as(client, "lt-learner")
    client.post(
        "/en/account/language",
        data={
            "language": "en",
            "csrf_token": token,
            "role": "admin",
            "is_platform_admin": "true",
            "display_name": "Boss",
            "organisation_id": str(factory),
        },
    )
    learner = _person("lt-learner")
    assert learner.preferred_language == "en" and learner.display_name == "Rūta Petrauskaitė"
    assert not learner.is_platform_admin
    with transaction(write=False) as session:
        assert {m.role for m in repository.memberships_of(session, learner.id)} == {"learner"}


def test_script_in_a_display_name_is_escaped_everywhere(client: TestClient, demo) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    token = log_in_as(client, "lt-admin")
    school = demo["nemunas-vocational-school"]
    created = client.post(
        f"/en/admin/orgs/{school}/people",
        data={"name": evil, "login": "evil", "role": "admin", "csrf_token": token},
    )
    person = _person("evil")
    token = log_in_as(client, "evil")
    pages = [
        created.text,
        client.get("/en/home").text,
        client.get("/en/account").text,
        client.get("/en/modules/defects/handbook").text,
        client.get(f"/en/admin/orgs/{school}").text,
        client.get(f"/en/admin/orgs/{school}/people/{person.id}").text,
        client.get(f"/en/admin/orgs/{school}/audit").text,
        client.post(
            f"/en/admin/orgs/{school}/people/{person.id}/password", data={"csrf_token": token}
        ).text,
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert sum("&lt;script&gt;alert" in html for html in pages) == len(pages)


def test_roles_can_be_added_and_the_last_one_not_removed(client: TestClient, demo) -> None:
    token = log_in_as(client, "lt-admin")
    school, teacher = demo["nemunas-vocational-school"], demo["lt-teacher"]
    url = f"/en/admin/orgs/{school}/people/{teacher}/roles"
    assert (
        "The role has been added."
        in client.post(url, data={"role": "supervisor", "csrf_token": token}).text
    )
    assert (
        "Nothing needed to change."
        in client.post(url, data={"role": "supervisor", "csrf_token": token}).text
    )
    client.post(url, data={"role": "teacher", "action": "remove", "csrf_token": token})
    last = client.post(url, data={"role": "supervisor", "action": "remove", "csrf_token": token})
    assert last.status_code == 400 and "only role here" in last.text
    with transaction(write=False) as session:
        assert [m.role for m in repository.memberships_of(session, teacher)] == ["supervisor"]


CSV_GOOD = (
    "name,login,role,language,group\n"
    'Rūta Kairytė,ruta.k,learner,lt,"PL-21 plastics operators, 2nd year"\n'
    "Petras Jonaitis,petras.j,teacher,,\n"
)


def test_csv_import_creates_everyone_with_one_time_passwords(client: TestClient, demo) -> None:
    token = log_in_as(client, "lt-admin")
    school = demo["nemunas-vocational-school"]
    page = client.post(
        f"/en/admin/orgs/{school}/import",
        data={"csrf_token": token},
        files={"file": ("people.csv", CSV_GOOD.encode(), "text/csv")},
    )
    assert page.status_code == 200
    assert len(re.findall(r'<span class="one-time">', page.text)) == 2
    ruta, petras = _person("ruta.k"), _person("petras.j")
    assert ruta.display_name == "Rūta Kairytė" and ruta.preferred_language == "lt"
    assert petras.preferred_language == "lt", "the organisation's language is the default"
    with transaction(write=False) as session:
        assert [g.name for g in repository.groups_of_person(session, ruta.id)] == [
            "PL-21 plastics operators, 2nd year"
        ]


def test_csv_import_is_all_or_nothing_with_an_error_per_row(client: TestClient, demo) -> None:
    token = log_in_as(client, "lt-admin")
    school = demo["nemunas-vocational-school"]
    data = (
        "name;login;role;language;group\n"
        "Good Person;good.person;learner;lt;\n"
        "Bad Role;bad.role;pilot;lt;\n"
        "Taken;lt-teacher;learner;lt;\n"
        ";no.name;learner;lt;\n"
        "Twice;good.person;learner;lt;\n"
        "No Group;no.group;learner;lt;Night shift\n"
        "Bad Login;Not A Login!;learner;xx;\n"
    )
    page = client.post(
        f"/en/admin/orgs/{school}/import",
        data={"csrf_token": token},
        files={"file": ("people.csv", data.encode(), "text/csv")},
    )
    assert page.status_code == 400
    assert "Nothing was imported." in page.text
    for row, words in [
        (3, "unknown role"),
        (4, "already used"),
        (5, "name is missing"),
        (6, "appears twice"),
        (7, "no group called"),
        (8, "is not valid"),
        (8, "unknown language"),
    ]:
        assert re.search(rf"Row {row}: [^<]*{words}", page.text), (row, words)
    assert _person("good.person") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"first,second\nx,y\n", "missing: name, login, role"),
        (b"name,login,role\n", "no rows"),
    ],
)
def test_csv_import_explains_a_broken_file(
    client: TestClient, demo, content: bytes, message: str
) -> None:
    token = log_in_as(client, "lt-admin")
    page = client.post(
        f"/en/admin/orgs/{demo['nemunas-vocational-school']}/import",
        data={"csrf_token": token},
        files={"file": ("people.csv", content, "text/csv")},
    )
    assert page.status_code == 400 and message in page.text


def test_password_hashes_are_argon2id_and_upgraded_when_the_cost_changes(
    client: TestClient, demo
) -> None:
    old = _hasher(1, 8192).hash("upskill-demo")
    assert old.startswith("$argon2id$")
    with transaction(write=True) as session:
        person = repository.get_person_by_login(session, "lt-learner")
        person.password_hash = old
    import os

    from lms.settings import get_settings

    os.environ["LMS_ARGON2_MEMORY_KIB"] = "9216"
    get_settings.cache_clear()
    try:
        ok, new_hash = verify_password(old, "upskill-demo")
        assert ok and new_hash is not None and "m=9216" in new_hash
        anonymous(client)
        token = form_token(client.get("/en/login").text)
        client.post(
            "/en/login",
            data={"login": "lt-learner", "password": "upskill-demo", "csrf_token": token},
        )
        assert "m=9216" in _person("lt-learner").password_hash
    finally:
        os.environ["LMS_ARGON2_MEMORY_KIB"] = "8192"
        get_settings.cache_clear()
    assert verify_password(hash_password("x" * 12), "x" * 12) == (True, None)


def test_groups_are_created_and_joined(client: TestClient, demo) -> None:
    token = log_in_as(client, "fi-admin")
    factory, learner = demo["pohjola-plastics"], demo["fi-learner"]
    page = client.post(
        f"/en/admin/orgs/{factory}/groups",
        data={"name": "Line 5 team", "kind": "shift", "csrf_token": token},
    )
    assert "The group has been created." in page.text
    duplicate = client.post(
        f"/en/admin/orgs/{factory}/groups",
        data={"name": "Line 5 team", "kind": "shift", "csrf_token": token},
    )
    assert duplicate.status_code == 400
    with transaction(write=False) as session:
        group = repository.get_group_by_name(session, factory, "Line 5 team")
    client.post(
        f"/en/admin/orgs/{factory}/people/{learner}/groups",
        data={"group_id": str(group.id), "csrf_token": token},
    )
    with transaction(write=False) as session:
        assert "Line 5 team" in [g.name for g in repository.groups_of_person(session, learner)]


def test_home_shows_each_role_its_own_view(client: TestClient, demo) -> None:
    log_in_as(client, "fi-supervisor")
    home = client.get("/en/home").text
    assert "Pohjola Plastics Oy" in home and "Nemunas" not in home and "Line 3 day shift" in home
    log_in_as(client, "apprentice")
    home = client.get("/en/home").text
    assert "Pohjola Plastics Oy" in home and "Nemunas Vocational School" in home
    log_in_as(client, "lt-learner")
    home = client.get("/lt/home").text
    assert "Besimokantysis" in home
    assert "/admin/orgs/" not in home
