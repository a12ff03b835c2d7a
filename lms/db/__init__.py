"""Database access: one engine per process, one unit of work per request or command."""

from lms.db.engine import get_engine, reset_engine
from lms.db.session import transaction

__all__ = ["get_engine", "reset_engine", "transaction"]
