"""Tables of the curriculum domain: which module versions this platform has loaded.

Results (quiz attempts, sign-offs, awards) will point at a row here, so that each records
the exact module version and content it was earned on.
"""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from lms.accounts.models import utcnow


class ModuleVersion(SQLModel, table=True):
    __tablename__ = "module_version"
    __table_args__ = (UniqueConstraint("module_id", "version", "content_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    module_id: str = Field(max_length=64, index=True)
    version: str = Field(max_length=32)
    #: Hash of all the module's source-language files: changes whenever the content does.
    content_hash: str = Field(max_length=64)
    title: str = Field(max_length=300)
    loaded_at: datetime = Field(default_factory=utcnow)
