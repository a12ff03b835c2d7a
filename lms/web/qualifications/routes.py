"""Routes of qualifications: the supervisor's dashboard, workstations, a person's record
(enrol, confirm, revoke), the skills matrix with its exports, the learner's plan, the
certificate and its public verification page. Every object is loaded through the
organisation in the address, so another tenant's ids are simply not found."""

import json
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from sqlmodel.sql.expression import Select

from lms.accounts import repository as accounts
from lms.accounts.access import Rule, may_see_award
from lms.accounts.models import Organisation, Person, Role, aware, utcnow
from lms.curriculum.model import Curriculum
from lms.errors import DomainError
from lms.qualifications import dashboard, matrix, repository
from lms.qualifications import service as qualifications
from lms.qualifications.models import Award, Workstation
from lms.qualifications.rules import LEVELS, standing
from lms.web.accounts.routes import actor_of, signed_in
from lms.web.admin.routes import OrganisationDep
from lms.web.deps import CurriculumDep, DbSession, LanguageDep
from lms.web.exports import ExportFormat, table_response
from lms.web.messages import LEVEL_NAMES, STANDING_NAMES, STATE_NAMES, error_in, note_in
from lms.web.pages import page
from lms.web.qualifications.charts import workstation_chart
from lms.web.qualifications.qr import qr_svg
from lms.web.security import Access
from lms.web.tasks.routes import LearnerDep, learner_here

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def award_here(org_id: int, award_id: int, db: DbSession) -> Award:
    award = repository.get_award(db, award_id)
    if award is None or award.organisation_id != org_id:
        raise HTTPException(status_code=404)
    return award


AwardDep = Annotated[Award, Depends(award_here)]


def workstation_here(org_id: int, workstation_id: int, db: DbSession) -> Workstation:
    workstation = repository.get_workstation(db, org_id, workstation_id)
    if workstation is None:
        raise HTTPException(status_code=404)
    return workstation


WorkstationDep = Annotated[Workstation, Depends(workstation_here)]


def _base(organisation: Organisation, lang: str) -> str:
    return f"/{lang}/orgs/{organisation.id}"


# -- dashboard -------------------------------------------------------------------------


@router.get("/{lang}/orgs/{org_id}/qualifications", dependencies=[Access(Rule.org_supervisor)])
def supervisor_dashboard(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
) -> Response:
    assert organisation.id is not None
    now = utcnow()
    summaries = dashboard.summarise(db, organisation.id, now)
    awards = repository.current_awards_in(db, organisation.id)
    names = accounts.people_by_ids(db, {a.person_id for a in awards})
    states = {a.id: standing(a, now) for a in awards}
    watch = sorted(
        (a for a in awards if states[a.id] in ("proposed", "expiring", "expired")),
        key=lambda a: (str(states[a.id]) != "proposed", aware(a.expires_at) or now),
    )
    return page(
        request,
        curriculum,
        lang,
        "qualifications/dashboard.html",
        organisation=organisation,
        summaries=summaries,
        states=dashboard.STATES,
        state_names=STATE_NAMES,
        standing_names=STANDING_NAMES,
        chart=workstation_chart(summaries),
        watch=[(a, names.get(a.person_id), states[a.id]) for a in watch],
        base=_base(organisation, lang),
    )


# -- sites and workstations ------------------------------------------------------------


def _workstations_page(
    request: Request,
    curriculum: Curriculum,
    lang: str,
    db: Session,
    organisation: Organisation,
    *,
    error: str | None = None,
    note: str | None = None,
    status_code: int = 200,
) -> Response:
    assert organisation.id is not None
    sites = repository.sites_of(db, organisation.id)
    summaries = dashboard.summarise(db, organisation.id, utcnow())
    return page(
        request,
        curriculum,
        lang,
        "qualifications/workstations.html",
        status_code=status_code,
        organisation=organisation,
        sites=sites,
        summaries=summaries,
        error=error,
        note=note,
        base=_base(organisation, lang),
    )


@router.get("/{lang}/orgs/{org_id}/workstations", dependencies=[Access(Rule.org_supervisor)])
def workstations(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    msg: str | None = None,
) -> Response:
    return _workstations_page(request, curriculum, lang, db, organisation, note=note_in(msg, lang))


@router.post("/{lang}/orgs/{org_id}/sites", dependencies=[Access(Rule.org_supervisor)])
def add_site(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    name: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    assert organisation.id is not None
    try:
        qualifications.add_site(
            db, organisation_id=organisation.id, name=name, actor=actor_of(request)
        )
    except DomainError as error:
        return _workstations_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            error=error_in(error, lang),
            status_code=400,
        )
    return RedirectResponse(
        f"{_base(organisation, lang)}/workstations?msg=site_added", status_code=303
    )


