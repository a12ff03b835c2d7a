"""Tables of the accounts domain: organisations, people, roles, groups, sessions."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import overload

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Aware UTC time: every stored timestamp is UTC."""
    return datetime.now(UTC)


@overload
def aware(moment: datetime) -> datetime: ...
@overload
def aware(moment: None) -> None: ...
def aware(moment: datetime | None) -> datetime | None:
    """A stored timestamp as aware UTC: SQLite gives back naive datetimes for what was
    stored as UTC, PostgreSQL aware ones."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


class OrganisationKind(StrEnum):
    school = "school"
    factory = "factory"


class Role(StrEnum):
    learner = "learner"
    teacher = "teacher"
    supervisor = "supervisor"
    admin = "admin"


class GroupKind(StrEnum):
    #: a class at a school
    school_class = "class"
    #: a shift or line team at a factory
    shift = "shift"


class Organisation(SQLModel, table=True):
    """A tenant: a vocational school or a factory. Nothing crosses between tenants.

    Factory sites and workstations will be their own tables referring to this one.
    """

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    #: An :class:`OrganisationKind` value (a plain string column: no database enum type).
    kind: str = Field(max_length=16)
    country: str = Field(max_length=2)
    default_language: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)


class Person(SQLModel, table=True):
    """Someone who can log in. Personal data lives here and nowhere else, so that erasure
    has one row to scrub (see lms.privacy)."""

    id: int | None = Field(default=None, primary_key=True)
    #: What the person types to log in (an e-mail address or a user name), lower case.
    login: str = Field(max_length=200, unique=True, index=True)
    display_name: str = Field(max_length=200)
    preferred_language: str = Field(max_length=16, default="en")
    password_hash: str | None = Field(default=None, max_length=300)
    is_active: bool = True
    must_change_password: bool = False
    #: Manages organisations across the platform (not tied to one organisation).
    is_platform_admin: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    erased_at: datetime | None = None


class Membership(SQLModel, table=True):
    """A person's role in one organisation; one person may hold roles in several."""

    __table_args__ = (UniqueConstraint("person_id", "organisation_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    role: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)


class LearnerGroup(SQLModel, table=True):
    """A class at a school, or a shift or line team at a factory."""

    __tablename__ = "learner_group"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=120)
    kind: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)


class GroupMember(SQLModel, table=True):
    __tablename__ = "group_member"
    __table_args__ = (UniqueConstraint("group_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="learner_group.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)


class UserSession(SQLModel, table=True):
    """A server-side session. The browser holds a random token; only its SHA-256 is stored,
    so a copy of the database does not hand out live sessions."""

    __tablename__ = "user_session"

    id: str = Field(primary_key=True, max_length=64)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ip: str = Field(max_length=64, default="")
    user_agent: str = Field(max_length=300, default="")


class LoginFailure(SQLModel, table=True):
    """One failed login, counted per account and per client address for throttling."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    #: "account:<person id>" or "client:<address>"
    key: str = Field(max_length=120, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
