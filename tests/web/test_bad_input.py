"""Bad input on every route, as the people most likely to send it: never a 500."""

import pytest
from fastapi.testclient import TestClient

from tests.helpers import log_in_as
from tests.web.test_access import CASES, _fill, world  # noqa: F401 - the fixture is used by name

JUNK = {
    "login": "x" * 5000,
    "password": "\x00\u202e",
    "name": "<script>",
    "role": "root",
    "language": "../../etc",
    "kind": "",
    "slug": "a" * 300,
    "country": "ZZZ",
    "active": "maybe",
    "group_id": "abc",
    "action": "drop",
    "confirm": "",
    "verdict": "passed",
    "place": "moon",
    "criteria": "c0",
    "corrects": "-1",
    "reason": "",
    "read": "x" * 500,
    "q": "999999",
    "go": "sideways",
    "a.nothing": "1",
    "next": "//evil.example",
}
QUERIES = "?q=-5&late=x&msg=<script>&next=javascript:alert(1)&action=' OR 1=1"


@pytest.mark.parametrize("actor", ["lt-admin", "lt-learner"])
def test_junk_never_gets_a_500(client: TestClient, world: dict[str, str], actor: str) -> None:  # noqa: F811
    failures = []
    for (method, template), _case in CASES.items():
        token = log_in_as(client, actor)
        url = _fill(template, world)
        if method == "GET":
            response = client.get(url + QUERIES, follow_redirects=False)
        else:
            files = {
                "file": ("x.csv", b"\xff\xfe" * 100, "text/csv"),
                "evidence": ("x.png", b"GIF89a", "image/png"),
            }
            response = client.post(
                url, data={**JUNK, "csrf_token": token}, files=files, follow_redirects=False
            )
        if response.status_code >= 500 or "Traceback" in response.text:
            failures.append(f"{method} {url} as {actor}: {response.status_code}")
    assert failures == []
