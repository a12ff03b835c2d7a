"""The unit of work: commits once, rolls back on failure, and writers never trip over locks."""

import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from lms.accounts.models import Organisation
from lms.db import transaction
from lms.db.engine import build_engine

pytestmark = pytest.mark.usefixtures("clean_db")


def _organisation(slug: str) -> Organisation:
    return Organisation(
        slug=slug, name=slug.title(), kind="school", country="LT", default_language="lt"
    )


def _count() -> int:
    with transaction(write=False) as session:
        return session.exec(select(func.count()).select_from(Organisation)).one()


def test_write_transaction_commits() -> None:
    with transaction(write=True) as session:
        session.add(_organisation("one"))
    assert _count() == 1


def test_read_transaction_never_commits() -> None:
    with transaction(write=False) as session:
        session.add(_organisation("ghost"))
        session.flush()
    assert _count() == 0


def test_an_error_rolls_back_everything() -> None:
    with pytest.raises(RuntimeError), transaction(write=True) as session:
        session.add(_organisation("first"))
        session.flush()
        raise RuntimeError("boom")
    assert _count() == 0


def test_a_failed_commit_is_rolled_back_and_stores_nothing() -> None:
    with transaction(write=True) as session:
        session.add(_organisation("taken"))
    with pytest.raises(IntegrityError), transaction(write=True) as session:
        session.add(_organisation("new-one"))
        session.add(_organisation("taken"))
    with transaction(write=False) as session:
        slugs = session.exec(select(Organisation.slug)).all()
    assert slugs == ["taken"]


def test_concurrent_read_then_write_transactions_lose_nothing() -> None:
    """Each writer reads, then writes: with a deferred BEGIN on SQLite, two such writers
    deadlock and one fails with 'database is locked'; BEGIN IMMEDIATE makes them queue."""
    threads_count, writes_each = 8, 15
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads_count)

    def writer(number: int) -> None:
        barrier.wait()
        for index in range(writes_each):
            try:
                with transaction(write=True) as session:
                    session.exec(select(func.count()).select_from(Organisation)).one()
                    session.add(_organisation(f"w{number}-{index}"))
            except BaseException as exc:
                errors.append(exc)

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads_count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert _count() == threads_count * writes_each


def test_sqlite_connections_get_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000
    engine.dispose()


def test_deferred_sqlite_writers_would_fail_without_immediate(tmp_path: Path) -> None:
    """The control for the test above: plain deferred transactions do hit 'locked'."""
    import sqlite3

    path = tmp_path / "deferred.sqlite3"
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (x INTEGER)")
    setup.commit()
    setup.close()
    first = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    second = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    first.execute("BEGIN")
    second.execute("BEGIN")
    first.execute("SELECT count(*) FROM t").fetchone()
    second.execute("SELECT count(*) FROM t").fetchone()
    first.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        second.execute("INSERT INTO t VALUES (2)")
    first.execute("COMMIT")
    first.close()
    second.close()
