"""Security headers on every kind of response."""

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    "url",
    ["/en/", "/en/modules/defects/handbook", "/en/missing", "/healthz", "/static/css/app.css"],
)
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for url in (
        "/en/",
        "/en/modules/defects/handbook",
        "/lt/modules/defects/tasks/visual-check/print",
    ):
        html = client.get(url).text
        assert "<script" not in html
        assert " style=" not in html
        assert "<style" not in html
