"""Helpers for tests that act as a logged-in person without going through the login form."""

import re

from fastapi.testclient import TestClient

from lms.accounts import auth, repository
from lms.assessment import service as quiz
from lms.assessment.models import Attempt
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


def right_answers(curriculum, attempt: Attempt) -> dict[str, list[str]]:
    """The form a learner who knows every answer would send, built from the key."""
    module = curriculum.modules[attempt.module_id]
    fields: dict[str, list[str]] = {}
    for layout in quiz.layout_for(attempt, quiz.source_items(curriculum, module)):
        item, order, name = layout.item, layout.order, f"a.{layout.item.id}"
        if item.type == "single":
            fields[name] = [
                str(order.index(next(i for i, o in enumerate(item.options) if o.correct)))
            ]
        elif item.type == "multiple":
            fields[f"{name}.present"] = ["1"]
            fields[name] = [str(order.index(i)) for i, o in enumerate(item.options) if o.correct]
        elif item.type == "true-false":
            fields[name] = ["true" if item.answer_bool else "false"]
        elif item.type == "numeric":
            fields[name] = [str(item.answer_number).replace(".", ",")]
        elif item.type == "ordering":
            for display, original in enumerate(order):
                fields[f"{name}.{display}"] = [str(original + 1)]
        elif item.type == "matching":
            for left in range(len(item.pairs)):
                fields[f"{name}.{left}"] = [str(order.index(left))]
        elif item.type == "inspection":
            for display, original in enumerate(order):
                part = item.parts[original]
                fields[f"{name}.{display}.verdict"] = [part.verdict.value]
                if part.defect:
                    fields[f"{name}.{display}.defect"] = [part.defect]
    return fields


def xlsx_strings(content: bytes) -> set[str]:
    """Every text cell of an XLSX file (its shared strings), read with the standard library."""
    import zipfile
    from io import BytesIO
    from xml.etree import ElementTree

    with zipfile.ZipFile(BytesIO(content)) as book:
        # our own server's file, written by XlsxWriter in the same test
        root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314
    namespace = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    return {"".join(t.text or "" for t in si.iter(f"{namespace}t")) for si in root}
