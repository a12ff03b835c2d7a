"""Engine creation for SQLite (default) and PostgreSQL.

SQLite gets WAL, foreign keys and a busy timeout on every connection, and write
transactions start with ``BEGIN IMMEDIATE``: the write lock is taken up front, so two
concurrent writers queue on the busy timeout instead of one failing with "database is
locked" when it upgrades a read lock half-way through a transaction.
"""

from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from lms.settings import get_settings

BUSY_TIMEOUT_MS = 15_000
WRITE_OPTION = "lms_write"


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def build_engine(url: str) -> Engine:
    """Create the engine for ``url``; SQLite gets the pragmas and locking described above."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@cache
def get_engine() -> Engine:
    """The process-wide engine, built on first use from ``LMS_DATABASE_URL``."""
    return build_engine(get_settings().database_url)


@cache
def get_write_engine() -> Engine:
    """The same engine and pool, marked so that its transactions take the write lock."""
    return get_engine().execution_options(**{WRITE_OPTION: True})


def reset_engine() -> None:
    """Drop the cached engine (tests and commands that change the database URL)."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    get_write_engine.cache_clear()