@router.post("/{lang}/orgs/{org_id}/workstations", dependencies=[Access(Rule.org_supervisor)])
def add_workstation(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    site_id: Annotated[int, Form()] = 0,
    name: Annotated[str, Form(max_length=120)] = "",
    programme: Annotated[list[str] | None, Form()] = None,
) -> Response:
    assert organisation.id is not None
    try:
        qualifications.add_workstation(
            db,
            curriculum=curriculum,
            organisation_id=organisation.id,
            site_id=site_id,
            name=name,
            programme_ids=list(programme or [])[:20],
            actor=actor_of(request),
        )
    except DomainError as error:
        return _workstations_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            error=error_in(error, lang),
            status_code=400,
        )
    return RedirectResponse(
        f"{_base(organisation, lang)}/workstations?msg=workstation_added", status_code=303
    )


@router.get(
    "/{lang}/orgs/{org_id}/workstations/{workstation_id}",
    dependencies=[Access(Rule.org_supervisor)],
)
def workstation_page(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    workstation: WorkstationDep,
    msg: str | None = None,
) -> Response:
    assert organisation.id is not None
    [summary] = dashboard.summarise(db, organisation.id, utcnow(), workstation)
    people = accounts.people_by_ids(db, summary.people)
    learners = [
        p
        for p, roles in accounts.people_of_organisation(db, organisation.id)
        if Role.learner in roles and p.erased_at is None and p.id not in summary.state_of
    ]
    return page(
        request,
        curriculum,
        lang,
        "qualifications/workstation.html",
        organisation=organisation,
        summary=summary,
        operators=sorted(
            ((people[i], summary.state_of[i]) for i in summary.people if i in people),
            key=lambda pair: pair[0].display_name,
        ),
        learners=learners,
        state_names=STATE_NAMES,
        note=note_in(msg, lang),
        base=_base(organisation, lang),
    )


@router.post(
    "/{lang}/orgs/{org_id}/workstations/{workstation_id}/operators",
    dependencies=[Access(Rule.org_supervisor)],
)
def set_operator(
    request: Request,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    workstation: WorkstationDep,
    person_id: Annotated[int, Form()] = 0,
    action: Annotated[str, Form(max_length=8)] = "add",
) -> Response:
    assert organisation.id is not None
    person = learner_here(organisation.id, person_id, db)
    changed = qualifications.set_operator(
        db,
        organisation_id=organisation.id,
        workstation=workstation,
        person=person,
        present=action != "remove",
        actor=actor_of(request),
    )
    msg = (
        "nothing_changed"
        if not changed
        else "operator_" + ("removed" if action == "remove" else "added")
    )
    return RedirectResponse(
        f"{_base(organisation, lang)}/workstations/{workstation.id}?msg={msg}", status_code=303
    )


# -- a person's qualifications ---------------------------------------------------------


def _record_page(
    request: Request,
    curriculum: Curriculum,
    lang: str,
    db: Session,
    organisation: Organisation,
    person: Person,
    *,
    error: str | None = None,
    note: str | None = None,
    status_code: int = 200,
) -> Response:
    assert organisation.id is not None and person.id is not None
    now = utcnow()
    plans = qualifications.plan_of(db, curriculum, person.id, now, {organisation.id})
    history = [
        a
        for a in repository.awards_of_person(db, person.id)
        if a.organisation_id == organisation.id
    ]
    enrolled = {p.programme.id for p in plans}
    return page(
        request,
        curriculum,
        lang,
        "qualifications/record.html",
        status_code=status_code,
        organisation=organisation,
        person=person,
        plans=plans,
        history=[(a, standing(a, now)) for a in reversed(history)],
        standing_names=STANDING_NAMES,
        level_names=LEVEL_NAMES,
        open_programmes=[p for p in curriculum.programmes.values() if p.id not in enrolled],
        is_learner=accounts.get_membership(db, person.id, organisation.id, Role.learner)
        is not None,
        error=error,
        note=note,
        base=_base(organisation, lang),
        now=now,
    )


@router.get(
    "/{lang}/orgs/{org_id}/people/{person_id}/qualifications",
    dependencies=[Access(Rule.org_supervisor)],
)
def person_record(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    person: LearnerDep,
    msg: str | None = None,
) -> Response:
    return _record_page(
        request, curriculum, lang, db, organisation, person, note=note_in(msg, lang)
    )


def _to_record(lang: str, organisation: Organisation, person_id: int, msg: str) -> Response:
    return RedirectResponse(
        f"{_base(organisation, lang)}/people/{person_id}/qualifications?msg={msg}",
        status_code=303,
    )


