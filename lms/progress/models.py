from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from lms.accounts.models import utcnow


class SectionRead(SQLModel, table=True):
    """A learner has read a section of a module's handbook (they say so)."""

    __tablename__ = "section_read"
    __table_args__ = (UniqueConstraint("person_id", "module_id", "anchor"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    module_id: str = Field(max_length=64)
    anchor: str = Field(max_length=120)
    read_at: datetime = Field(default_factory=utcnow)
