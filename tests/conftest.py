"""Test set-up: one throwaway database per run, SQLite by default or PostgreSQL by URL.

Set ``LMS_DATABASE_URL=postgresql+psycopg://...`` to run the suite on PostgreSQL; every
table in that database is dropped and recreated, so point it at a database for tests.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="lms-tests-"))
_URL = os.environ.get("LMS_DATABASE_URL", "")
if not _URL.startswith("postgresql"):
    _URL = f"sqlite:///{_TMP / 'test.sqlite3'}"
os.environ["LMS_DATABASE_URL"] = _URL
os.environ.setdefault("LMS_ACCESS_LOG", "false")
# Cheap password hashing keeps the suite fast; production cost is tested in tests/accounts.
os.environ["LMS_ARGON2_TIME_COST"] = "1"
os.environ["LMS_ARGON2_MEMORY_KIB"] = "8192"
os.environ.pop("LMS_TEACHER_BOOK_PUBLIC", None)
os.environ.pop("LMS_ENVIRONMENT", None)

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import text  # noqa: E402

from lms import PROJECT_ROOT  # noqa: E402
from lms.audit.models import APPEND_ONLY_SQL, DROP_APPEND_ONLY_SQL  # noqa: E402
from lms.curriculum.model import Curriculum  # noqa: E402
from lms.curriculum.problems import Problems  # noqa: E402
from lms.db import get_engine, reset_engine, transaction  # noqa: E402
from lms.db.migrate import upgrade  # noqa: E402
from lms.db.models import metadata  # noqa: E402
from lms.settings import Settings, get_settings  # noqa: E402
from lms.web.app import create_app  # noqa: E402

#: The curriculum the suite runs against (LMS_CURRICULUM_DIR, else the shipped one).
CURRICULUM = Path(os.environ.get("LMS_CURRICULUM_DIR", PROJECT_ROOT / "curriculum"))


@cache
def shipped() -> tuple[Curriculum | None, Problems]:
    """The shipped curriculum as the server builds it, built once per run: a build takes
    seconds, and no test changes it (tests that change one work on a copy)."""
    from lms.curriculum.store import build

    return build(CURRICULUM)


def database_kind() -> str:
    return "postgresql" if _URL.startswith("postgresql") else "sqlite"


def _reset_schema() -> None:
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    reset_engine()
    upgrade()


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[str]:
    get_settings.cache_clear()
    reset_engine()
    _reset_schema()
    yield _URL
    reset_engine()
    shutil.rmtree(_TMP, ignore_errors=True)


def empty_all_tables() -> None:
    """Empty every table. The audit table refuses DELETE by trigger, so on SQLite the
    triggers are dropped and recreated around it, and PostgreSQL uses TRUNCATE."""
    engine = get_engine()
    dialect = engine.dialect.name
    with transaction(write=True) as session:
        if dialect == "postgresql":
            names = ", ".join(table.name for table in metadata.sorted_tables)
            session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        for statement in DROP_APPEND_ONLY_SQL[dialect]:
            session.execute(text(statement))
        for table in reversed(metadata.sorted_tables):
            session.execute(table.delete())
        for statement in APPEND_ONLY_SQL[dialect]:
            session.execute(text(statement))


@pytest.fixture
def clean_db() -> Iterator[None]:
    """Empty every table after the test, so tests never share rows."""
    yield
    empty_all_tables()


@pytest.fixture
def demo(clean_db) -> dict[str, int]:
    """The demo organisations and accounts (password ``upskill-demo``); ids by slug/login."""
    from lms.accounts import repository
    from lms.demo import DEMO_ORGANISATIONS, DEMO_PEOPLE, seed_demo

    curriculum, _ = shipped()
    seed_demo(curriculum)
    ids: dict[str, int] = {}
    with transaction(write=False) as session:
        for spec in DEMO_ORGANISATIONS:
            ids[spec["slug"]] = repository.get_organisation_by_slug(session, spec["slug"]).id
        for login, *_rest in DEMO_PEOPLE:
            ids[login] = repository.get_person_by_login(session, login).id
    return ids


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(teacher_book_public=True, access_log=False)


@pytest.fixture(scope="session")
def app(settings: Settings):
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def closed_client() -> Iterator[TestClient]:
    """An app with the teacher's book closed, as in production before accounts exist."""
    with TestClient(
        create_app(Settings(teacher_book_public=False, access_log=False)),
        raise_server_exceptions=False,
    ) as test_client:
        yield test_client