@router.post(
    "/{lang}/orgs/{org_id}/people/{person_id}/enrol",
    dependencies=[Access(Rule.org_supervisor)],
)
def enrol(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    person: LearnerDep,
    programme_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    assert organisation.id is not None and person.id is not None
    try:
        changed = qualifications.enrol(
            db,
            curriculum=curriculum,
            organisation_id=organisation.id,
            person=person,
            programme_id=programme_id,
            actor=actor_of(request),
        )
        qualifications.evaluate(db, curriculum, person.id, actor_of(request))
    except DomainError as error:
        return _record_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            person,
            error=error_in(error, lang),
            status_code=400,
        )
    return _to_record(lang, organisation, person.id, "enrolled" if changed else "nothing_changed")


def _change_award(
    request: Request,
    curriculum: Curriculum,
    lang: str,
    db: Session,
    organisation: Organisation,
    award: Award,
    *,
    done: str,
    change: Callable[[], object],
    msg: str,
) -> Response:
    """Confirm or revoke: a second click changes nothing, a refusal shows the record."""
    person = learner_here(award.organisation_id, award.person_id, db)
    if award.status == done:
        return _to_record(lang, organisation, award.person_id, "nothing_changed")
    try:
        change()
    except DomainError as error:
        return _record_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            person,
            error=error_in(error, lang),
            status_code=400,
        )
    return _to_record(lang, organisation, award.person_id, msg)


@router.post(
    "/{lang}/orgs/{org_id}/awards/{award_id}/confirm",
    dependencies=[Access(Rule.org_supervisor)],
)
def confirm_award(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    award: AwardDep,
) -> Response:
    return _change_award(
        request,
        curriculum,
        lang,
        db,
        organisation,
        award,
        done="awarded",
        change=lambda: qualifications.confirm(
            db, curriculum=curriculum, award=award, actor=actor_of(request)
        ),
        msg="award_confirmed",
    )


