"""Routes for logging in and out, the home page and one's own account. Thin: rules live in
lms.accounts and lms.privacy."""

import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from lms.accounts import auth, repository
from lms.accounts import service as people
from lms.accounts.access import Rule
from lms.accounts.auth import Principal
from lms.accounts.models import Role, utcnow
from lms.accounts.service import Actor
from lms.errors import DomainError
from lms.privacy.service import export_person
from lms.qualifications import repository as awards_repository
from lms.qualifications.rules import Standing, standing
from lms.teaching import service as teaching
from lms.web.deps import CurriculumDep, DbSession, LanguageDep
from lms.web.messages import ROLE_NAMES, STANDING_NAMES, error_in, note_in
from lms.web.pages import page
from lms.web.security import (
    SESSION_COOKIE,
    Access,
    clear_session_cookie,
    client_ip,
    principal_of,
    safe_next,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)


def actor_of(request: Request) -> Actor:
    principal = principal_of(request)
    return Actor(person_id=principal.person_id if principal else None, ip=client_ip(request))


def signed_in(request: Request) -> Principal:
    principal = principal_of(request)
    assert principal is not None, "the route's access rule lets only signed-in people through"
    return principal


def _login_page(
    request: Request,
    curriculum: CurriculumDep,
    lang: str,
    *,
    next_url: str | None,
    error: str | None = None,
    login: str = "",
    status_code: int = 200,
) -> Response:
    return page(
        request,
        curriculum,
        lang,
        "accounts/login.html",
        status_code=status_code,
        next_url=safe_next(next_url) or "",
        error=error,
        login=login,
    )


@router.get("/{lang}/login", dependencies=[Access(Rule.public)])
async def login_form(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    next: str | None = None,
) -> Response:
    principal = principal_of(request)
    if principal is not None:
        return RedirectResponse(safe_next(next) or f"/{lang}/home", status_code=303)
    return _login_page(request, curriculum, lang, next_url=next)


@router.post("/{lang}/login", dependencies=[Access(Rule.public)])
def login(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    login: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=500)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    settings = request.app.state.settings
    try:
        person = auth.authenticate(
            db, login=login, password=password, ip=client_ip(request), settings=settings
        )
    except DomainError as error:
        status = (
            429 if error.code == "login_throttled" else 401 if error.code == "login_failed" else 403
        )
        message = error_in(error, lang)
        return _login_page(
            request, curriculum, lang, next_url=next, error=message, login=login, status_code=status
        )
    token = auth.start_session(
        db,
        person=person,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
        previous_token=request.cookies.get(SESSION_COOKIE),
    )
    language = (
        person.preferred_language if person.preferred_language in curriculum.languages else lang
    )
    if person.must_change_password:
        target = f"/{language}/account?msg=must_change_password"
    else:
        target = safe_next(next) or f"/{language}/home"
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, token, request)
    return response


@router.post("/logout", dependencies=[Access(Rule.public)])
def logout(
    request: Request,
    curriculum: CurriculumDep,
    db: DbSession,
    lang: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        auth.end_session(db, token=token, principal=principal_of(request), ip=client_ip(request))
    language = lang if lang in curriculum.languages else curriculum.source_language
    response = RedirectResponse(f"/{language}/login?logged_out=1", status_code=303)
    clear_session_cookie(response, request)
    return response


@router.get("/{lang}/home", dependencies=[Access(Rule.signed_in)])
def home(request: Request, curriculum: CurriculumDep, lang: LanguageDep, db: DbSession) -> Response:
    principal = signed_in(request)
    organisations = {o.id: o for o in repository.list_organisations(db, principal.organisation_ids)}
    places = []
    for organisation_id, organisation in organisations.items():
        assert organisation_id is not None
        roles = sorted(principal.roles_in(organisation_id))
        places.append(
            {
                "organisation": organisation,
                "roles": roles,
                "groups": repository.groups_of_person(db, principal.person_id, organisation_id),
                "teaches": Role.teacher in roles,
                "overview": repository.count_roles(db, organisation_id)
                if Role.supervisor in roles or Role.admin in roles
                else None,
                "groups_here": repository.groups_of_organisation(db, organisation_id)
                if Role.supervisor in roles or Role.admin in roles or Role.teacher in roles
                else [],
                "is_admin": Role.admin in roles,
                "supervises": Role.supervisor in roles or Role.admin in roles,
            }
        )
    person = repository.get_person(db, principal.person_id)
    assert person is not None
    now = utcnow()
    return page(
        request,
        curriculum,
        lang,
        "accounts/home.html",
        places=places,
        role_names=ROLE_NAMES,
        programmes=list(curriculum.programmes.values()),
        assignments=teaching.assignments_for(db, curriculum, person, now),
        expiring=[
            (award, state)
            for award in awards_repository.awards_of_person(db, principal.person_id)
            if award.current
            and (state := standing(award, now)) in (Standing.expiring, Standing.expired)
        ],
        standing_names=STANDING_NAMES,
    )


def _account_page(
    request: Request,
    curriculum: CurriculumDep,
    lang: str,
    db: DbSession,
    *,
    note: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    principal = signed_in(request)
    person = repository.get_person(db, principal.person_id)
    return page(
        request,
        curriculum,
        lang,
        "accounts/account.html",
        status_code=status_code,
        person=person,
        note=note,
        error=error,
    )


@router.get("/{lang}/account", dependencies=[Access(Rule.signed_in)])
def account(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    msg: str | None = None,
) -> Response:
    return _account_page(request, curriculum, lang, db, note=note_in(msg, lang))


@router.post("/{lang}/account/language", dependencies=[Access(Rule.signed_in)])
def change_language(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    language: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    person = repository.get_person(db, signed_in(request).person_id)
    assert person is not None
    try:
        people.set_language(
            db,
            person=person,
            language=language,
            languages=curriculum.languages,
            actor=actor_of(request),
        )
    except DomainError as error:
        message = error_in(error, lang)
        return _account_page(request, curriculum, lang, db, error=message, status_code=400)
    return RedirectResponse(f"/{language}/account?msg=language_changed", status_code=303)


@router.post("/{lang}/account/password", dependencies=[Access(Rule.signed_in)])
def change_password(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    current: Annotated[str, Form(max_length=500)] = "",
    new: Annotated[str, Form(max_length=500)] = "",
    repeat: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    person = repository.get_person(db, signed_in(request).person_id)
    assert person is not None
    try:
        if new != repeat:
            raise DomainError("password_mismatch")
        people.change_password(db, person=person, current=current, new=new, actor=actor_of(request))
    except DomainError as error:
        message = error_in(error, lang)
        return _account_page(request, curriculum, lang, db, error=message, status_code=400)
    return RedirectResponse(f"/{lang}/account?msg=password_changed", status_code=303)


@router.post("/account/export", dependencies=[Access(Rule.signed_in)])
def export_my_data(request: Request, db: DbSession) -> Response:
    person = repository.get_person(db, signed_in(request).person_id)
    assert person is not None
    data = export_person(db, person=person, actor=actor_of(request))
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
    )
