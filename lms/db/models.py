"""Every table, imported in one place so that migrations and tests see the whole schema."""

from sqlmodel import SQLModel

from lms.accounts.models import (
    GroupMember,
    LearnerGroup,
    LoginFailure,
    Membership,
    Organisation,
    Person,
    UserSession,
)
from lms.audit.models import AuditEvent
from lms.curriculum.tables import ModuleVersion

metadata = SQLModel.metadata

__all__ = [
    "AuditEvent",
    "GroupMember",
    "LearnerGroup",
    "LoginFailure",
    "Membership",
    "ModuleVersion",
    "Organisation",
    "Person",
    "UserSession",
    "metadata",
]