@router.post(
    "/{lang}/orgs/{org_id}/awards/{award_id}/revoke",
    dependencies=[Access(Rule.org_supervisor)],
)
def revoke_award(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    award: AwardDep,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    return _change_award(
        request,
        curriculum,
        lang,
        db,
        organisation,
        award,
        done="revoked",
        change=lambda: qualifications.revoke(
            db, award=award, reason=reason, actor=actor_of(request)
        ),
        msg="award_revoked",
    )


# -- skills matrix ---------------------------------------------------------------------


def _selection(
    db: Session,
    organisation_id: int,
    site: int | None,
    workstation: int | None,
    group: int | None,
) -> Select:
    """The people a matrix shows; a filter from another organisation selects nobody."""
    if site is not None and repository.get_site(db, organisation_id, site) is None:
        raise HTTPException(status_code=404)
    if (
        workstation is not None
        and repository.get_workstation(db, organisation_id, workstation) is None
    ):
        raise HTTPException(status_code=404)
    if group is not None and accounts.get_group_in_organisation(db, group, organisation_id) is None:
        raise HTTPException(status_code=404)
    return repository.operators(
        db, organisation_id, site_id=site, workstation_id=workstation, group_id=group
    )


@router.get("/{lang}/orgs/{org_id}/skills", dependencies=[Access(Rule.org_supervisor)])
def skills_matrix(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    site: int | None = None,
    workstation: int | None = None,
    group: int | None = None,
    programme: str = "",
    p: int = 1,
    msg: str | None = None,
) -> Response:
    assert organisation.id is not None
    selection = _selection(db, organisation.id, site, workstation, group)
    total = repository.count_people(db, selection)
    pages = max(1, -(-total // PAGE_SIZE))
    current = min(max(1, p), pages)
    people = repository.people_page(db, selection, (current - 1) * PAGE_SIZE, PAGE_SIZE)
    competencies = matrix.competencies_for(curriculum, programme)
    rows = matrix.rows_for(
        db, curriculum, organisation.id, people, repository.ids_of(people), competencies
    )
    known = programme if programme in curriculum.programmes else ""
    filters = {
        k: v
        for k, v in {
            "site": site,
            "workstation": workstation,
            "group": group,
            "programme": known,
        }.items()
        if v
    }
    return page(
        request,
        curriculum,
        lang,
        "qualifications/skills.html",
        organisation=organisation,
        rows=rows,
        competencies=competencies,
        total=total,
        pages=pages,
        current=current,
        filters=filters,
        query=urlencode(filters),
        sites=repository.sites_of(db, organisation.id),
        workstations=repository.workstations_of(db, organisation.id),
        groups=[g for g, _count in accounts.groups_of_organisation(db, organisation.id)],
        level_names=LEVEL_NAMES,
        levels=LEVELS,
        note=note_in(msg, lang),
        base=_base(organisation, lang),
    )


def _skills_export(
    curriculum: Curriculum,
    db: Session,
    organisation: Organisation,
    fmt: str,
    site: int | None,
    workstation: int | None,
    group: int | None,
    programme: str,
) -> Response:
    assert organisation.id is not None
    selection = _selection(db, organisation.id, site, workstation, group)
    people = repository.people_page(db, selection, 0, None)
    competencies = matrix.competencies_for(curriculum, programme)
    rows = matrix.rows_for(db, curriculum, organisation.id, people, selection, competencies)
    header = ["person_id", "name", *competencies]
    return table_response(
        fmt,
        f"skills-matrix-{organisation.slug}",
        "Skills matrix",
        header,
        (
            [
                row.person.id,
                row.person.display_name,
                *[c.level.value + ("*" if c.override else "") for c in row.cells],
            ]
            for row in rows
        ),
    )


@router.get("/orgs/{org_id}/skills.{fmt}", dependencies=[Access(Rule.org_supervisor)])
def skills_export(
    curriculum: CurriculumDep,
    db: DbSession,
    organisation: OrganisationDep,
    fmt: ExportFormat,
    site: int | None = None,
    workstation: int | None = None,
    group: int | None = None,
    programme: str = "",
) -> Response:
    return _skills_export(curriculum, db, organisation, fmt, site, workstation, group, programme)


@router.post("/{lang}/orgs/{org_id}/skills/override", dependencies=[Access(Rule.org_supervisor)])
def override_skill(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    person_id: Annotated[int, Form()] = 0,
    competency_id: Annotated[str, Form(max_length=64)] = "",
    level: Annotated[str, Form(max_length=2)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    assert organisation.id is not None
    person = learner_here(organisation.id, person_id, db)
    try:
        qualifications.override(
            db,
            curriculum=curriculum,
            organisation_id=organisation.id,
            person=person,
            competency_id=competency_id,
            level=level,
            reason=reason,
            actor=actor_of(request),
        )
    except DomainError as error:
        return _record_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            person,
            error=error_in(error, lang),
            status_code=400,
        )
    return _to_record(lang, organisation, person_id, "override_saved")


# -- the learner's side: plan, certificate, verification --------------------------------


@router.get("/{lang}/qualifications", dependencies=[Access(Rule.signed_in)])
def my_qualifications(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, db: DbSession
) -> Response:
    principal = signed_in(request)
    now = utcnow()
    plans = qualifications.plan_of(db, curriculum, principal.person_id, now)
    awards = repository.awards_of_person(db, principal.person_id)
    organisations = {o.id: o for o in accounts.list_organisations(db, principal.organisation_ids)}
    return page(
        request,
        curriculum,
        lang,
        "qualifications/mine.html",
        plans=plans,
        awards=[(a, standing(a, now)) for a in reversed(awards) if a.status != "proposed"],
        organisations=organisations,
        standing_names=STANDING_NAMES,
    )


def _verify_url(request: Request, lang: str, award: Award) -> str:
    base = request.app.state.settings.public_url or str(request.base_url).rstrip("/")
    return f"{base.rstrip('/')}/{lang}/verify/{award.code}"


@router.get("/{lang}/certificates/{award_id}", dependencies=[Access(Rule.signed_in)])
def certificate(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    award_id: int,
) -> Response:
    award = repository.get_award(db, award_id)
    principal = signed_in(request)
    if (
        award is None
        or award.status == "proposed"
        or not may_see_award(principal, award.person_id, award.organisation_id)
    ):
        raise HTTPException(status_code=404)
    holder = accounts.get_person(db, award.person_id)
    organisation = accounts.get_organisation(db, award.organisation_id)
    programme = curriculum.programmes.get(award.programme_id)
    if holder is None or organisation is None or programme is None:
        raise HTTPException(status_code=404)
    url = _verify_url(request, lang, award)
    evidence = json.loads(award.evidence or "{}")
    return page(
        request,
        curriculum,
        lang,
        "qualifications/certificate.html",
        award=award,
        holder=holder,
        organisation=organisation,
        programme=programme,
        state=standing(award, utcnow()),
        standing_names=STANDING_NAMES,
        verify_url=url,
        qr=qr_svg(url),
        modules=[
            curriculum.modules[e.module_id]
            for e in programme.modules
            if e.module_id in curriculum.modules
        ],
        evidence=evidence,
    )


@router.get("/{lang}/verify/{code}", dependencies=[Access(Rule.public)])
def verify(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, db: DbSession, code: str
) -> Response:
    award = repository.award_by_code(db, code) if len(code) <= 40 else None
    found = award is not None and award.status != "proposed"
    holder = accounts.get_person(db, award.person_id) if found and award else None
    programme = curriculum.programmes.get(award.programme_id) if found and award else None
    return page(
        request,
        curriculum,
        lang,
        "qualifications/verify.html",
        status_code=200 if found else 404,
        award=award if found else None,
        holder=holder,
        programme=programme,
        state=standing(award, utcnow()) if found and award else None,
        standing_names=STANDING_NAMES,
        checked_at=utcnow(),
    )
