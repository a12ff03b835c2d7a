"""Helpers for tests that act as a logged-in person without going through the login form."""

import re

from fastapi.testclient import TestClient

from lms.accounts import auth, repository
from lms.db import transaction
from lms.web.security import ANON_COOKIE, SESSION_COOKIE, csrf_for


def log_in_as(client: TestClient, login: str) -> str:
    """Give ``client`` a fresh session of ``login``; returns the CSRF token for its forms."""
    with transaction(write=True) as session:
        person = repository.get_person_by_login(session, login)
        assert person is not None, login
        token = auth.start_session(
            session, person=person, ip="testclient", user_agent="test", previous_token=None
        )
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, token)
    return csrf_for(client.app.state.settings, session_id=auth.session_id_for(token))


def anonymous(client: TestClient) -> str:
    """Make ``client`` anonymous; returns a valid CSRF token for its forms."""
    client.cookies.clear()
    client.cookies.set(ANON_COOKIE, "test-anon")
    return csrf_for(client.app.state.settings, anon_id="test-anon")


def form_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has a form with a CSRF token"
    return match.group(1)
