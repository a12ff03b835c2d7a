"""/healthz reports the database."""

from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from lms.web import health


def test_healthz_is_ok_when_the_database_answers(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    modules = len(client.app.state.curriculum_store.get().modules)
    assert response.json() == {"status": "ok", "database": "ok", "modules": modules}
    assert response.headers["cache-control"] == "no-store"


def test_healthz_is_503_when_the_database_does_not(client: TestClient, monkeypatch) -> None:
    class Broken:
        def __enter__(self):
            raise OperationalError("SELECT 1", {}, Exception("down"))

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(health, "transaction", lambda write: Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
