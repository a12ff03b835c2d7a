"""Every table, imported in one place so that migrations and tests see the whole schema."""

from sqlmodel import SQLModel

from lms.accounts.models import Organisation
from lms.curriculum.tables import ModuleVersion

metadata = SQLModel.metadata

__all__ = ["ModuleVersion", "Organisation", "metadata"]
