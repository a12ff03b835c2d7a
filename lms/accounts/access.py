"""The one place that decides who may see and change what: role x organisation.

Every route declares one :class:`Rule` (lms.web.security.Access). Objects of an
organisation the person does not belong to are reported as not found, so a tenant cannot
even learn that another tenant's records exist.
"""

from enum import StrEnum

from lms.accounts.auth import Principal
from lms.accounts.models import Role


class Rule(StrEnum):
    #: Anyone, logged in or not (the open curriculum, login page, health check).
    public = "public"
    #: Any logged-in person.
    signed_in = "signed_in"
    #: Teachers and administrators of any organisation: the teacher's book.
    teacher_book = "teacher_book"
    #: Administrators of some organisation, or platform administrators.
    any_admin = "any_admin"
    #: The administrator of the organisation named in the address, or a platform admin.
    org_admin = "org_admin"
    #: Platform administrators only (creating organisations, the platform-wide audit log).
    platform_admin = "platform_admin"
    #: Teachers (assessors) and administrators of the organisation named in the address.
    org_assessor = "org_assessor"
    #: Teachers and administrators of any organisation: the list of tasks to assess.
    assessor = "assessor"
    #: Supervisors and administrators of the organisation named in the address:
    #: workstations, qualifications, the skills matrix.
    org_supervisor = "org_supervisor"


class Outcome(StrEnum):
    allow = "allow"
    login = "login"
    forbidden = "forbidden"
    not_found = "not_found"


#: Rules about the organisation named in the address, and the roles they let in.
_IN_ORGANISATION = {
    Rule.org_admin: {Role.admin},
    Rule.org_assessor: {Role.admin, Role.teacher},
    Rule.org_supervisor: {Role.admin, Role.supervisor},
}


def decide(principal: Principal | None, rule: Rule, organisation_id: int | None = None) -> Outcome:
    if rule is Rule.public:
        return Outcome.allow
    if principal is None:
        return Outcome.login
    if rule is Rule.signed_in:
        return Outcome.allow
    if principal.is_platform_admin:
        return Outcome.allow
    if rule in (Rule.teacher_book, Rule.assessor):
        return Outcome.allow if principal.has_role(Role.teacher, Role.admin) else Outcome.forbidden
    if rule is Rule.any_admin:
        return Outcome.allow if principal.has_role(Role.admin) else Outcome.forbidden
    if rule in _IN_ORGANISATION:
        if organisation_id is None or organisation_id not in principal.organisation_ids:
            return Outcome.not_found
        wanted = _IN_ORGANISATION[rule]
        return Outcome.allow if wanted & principal.roles_in(organisation_id) else Outcome.forbidden
    return Outcome.forbidden


def may_see_sign_off(principal: Principal, learner_id: int, organisation_id: int) -> bool:
    """The learner themselves, or the teachers, supervisors and administrators of the
    organisation the sign-off was made in."""
    if principal.person_id == learner_id or principal.is_platform_admin:
        return True
    return bool({Role.teacher, Role.supervisor, Role.admin} & principal.roles_in(organisation_id))


def may_see_award(principal: Principal, holder_id: int, organisation_id: int) -> bool:
    """The holder, or the supervisors and administrators of the awarding organisation."""
    if principal.person_id == holder_id or principal.is_platform_admin:
        return True
    return bool({Role.supervisor, Role.admin} & principal.roles_in(organisation_id))
