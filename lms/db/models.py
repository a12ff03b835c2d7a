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
from lms.assessment.models import Attempt
from lms.audit.models import AuditEvent
from lms.curriculum.tables import ModuleVersion
from lms.progress.models import SectionRead
from lms.tasks.models import SignOff, TaskRequest

metadata = SQLModel.metadata

__all__ = [
    "Attempt",
    "AuditEvent",
    "GroupMember",
    "LearnerGroup",
    "LoginFailure",
    "Membership",
    "ModuleVersion",
    "Organisation",
    "Person",
    "SectionRead",
    "SignOff",
    "TaskRequest",
    "UserSession",
    "metadata",
]
