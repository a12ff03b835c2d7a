"""Sign-offs are append-only: a correction is a new row that points at the one it corrects,
with a reason, and the history shows both."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from lms.accounts.models import utcnow


class Verdict:
    passed = "passed"
    again = "needs_another_try"


class TaskRequest(SQLModel, table=True):
    """The learner says: I am ready to be assessed on this task."""

    __tablename__ = "task_request"
    __table_args__ = (UniqueConstraint("person_id", "module_id", "task_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    module_id: str = Field(max_length=64)
    task_id: str = Field(max_length=64)
    requested_at: datetime = Field(default_factory=utcnow)


class SignOff(SQLModel, table=True):
    __tablename__ = "sign_off"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="person.id", index=True)
    assessor_id: int = Field(foreign_key="person.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    module_id: str = Field(max_length=64, index=True)
    module_version: str = Field(max_length=32)
    task_id: str = Field(max_length=64)
    verdict: str = Field(max_length=24)
    #: Ids of the checklist criteria the assessor saw met, as JSON.
    criteria_met: str = Field(default="[]")
    criteria_total: int = 0
    comment: str = Field(default="", max_length=2000)
    place: str = Field(max_length=16)
    #: The line and machine, when done at a production line.
    line_machine: str = Field(default="", max_length=200)
    evidence_file: str | None = Field(default=None, max_length=100)
    evidence_type: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utcnow)
    corrects_id: int | None = Field(default=None, foreign_key="sign_off.id")
    correction_reason: str = Field(default="", max_length=1000)
