"""Tables of qualifications. Awards, reminders and skill overrides are never edited in
place for what matters as evidence: an award changes status (proposed, awarded, revoked)
with who and when recorded, and each override is a new row."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from lms.accounts.models import utcnow


class AwardStatus:
    #: every rule is met; waiting for a supervisor to confirm
    proposed = "proposed"
    awarded = "awarded"
    revoked = "revoked"


class Site(SQLModel, table=True):
    """A factory site (a plant, a hall)."""

    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=120)


class Workstation(SQLModel, table=True):
    """A place where an operator works, e.g. "Line 3 - automated inspection cell"."""

    __table_args__ = (UniqueConstraint("site_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    site_id: int = Field(foreign_key="site.id", index=True)
    name: str = Field(max_length=120)


class WorkstationRequirement(SQLModel, table=True):
    """A qualification (programme id) that everyone at the workstation needs."""

    __tablename__ = "workstation_requirement"
    __table_args__ = (UniqueConstraint("workstation_id", "programme_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workstation_id: int = Field(foreign_key="workstation.id", index=True)
    programme_id: str = Field(max_length=64)


class WorkstationOperator(SQLModel, table=True):
    """Someone who works (or will work) at the workstation."""

    __tablename__ = "workstation_operator"
    __table_args__ = (UniqueConstraint("workstation_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workstation_id: int = Field(foreign_key="workstation.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)


class Enrolment(SQLModel, table=True):
    """A person follows a programme (a qualification pathway) in an organisation."""

    __table_args__ = (UniqueConstraint("organisation_id", "person_id", "programme_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    programme_id: str = Field(max_length=64)
    enrolled_by: int | None = Field(default=None, foreign_key="person.id")
    enrolled_at: datetime = Field(default_factory=utcnow)


class Award(SQLModel, table=True):
    """A qualification proposed, awarded or revoked, with the evidence it rests on.

    ``current`` is 1 on the latest award of a person, programme and organisation and NULL on
    the ones it replaced: with the unique constraint, two requests that both find the rules
    met cannot both create an award.
    """

    __table_args__ = (UniqueConstraint("organisation_id", "person_id", "programme_id", "current"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    programme_id: str = Field(max_length=64)
    current: int | None = Field(default=1)
    status: str = Field(max_length=16)
    #: The secret part of the public verification address.
    code: str = Field(max_length=32, unique=True, index=True)
    eqf_level: int = 0
    proposed_at: datetime = Field(default_factory=utcnow)
    awarded_at: datetime | None = None
    awarded_by: int | None = Field(default=None, foreign_key="person.id")
    expires_at: datetime | None = None
    #: JSON: the attempts, sign-offs and module versions the award rests on.
    evidence: str = Field(default="{}")
    revoked_at: datetime | None = None
    revoked_by: int | None = Field(default=None, foreign_key="person.id")
    revoke_reason: str = Field(default="", max_length=1000)


class Reminder(SQLModel, table=True):
    """An expiry reminder, made once per award and threshold by ``lms qualifications remind``."""

    __table_args__ = (UniqueConstraint("award_id", "days_before"),)

    id: int | None = Field(default=None, primary_key=True)
    award_id: int = Field(foreign_key="award.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    days_before: int
    created_at: datetime = Field(default_factory=utcnow)


class SkillOverride(SQLModel, table=True):
    """A supervisor's ILUO level for one person and competency, with the reason; the latest
    row stands over the level derived from evidence."""

    __tablename__ = "skill_override"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    competency_id: str = Field(max_length=64)
    level: str = Field(max_length=2)
    reason: str = Field(max_length=1000)
    set_by: int = Field(foreign_key="person.id")
    set_at: datetime = Field(default_factory=utcnow)
