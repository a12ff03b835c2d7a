"""The audit table. Rows are never updated or deleted: the database refuses it (triggers
created by the migration), so not even a bug in our code can rewrite history."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from lms.accounts.models import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    #: Who did it (None: an anonymous visitor or the system).
    actor_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    #: Which tenant it belongs to (None: platform-wide).
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    action: str = Field(max_length=64, index=True)
    subject_type: str = Field(max_length=32, default="")
    subject_id: str = Field(max_length=64, default="")
    #: The client address the request came from.
    ip: str = Field(max_length=64, default="")
    #: Facts about the change as JSON; ids and values, never passwords.
    details: str = Field(default="{}")


#: The database refuses UPDATE and DELETE on audit rows. Used by the migration (and by the
#: test suite's table cleaner, which must drop and recreate them to empty the table).
APPEND_ONLY_SQL = {
    "sqlite": [
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    ],
}
DROP_APPEND_ONLY_SQL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_event_no_update",
        "DROP TRIGGER IF EXISTS audit_event_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_event_no_change ON audit_event",
        "DROP FUNCTION IF EXISTS audit_event_append_only()",
    ],
}
