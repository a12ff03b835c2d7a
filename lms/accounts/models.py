"""Tables of the accounts domain."""

from datetime import UTC, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Aware UTC time: every stored timestamp is UTC."""
    return datetime.now(UTC)


class OrganisationKind(StrEnum):
    school = "school"
    factory = "factory"


class Organisation(SQLModel, table=True):
    """A tenant: a vocational school or a factory. Nothing crosses between tenants."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    #: An :class:`OrganisationKind` value (a plain string column: no database enum type).
    kind: str = Field(max_length=16)
    country: str = Field(max_length=2)
    default_language: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
