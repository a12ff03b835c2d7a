"""Administration routes. Every object is loaded through its organisation, so an id from
another tenant is simply not found."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from lms.accounts import repository
from lms.accounts import service as people
from lms.accounts.access import Rule
from lms.accounts.models import (
    GroupKind,
    LearnerGroup,
    Organisation,
    OrganisationKind,
    Person,
    Role,
)
from lms.accounts.service import ImportRejected
from lms.audit import repository as audit
from lms.audit.models import AuditEvent
from lms.errors import DomainError
from lms.i18n import gettext_for
from lms.privacy.service import erase_person
from lms.web.accounts.routes import actor_of, signed_in
from lms.web.deps import CurriculumDep, DbSession, LanguageDep
from lms.web.exports import csv_response
from lms.web.messages import (
    KIND_NAMES,
    ROLE_NAMES,
    ROW_ERRORS,
    error_in,
    note_in,
)
from lms.web.pages import page
from lms.web.security import Access
from lms.web.templating import ui_language_for

router = APIRouter(include_in_schema=False)
MAX_CSV_BYTES = 1_000_000


def current_organisation(org_id: int, db: DbSession) -> Organisation:
    organisation = repository.get_organisation(db, org_id)
    if organisation is None:
        raise HTTPException(status_code=404)
    return organisation


OrganisationDep = Annotated[Organisation, Depends(current_organisation)]


def person_here(org_id: int, person_id: int, db: DbSession) -> Person:
    person = repository.person_in_organisation(db, person_id, org_id)
    if person is None:
        raise HTTPException(status_code=404)
    return person


PersonDep = Annotated[Person, Depends(person_here)]


def _gettext(lang: str) -> Callable[[str], str]:
    return gettext_for(ui_language_for(lang))


def _back(
    lang: str, organisation: Organisation, person: Person | None = None, msg: str = ""
) -> RedirectResponse:
    url = f"/{lang}/admin/orgs/{organisation.id}"
    if person is not None:
        url += f"/people/{person.id}"
    return RedirectResponse(f"{url}?msg={msg}" if msg else url, status_code=303)


# -- organisations ---------------------------------------------------------------------


def _admin_index(
    request: Request,
    curriculum: CurriculumDep,
    lang: str,
    db: DbSession,
    *,
    error: str | None = None,
    status_code: int = 200,
    note: str | None = None,
) -> Response:
    principal = signed_in(request)
    ids = None if principal.is_platform_admin else principal.admin_of()
    return page(
        request,
        curriculum,
        lang,
        "admin/index.html",
        status_code=status_code,
        organisations=repository.list_organisations(db, ids),
        error=error,
        note=note,
        kind_names=KIND_NAMES,
        kinds=[k.value for k in OrganisationKind],
    )


@router.get("/{lang}/admin", dependencies=[Access(Rule.any_admin)])
def admin_index(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    msg: str | None = None,
) -> Response:
    return _admin_index(request, curriculum, lang, db, note=note_in(msg, lang))


@router.post("/{lang}/admin/organisations", dependencies=[Access(Rule.platform_admin)])
def create_organisation(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    slug: Annotated[str, Form(max_length=64)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    kind: Annotated[str, Form(max_length=16)] = "",
    country: Annotated[str, Form(max_length=2)] = "",
    language: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    try:
        people.create_organisation(
            db,
            slug=slug,
            name=name,
            kind=kind,
            country=country,
            default_language=language,
            languages=curriculum.languages,
            actor=actor_of(request),
        )
    except DomainError as error:
        return _admin_index(
            request, curriculum, lang, db, error=error_in(error, lang), status_code=400
        )
    return RedirectResponse(f"/{lang}/admin?msg=organisation_created", status_code=303)


def _organisation_page(
    request: Request,
    curriculum: CurriculumDep,
    lang: str,
    db: DbSession,
    organisation: Organisation,
    *,
    error: str | None = None,
    note: str | None = None,
    status_code: int = 200,
) -> Response:
    assert organisation.id is not None
    return page(
        request,
        curriculum,
        lang,
        "admin/organisation.html",
        status_code=status_code,
        organisation=organisation,
        people=repository.people_of_organisation(db, organisation.id),
        groups=repository.groups_of_organisation(db, organisation.id),
        error=error,
        note=note,
        role_names=ROLE_NAMES,
        kind_names=KIND_NAMES,
        group_kinds=[k.value for k in GroupKind],
    )


@router.get("/{lang}/admin/orgs/{org_id}", dependencies=[Access(Rule.org_admin)])
def organisation_page(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    msg: str | None = None,
) -> Response:
    return _organisation_page(request, curriculum, lang, db, organisation, note=note_in(msg, lang))


@router.post("/{lang}/admin/orgs/{org_id}/people", dependencies=[Access(Rule.org_admin)])
def create_person(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    name: Annotated[str, Form(max_length=200)] = "",
    login: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    language: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    assert organisation.id is not None
    try:
        person, password = people.create_person(
            db,
            organisation_id=organisation.id,
            login=login,
            display_name=name,
            role=role,
            preferred_language=language or organisation.default_language,
            languages=curriculum.languages,
            actor=actor_of(request),
        )
    except DomainError as error:
        return _organisation_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            error=error_in(error, lang),
            status_code=400,
        )
    request.state.no_store = True
    return page(
        request,
        curriculum,
        lang,
        "admin/passwords.html",
        organisation=organisation,
        handed_out=[(person, password)],
        created=True,
    )


@router.post("/{lang}/admin/orgs/{org_id}/groups", dependencies=[Access(Rule.org_admin)])
def create_group(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    name: Annotated[str, Form(max_length=120)] = "",
    kind: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    assert organisation.id is not None
    try:
        people.create_group(
            db, organisation_id=organisation.id, name=name, kind=kind, actor=actor_of(request)
        )
    except DomainError as error:
        return _organisation_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            error=error_in(error, lang),
            status_code=400,
        )
    return _back(lang, organisation, msg="group_created")


# -- one person ------------------------------------------------------------------------


def _person_page(
    request: Request,
    curriculum: CurriculumDep,
    lang: str,
    db: DbSession,
    organisation: Organisation,
    person: Person,
    *,
    error: str | None = None,
    note: str | None = None,
    status_code: int = 200,
) -> Response:
    assert organisation.id is not None and person.id is not None
    roles = [
        m.role
        for m in repository.memberships_of(db, person.id)
        if m.organisation_id == organisation.id
    ]
    groups_here = repository.groups_of_organisation(db, organisation.id)
    member_of = {g.id for g in repository.groups_of_person(db, person.id, organisation.id)}
    other_organisations = {m.organisation_id for m in repository.memberships_of(db, person.id)} - {
        organisation.id
    }
    return page(
        request,
        curriculum,
        lang,
        "admin/person.html",
        status_code=status_code,
        organisation=organisation,
        person=person,
        roles=roles,
        groups_here=groups_here,
        member_of=member_of,
        other_organisations=len(other_organisations),
        error=error,
        note=note,
        role_names=ROLE_NAMES,
        all_roles=[r.value for r in Role],
    )


@router.get("/{lang}/admin/orgs/{org_id}/people/{person_id}", dependencies=[Access(Rule.org_admin)])
def person_page(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    person: PersonDep,
    msg: str | None = None,
) -> Response:
    return _person_page(
        request, curriculum, lang, db, organisation, person, note=note_in(msg, lang)
    )


def _person_change(
    request: Request,
    curriculum: CurriculumDep,
    lang: str,
    db: DbSession,
    organisation: Organisation,
    person: Person,
    change: Callable[[], object],
    note: str,
) -> Response:
    try:
        changed = change()
    except DomainError as error:
        return _person_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            person,
            error=error_in(error, lang),
            status_code=400,
        )
    return _back(
        lang, organisation, person, msg=note if changed is not False else "nothing_changed"
    )


@router.post(
    "/{lang}/admin/orgs/{org_id}/people/{person_id}/roles", dependencies=[Access(Rule.org_admin)]
)
def change_role(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    person: PersonDep,
    role: Annotated[str, Form(max_length=16)] = "",
    action: Annotated[str, Form(max_length=8)] = "add",
) -> Response:
    assert organisation.id is not None
    org_id, actor = organisation.id, actor_of(request)
    if action == "remove":
        return _person_change(
            request,
            curriculum,
            lang,
            db,
            organisation,
            person,
            lambda: people.remove_role(
                db, person=person, organisation_id=org_id, role=role, actor=actor
            ),
            "role_removed",
        )
    return _person_change(
        request,
        curriculum,
        lang,
        db,
        organisation,
        person,
        lambda: people.add_role(db, person=person, organisation_id=org_id, role=role, actor=actor),
        "role_added",
    )


@router.post(
    "/{lang}/admin/orgs/{org_id}/people/{person_id}/active", dependencies=[Access(Rule.org_admin)]
)
def change_active(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    person: PersonDep,
    active: Annotated[str, Form(max_length=1)] = "0",
) -> Response:
    assert organisation.id is not None
    org_id, actor, wanted = organisation.id, actor_of(request), active == "1"
    return _person_change(
        request,
        curriculum,
        lang,
        db,
        organisation,
        person,
        lambda: people.set_active(
            db, person=person, organisation_id=org_id, active=wanted, actor=actor
        ),
        "person_enabled" if wanted else "person_disabled",
    )


@router.post(
    "/{lang}/admin/orgs/{org_id}/people/{person_id}/groups", dependencies=[Access(Rule.org_admin)]
)
def change_group(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    person: PersonDep,
    group_id: Annotated[int, Form()] = 0,
    action: Annotated[str, Form(max_length=8)] = "add",
) -> Response:
    assert organisation.id is not None
    group: LearnerGroup | None = repository.get_group_in_organisation(db, group_id, organisation.id)
    if group is None:
        raise HTTPException(status_code=404)
    actor = actor_of(request)
    if action == "remove":
        return _person_change(
            request,
            curriculum,
            lang,
            db,
            organisation,
            person,
            lambda: people.remove_from_group(db, group=group, person=person, actor=actor),
            "group_member_removed",
        )
    return _person_change(
        request,
        curriculum,
        lang,
        db,
        organisation,
        person,
        lambda: people.add_to_group(db, group=group, person=person, actor=actor),
        "group_member_added",
    )


@router.post(
    "/{lang}/admin/orgs/{org_id}/people/{person_id}/password", dependencies=[Access(Rule.org_admin)]
)
def reset_password(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    person: PersonDep,
) -> Response:
    assert organisation.id is not None
    try:
        password = people.reset_password(
            db, person=person, organisation_id=organisation.id, actor=actor_of(request)
        )
    except DomainError as error:
        return _person_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            person,
            error=error_in(error, lang),
            status_code=400,
        )
    request.state.no_store = True
    return page(
        request,
        curriculum,
        lang,
        "admin/passwords.html",
        organisation=organisation,
        handed_out=[(person, password)],
        created=False,
    )


@router.post(
    "/{lang}/admin/orgs/{org_id}/people/{person_id}/erase", dependencies=[Access(Rule.org_admin)]
)
def erase(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    person: PersonDep,
    confirm: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    assert organisation.id is not None and person.id is not None
    principal = signed_in(request)
    org_id, actor = organisation.id, actor_of(request)

    def run() -> None:
        if confirm.strip().lower() != person.login:
            raise DomainError("erase_not_confirmed")
        elsewhere = {m.organisation_id for m in repository.memberships_of(db, person.id)} - {org_id}
        if elsewhere and not principal.is_platform_admin:
            raise DomainError("erase_other_organisations")
        erase_person(
            db,
            person=person,
            organisation_id=org_id,
            actor=actor,
            evidence_dir=request.app.state.settings.evidence_dir,
        )

    return _person_change(request, curriculum, lang, db, organisation, person, run, "person_erased")


# -- CSV import ------------------------------------------------------------------------


@router.get("/{lang}/admin/orgs/{org_id}/import", dependencies=[Access(Rule.org_admin)])
def import_form(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, organisation: OrganisationDep
) -> Response:
    return page(
        request, curriculum, lang, "admin/import.html", organisation=organisation, problems=[]
    )


@router.post("/{lang}/admin/orgs/{org_id}/import", dependencies=[Access(Rule.org_admin)])
def import_people(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    data = file.file.read(MAX_CSV_BYTES + 1)
    gettext = _gettext(lang)
    if len(data) > MAX_CSV_BYTES:
        problems = [(1, gettext("The file is larger than 1 MB."))]
        return page(
            request,
            curriculum,
            lang,
            "admin/import.html",
            status_code=400,
            organisation=organisation,
            problems=problems,
        )
    try:
        imported = people.import_people(
            db,
            organisation=organisation,
            data=data,
            languages=curriculum.languages,
            actor=actor_of(request),
        )
    except ImportRejected as rejected:
        problems = [
            (e.row, gettext(ROW_ERRORS.get(e.code, "?")) % {"value": e.value})
            for e in rejected.errors
        ]
        return page(
            request,
            curriculum,
            lang,
            "admin/import.html",
            status_code=400,
            organisation=organisation,
            problems=problems,
        )
    request.state.no_store = True
    return page(
        request,
        curriculum,
        lang,
        "admin/passwords.html",
        organisation=organisation,
        handed_out=[(item.person, item.password) for item in imported],
        created=True,
    )


# -- audit log -------------------------------------------------------------------------


AuditRows = list[tuple[AuditEvent, Person | None]]


def _audit_rows(
    db: DbSession, organisation_id: int | None, action: str | None, limit: int | None
) -> AuditRows:
    events = audit.list_events(
        db, organisation_id=organisation_id, action=action or None, limit=limit
    )
    names = repository.people_by_ids(db, (e.actor_id for e in events if e.actor_id))
    return [(e, names.get(e.actor_id) if e.actor_id else None) for e in events]


def _audit_csv(rows: AuditRows) -> Response:
    header = [
        "id",
        "at_utc",
        "actor_id",
        "actor",
        "organisation_id",
        "action",
        "subject_type",
        "subject_id",
        "ip",
        "details",
    ]
    return csv_response(
        "audit-log.csv",
        header,
        (
            [
                event.id,
                event.at.isoformat(),
                event.actor_id or "",
                actor.display_name if actor else "",
                event.organisation_id or "",
                event.action,
                event.subject_type,
                event.subject_id,
                event.ip,
                event.details,
            ]
            for event, actor in rows
        ),
    )


@router.get("/{lang}/admin/orgs/{org_id}/audit", dependencies=[Access(Rule.org_admin)])
def organisation_audit(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    action: str | None = None,
) -> Response:
    return page(
        request,
        curriculum,
        lang,
        "admin/audit.html",
        organisation=organisation,
        action=action or "",
        rows=_audit_rows(db, organisation.id, action, 200),
        csv_url=f"/admin/orgs/{organisation.id}/audit.csv",
    )


@router.get("/admin/orgs/{org_id}/audit.csv", dependencies=[Access(Rule.org_admin)])
def organisation_audit_csv(db: DbSession, organisation: OrganisationDep) -> Response:
    return _audit_csv(_audit_rows(db, organisation.id, None, None))


@router.get("/{lang}/admin/audit", dependencies=[Access(Rule.platform_admin)])
def platform_audit(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    action: str | None = None,
) -> Response:
    return page(
        request,
        curriculum,
        lang,
        "admin/audit.html",
        organisation=None,
        action=action or "",
        rows=_audit_rows(db, None, action, 200),
        csv_url="/admin/audit.csv",
    )


@router.get("/admin/audit.csv", dependencies=[Access(Rule.platform_admin)])
def platform_audit_csv(db: DbSession) -> Response:
    return _audit_csv(_audit_rows(db, None, None, None))
