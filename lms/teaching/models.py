"""Assignments: a teacher gives a group or some people a module, a quiz or a task to do
by a date. Who it is for is resolved when read, so a learner who joins the group later
gets the group's assignments too."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from lms.accounts.models import utcnow


class AssignmentKind:
    module = "module"
    quiz = "quiz"
    task = "task"


class Assignment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    #: The group it is for; NULL when it is for the people in ``assignment_person``.
    group_id: int | None = Field(default=None, foreign_key="learner_group.id", index=True)
    kind: str = Field(max_length=8)
    module_id: str = Field(max_length=64)
    task_id: str | None = Field(default=None, max_length=64)
    due_at: datetime
    note: str = Field(default="", max_length=1000)
    created_by: int = Field(foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow)
    #: The random key of the form it was sent from: a double click creates one assignment.
    form_key: str = Field(max_length=64, unique=True)


class AssignmentPerson(SQLModel, table=True):
    __tablename__ = "assignment_person"
    __table_args__ = (UniqueConstraint("assignment_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
