"""Errors: a proper 404 and a generic error page in the reader's language, no traceback."""

from fastapi import APIRouter
from fastapi.testclient import TestClient

from lms.settings import Settings
from lms.web.app import create_app


def test_not_found_page_is_in_the_language_of_the_address(client: TestClient) -> None:
    english = client.get("/en/no/such/page")
    assert english.status_code == 404
    assert "Page not found" in english.text
    lithuanian = client.get("/lt/no/such/page")
    assert lithuanian.status_code == 404
    assert "Puslapis nerastas" in lithuanian.text
    assert '<html lang="lt">' in lithuanian.text


def test_not_found_without_a_language_follows_the_browser(client: TestClient) -> None:
    response = client.get("/nothing-here", headers={"Accept-Language": "lt"})
    assert response.status_code == 404
    assert "Puslapis nerastas" in response.text


def test_server_error_shows_a_generic_page_without_traceback() -> None:
    app = create_app(Settings(access_log=False))
    router = APIRouter()

    @router.get("/lt/boom")
    async def boom() -> None:
        raise ZeroDivisionError("secret detail")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/lt/boom")
    assert response.status_code == 500
    assert "Įvyko klaida" in response.text
    assert "ZeroDivisionError" not in response.text
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text


def test_bad_input_never_gets_a_500(client: TestClient) -> None:
    for url in (
        "/en/modules/%00",
        "/en/modules/defects/tasks/%ff%fe",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/en/glossary?x=" + "a" * 5000,
        "/media/defects/" + "../" * 10 + "etc/passwd",
        "/en/modules/defects/handbook/print/extra",
    ):
        response = client.get(url)
        assert response.status_code < 500, url
    response = client.post("/en/modules/defects/handbook", data={"a": "b"})
    assert response.status_code == 405
