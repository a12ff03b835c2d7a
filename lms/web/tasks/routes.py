"""Routes for practical-task sign-off. The learner and task are always loaded through the
organisation in the address, so an assessor never reaches another tenant's learners."""

import json
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from lms.accounts import repository as accounts
from lms.accounts.access import Rule, may_see_sign_off
from lms.accounts.models import Person, Role
from lms.curriculum.model import DocKind, Module, Task
from lms.curriculum.reading import resolve, task_list
from lms.errors import DomainError
from lms.qualifications import service as qualifications
from lms.tasks import repository
from lms.tasks import service as tasks
from lms.tasks.models import SignOff
from lms.web.accounts.routes import actor_of, signed_in
from lms.web.deps import CurriculumDep, DbSession, LanguageDep, ModuleDep
from lms.web.messages import error_in, note_in
from lms.web.pages import page
from lms.web.security import Access, client_ip

router = APIRouter(include_in_schema=False)


def learner_here(org_id: int, person_id: int, db: DbSession) -> Person:
    person = accounts.person_in_organisation(db, person_id, org_id)
    if person is None or person.erased_at is not None:
        raise HTTPException(status_code=404)
    return person


LearnerDep = Annotated[Person, Depends(learner_here)]


def _task(module: Module, task_id: str, source: str) -> Task:
    task = module.languages[source].tasks.get(task_id)
    if task is None:
        raise HTTPException(status_code=404)
    return task


@router.post(
    "/{lang}/modules/{module_id}/tasks/{task_id}/ready", dependencies=[Access(Rule.signed_in)]
)
def ready(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    module: ModuleDep,
    task_id: str,
) -> Response:
    _task(module, task_id, curriculum.source_language)
    tasks.request_assessment(
        db, learner_id=signed_in(request).person_id, module=module, task_id=task_id
    )
    return RedirectResponse(f"/{lang}/modules/{module.id}/tasks/{task_id}", status_code=303)


@router.get("/{lang}/assess", dependencies=[Access(Rule.assessor)])
def assess_home(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, db: DbSession
) -> Response:
    principal = signed_in(request)
    places = []
    for organisation in accounts.list_organisations(db, principal.organisation_ids):
        assert organisation.id is not None
        if not ({Role.teacher, Role.admin} & principal.roles_in(organisation.id)):
            continue
        learners = [
            p
            for p, roles in accounts.people_of_organisation(db, organisation.id)
            if Role.learner in roles and p.erased_at is None
        ]
        waiting = repository.open_requests(db, [p.id for p in learners if p.id is not None])
        names = {p.id: p for p in learners}
        places.append(
            {
                "organisation": organisation,
                "learners": learners,
                "waiting": [(names[r.person_id], r) for r in waiting if r.person_id in names],
            }
        )
    # Every task of every module, with its title in the page's language, listed once.
    choices = [
        (
            module,
            [
                (task.task.id, task.doc.title)
                for task in task_list(curriculum, module, lang)
                if task.task
            ],
        )
        for module in curriculum.modules.values()
    ]
    return page(request, curriculum, lang, "tasks/assess_home.html", places=places, choices=choices)


def _assess_page(
    request: Request,
    curriculum: CurriculumDep,
    lang: str,
    db: DbSession,
    org_id: int,
    learner: Person,
    module: Module,
    task_id: str,
    *,
    error: str | None = None,
    status_code: int = 200,
    note: str | None = None,
) -> Response:
    task = _task(module, task_id, curriculum.source_language)
    resolved = resolve(curriculum, module, lang, DocKind.task, task_id)
    assert learner.id is not None and resolved is not None
    history = [
        s for s in repository.sign_offs_of(db, learner.id, module.id) if s.task_id == task_id
    ]
    assessors = accounts.people_by_ids(db, {s.assessor_id for s in history})
    standing = {s.id for s in tasks.effective_sign_offs(history)}
    return page(
        request,
        curriculum,
        lang,
        "tasks/assess.html",
        status_code=status_code,
        module=module,
        learner=learner,
        org_id=org_id,
        task=task,
        shown=resolved,
        content_lang=resolved.language,
        error=error,
        note=note,
        history=[
            (s, assessors.get(s.assessor_id), json.loads(s.criteria_met), s.id in standing)
            for s in reversed(history)
        ],
    )


