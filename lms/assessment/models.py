"""The attempt table. One row per attempt; answers are saved into it as the learner goes."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from lms.accounts.models import utcnow


class AttemptStatus:
    in_progress = "in_progress"
    submitted = "submitted"


class Attempt(SQLModel, table=True):
    # ``open_slot`` is 1 while the attempt is open and NULL afterwards: with the unique
    # constraint, a learner can have only one open attempt per module, even when two tabs
    # or a double click start one at the same moment.
    __table_args__ = (UniqueConstraint("person_id", "module_id", "open_slot"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    module_id: str = Field(max_length=64, index=True)
    #: The module version and content the attempt was taken on.
    module_version: str = Field(max_length=32)
    content_hash: str = Field(max_length=64)
    language: str = Field(max_length=16)
    number: int
    #: Seeds the order of items and options shown to this attempt.
    seed: int
    status: str = Field(max_length=16, default=AttemptStatus.in_progress)
    open_slot: int | None = Field(default=1)
    #: The learner's answers so far, as JSON keyed by item id.
    answers: str = Field(default="{}")
    started_at: datetime = Field(default_factory=utcnow)
    saved_at: datetime | None = None
    deadline_at: datetime | None = None
    submitted_at: datetime | None = None
    #: Closed at the deadline rather than by the learner.
    timed_out: bool = False
    pass_mark: int = 70
    points: float | None = None
    max_points: float | None = None
    score_percent: float | None = None
    passed: bool | None = None
    #: Per-item results as JSON, written once at grading.
    results: str = Field(default="{}")
