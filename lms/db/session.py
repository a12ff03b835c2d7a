"""The one place that commits or rolls back.

Requests and commands get a session from :func:`transaction`; domain code adds and
flushes but never commits. A failed commit is always rolled back explicitly: closing a
session without ``rollback()`` after a failed commit can leave rows stored that the caller
was told had failed.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from lms.db.engine import get_engine, get_write_engine


@contextmanager
def transaction(*, write: bool) -> Iterator[Session]:
    """A unit of work: committed at the end if ``write``, otherwise rolled back.

    A read transaction ends with ``close()``, which rolls back the connection but leaves the
    loaded objects readable (``rollback()`` would expire them)."""
    session = Session(get_write_engine() if write else get_engine(), expire_on_commit=False)
    try:
        yield session
        if write:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
