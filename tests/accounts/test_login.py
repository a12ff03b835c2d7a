"""Login, sessions, CSRF, throttling and redirects, through HTTP as a browser does them."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from lms.accounts import auth, repository
from lms.accounts.models import utcnow
from lms.db import transaction
from lms.settings import Settings
from lms.web.security import SESSION_COOKIE
from tests.helpers import anonymous, form_token, log_in_as

PASSWORD = "upskill-demo"


def login(
    client: TestClient, who: str, password: str = PASSWORD, next_url: str = "", **headers: str
):
    token = form_token(client.get("/en/login").text)
    return client.post(
        "/en/login",
        data={"login": who, "password": password, "next": next_url, "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )


@pytest.fixture
def fresh(client: TestClient) -> TestClient:
    anonymous(client)
    return client


def test_login_lands_on_home_in_the_persons_language(fresh: TestClient, demo) -> None:
    response = login(fresh, "lt-teacher")
    assert response.status_code == 303
    assert response.headers["location"] == "/lt/home"
    cookie = response.headers["set-cookie"]
    assert (
        cookie.startswith(f"{SESSION_COOKIE}=")
        and "HttpOnly" in cookie
        and "SameSite=Lax" in cookie
    )
    home = fresh.get("/lt/home")
    assert home.status_code == 200
    assert "Sveiki, Jonas Kazlauskas" in home.text
    assert home.headers["cache-control"] == "no-store"


def test_anonymous_public_pages_are_cacheable(fresh: TestClient) -> None:
    assert "no-store" not in fresh.get("/en/modules/defects/handbook").headers.get(
        "cache-control", ""
    )


def test_session_id_rotates_at_login(fresh: TestClient, demo) -> None:
    fresh.cookies.set(SESSION_COOKIE, "planted-by-an-attacker")
    first = login(fresh, "lt-learner").cookies[SESSION_COOKIE]
    assert first != "planted-by-an-attacker"
    second = login(fresh, "lt-learner", next_url="/en/").cookies.get(SESSION_COOKIE)
    assert second and second != first
    fresh.cookies.clear()
    fresh.cookies.set(SESSION_COOKIE, first)
    assert fresh.get("/en/home", follow_redirects=False).status_code == 303, (
        "the old session is gone"
    )


def test_cookie_replayed_after_logout_is_refused(fresh: TestClient, demo) -> None:
    login(fresh, "lt-learner")
    stolen = fresh.cookies[SESSION_COOKIE]
    token = form_token(fresh.get("/en/home").text)
    assert (
        fresh.post(
            "/logout", data={"csrf_token": token, "lang": "en"}, follow_redirects=False
        ).status_code
        == 303
    )
    fresh.cookies.clear()
    fresh.cookies.set(SESSION_COOKIE, stolen)
    response = fresh.get("/en/home", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/en/login?next=/en/home"


def test_disabled_person_loses_sessions_and_cannot_log_in(fresh: TestClient, demo) -> None:
    login(fresh, "lt-learner")
    learner_cookie = fresh.cookies[SESSION_COOKIE]
    admin_token = log_in_as(fresh, "lt-admin")
    school, learner = demo["nemunas-vocational-school"], demo["lt-learner"]
    response = fresh.post(
        f"/en/admin/orgs/{school}/people/{learner}/active",
        data={"active": "0", "csrf_token": admin_token},
    )
    assert response.status_code == 200
    fresh.cookies.clear()
    fresh.cookies.set(SESSION_COOKIE, learner_cookie)
    assert fresh.get("/en/home", follow_redirects=False).status_code == 303
    anonymous(fresh)
    refused = login(fresh, "lt-learner")
    assert refused.status_code == 403
    assert "This account is disabled" in refused.text


@pytest.mark.parametrize("token", [None, "", "wrong", "0" * 64])
def test_forms_without_the_right_csrf_token_are_refused(
    fresh: TestClient, demo, token: str | None
) -> None:
    data = {"login": "lt-learner", "password": PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    response = fresh.post("/en/login", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "The form has expired" in response.text
    assert SESSION_COOKIE not in response.cookies


def test_csrf_token_of_another_session_is_refused(fresh: TestClient, demo) -> None:
    other_token = log_in_as(fresh, "lt-teacher")
    log_in_as(fresh, "lt-learner")
    response = fresh.post("/logout", data={"csrf_token": other_token, "lang": "en"})
    assert response.status_code == 403


def test_cross_origin_post_is_refused_even_with_a_token(fresh: TestClient, demo) -> None:
    token = log_in_as(fresh, "lt-learner")
    response = fresh.post(
        "/en/account/language",
        data={"language": "en", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_logout_needs_post_and_a_token(fresh: TestClient, demo) -> None:
    log_in_as(fresh, "lt-learner")
    assert fresh.get("/logout").status_code == 405
    assert fresh.post("/logout", data={"lang": "en"}).status_code == 403
    assert fresh.get("/en/home", follow_redirects=False).status_code == 200


def test_wrong_password_is_generic_and_audited(fresh: TestClient, demo) -> None:
    wrong = login(fresh, "lt-learner", password="nope-nope-nope")
    unknown = login(fresh, "nobody-at-all", password="nope-nope-nope")
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong login or password." in wrong.text and "Wrong login or password." in unknown.text
    with transaction(write=False) as session:
        from lms.audit.repository import list_events

        failed = list_events(session, organisation_id=None, action="login_failed")
    assert len(failed) == 2


def test_account_throttling_stops_guessing(fresh: TestClient, demo) -> None:
    for _ in range(5):
        assert login(fresh, "lt-learner", password="guess-guess").status_code == 401
    blocked = login(fresh, "lt-learner")  # even the right password waits
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.text


def test_client_throttling_cannot_be_dodged_with_forwarded_for(client: TestClient, demo) -> None:
    settings = client.app.state.settings
    anonymous(client)
    for attempt in range(settings.login_failures_per_client):
        response = login(
            client, f"nobody-{attempt}", password="x", **{"X-Forwarded-For": f"10.0.0.{attempt}"}
        )
        assert response.status_code == 401
    blocked = login(client, "lt-teacher", **{"X-Forwarded-For": "203.0.113.7"})
    assert blocked.status_code == 429


OPEN_REDIRECTS = [
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\t/evil.example",
    "http:/evil.example",
    "\\\\evil.example",
    "/%0d%0aSet-Cookie:x=y",
    " //evil.example",
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_never_leaves_the_site(fresh: TestClient, demo, target: str) -> None:
    response = login(fresh, "lt-learner", next_url=target)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == "/lt/home" or (
        location.startswith("/") and not location.startswith(("//", "/\\"))
    )
    assert "evil" not in location and "\n" not in location


def test_next_to_a_local_page_is_followed(fresh: TestClient, demo) -> None:
    response = login(fresh, "lt-teacher", next_url="/en/modules/defects/teacher")
    assert response.headers["location"] == "/en/modules/defects/teacher"


def test_login_page_redirect_keeps_the_wanted_page(fresh: TestClient) -> None:
    response = fresh.get("/en/account", follow_redirects=False)
    assert response.headers["location"] == "/en/login?next=/en/account"
    assert 'name="next" value="/en/account"' in fresh.get(response.headers["location"]).text


def test_idle_and_absolute_timeouts(demo) -> None:
    settings = Settings(session_idle_minutes=30, session_absolute_hours=12)
    with transaction(write=True) as session:
        person = repository.get_person_by_login(session, "lt-learner")
        token = auth.start_session(
            session, person=person, ip="x", user_agent="y", previous_token=None
        )
    now = utcnow()
    with transaction(write=False) as session:
        assert (
            auth.check_session(session, token=token, settings=settings, now=now).principal
            is not None
        )
        idle = auth.check_session(
            session, token=token, settings=settings, now=now + timedelta(minutes=31)
        )
        assert idle.principal is None and idle.expired
    with transaction(write=True) as session:
        for step in range(1, 26):  # active every 29 minutes for 12.5 hours
            moment = now + timedelta(minutes=29 * step)
            check = auth.check_session(session, token=token, settings=settings, now=moment)
            if moment - now > timedelta(hours=12):
                assert check.principal is None and check.expired
                break
            assert check.principal is not None
            auth.expire_or_touch(session, token=token, check=check, now=moment)
        else:
            pytest.fail("the absolute timeout never ended the session")


def test_must_change_password_after_a_one_time_password(fresh: TestClient, demo) -> None:
    token = log_in_as(fresh, "lt-admin")
    school, learner = demo["nemunas-vocational-school"], demo["lt-learner"]
    page = fresh.post(
        f"/en/admin/orgs/{school}/people/{learner}/password", data={"csrf_token": token}
    )
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    import re

    one_time = re.search(r'<span class="one-time">([a-z0-9-]+)</span>', page.text).group(1)
    anonymous(fresh)
    assert login(fresh, "lt-learner").status_code == 401, "the old password stopped working"
    response = login(fresh, "lt-learner", password=one_time)
    assert response.headers["location"] == "/lt/account?msg=must_change_password"
    account = fresh.get("/lt/account")
    token = form_token(account.text)
    changed = fresh.post(
        "/lt/account/password",
        data={
            "current": one_time,
            "new": "my-own-secret-1",
            "repeat": "my-own-secret-1",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303
    anonymous(fresh)
    assert login(fresh, "lt-learner", password="my-own-secret-1").headers["location"] == "/lt/home"
