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
from lms.qualifications.models import (
    Award,
    Enrolment,
    Reminder,
    Site,
    SkillOverride,
    Workstation,
    WorkstationOperator,
    WorkstationRequirement,
)
from lms.tasks.models import SignOff, TaskRequest
from lms.teaching.models import Assignment, AssignmentPerson

metadata = SQLModel.metadata

__all__ = [
    "Assignment",
    "AssignmentPerson",
    "Attempt",
    "AuditEvent",
    "Award",
    "Enrolment",
    "GroupMember",
    "LearnerGroup",
    "LoginFailure",
    "Membership",
    "ModuleVersion",
    "Organisation",
    "Person",
    "Reminder",
    "SectionRead",
    "SignOff",
    "Site",
    "SkillOverride",
    "TaskRequest",
    "UserSession",
    "Workstation",
    "WorkstationOperator",
    "WorkstationRequirement",
    "metadata",
]