@router.get(
    "/{lang}/assess/{org_id}/people/{person_id}/modules/{module_id}/tasks/{task_id}",
    dependencies=[Access(Rule.org_assessor)],
)
def assess_form(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    org_id: int,
    learner: LearnerDep,
    module: ModuleDep,
    task_id: str,
    done: int = 0,
) -> Response:
    note = note_in("sign_off_recorded", lang) if done else None
    return _assess_page(request, curriculum, lang, db, org_id, learner, module, task_id, note=note)


@router.post(
    "/{lang}/assess/{org_id}/people/{person_id}/modules/{module_id}/tasks/{task_id}",
    dependencies=[Access(Rule.org_assessor)],
)
def record_sign_off(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    org_id: int,
    learner: LearnerDep,
    module: ModuleDep,
    task_id: str,
    verdict: Annotated[str, Form(max_length=24)] = "",
    place: Annotated[str, Form(max_length=16)] = "",
    line_machine: Annotated[str, Form(max_length=200)] = "",
    comment: Annotated[str, Form(max_length=2000)] = "",
    criteria: Annotated[list[str] | None, Form()] = None,
    corrects: Annotated[int | None, Form()] = None,
    reason: Annotated[str, Form(max_length=1000)] = "",
    evidence: Annotated[UploadFile | None, File()] = None,
) -> Response:
    task = _task(module, task_id, curriculum.source_language)
    assert learner.id is not None
    corrected: SignOff | None = None
    try:
        if corrects is not None:
            corrected = repository.get_sign_off(db, corrects)
            if (
                corrected is None
                or corrected.learner_id != learner.id
                or corrected.task_id != task_id
                or corrected.organisation_id != org_id
            ):
                raise HTTPException(status_code=404)
        data = evidence.file.read(tasks.MAX_EVIDENCE_BYTES + 1) if evidence is not None else b""
        tasks.sign_off(
            db,
            learner_id=learner.id,
            assessor_id=signed_in(request).person_id,
            organisation_id=org_id,
            module=module,
            task=task,
            verdict=verdict,
            criteria_met=list(criteria or [])[:50],
            comment=comment,
            place=place,
            line_machine=line_machine,
            evidence=tasks.check_evidence(data),
            evidence_dir=request.app.state.settings.evidence_dir,
            ip=client_ip(request),
            corrects=corrected,
            reason=reason,
        )
        # A sign-off may complete a qualification pathway.
        qualifications.evaluate(db, curriculum, learner.id, actor_of(request))
    except DomainError as error:
        message = error_in(error, lang)
        return _assess_page(
            request,
            curriculum,
            lang,
            db,
            org_id,
            learner,
            module,
            task_id,
            error=message,
            status_code=400,
        )
    return RedirectResponse(
        f"/{lang}/assess/{org_id}/people/{learner.id}/modules/{module.id}/tasks/{task_id}?done=1",
        status_code=303,
    )


@router.get("/evidence/{sign_off_id}", dependencies=[Access(Rule.signed_in)])
def evidence_file(request: Request, db: DbSession, sign_off_id: int) -> Response:
    row = repository.get_sign_off(db, sign_off_id)
    if (
        row is None
        or row.evidence_file is None
        or not may_see_sign_off(signed_in(request), row.learner_id, row.organisation_id)
    ):
        raise HTTPException(status_code=404)
    path = request.app.state.settings.evidence_dir / row.evidence_file
    if not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(
        path,
        media_type=row.evidence_type,
        filename=f"evidence-{row.id}{path.suffix}",
        headers={
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )
