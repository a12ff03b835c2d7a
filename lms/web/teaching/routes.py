"""Routes of teaching: the teacher's home, giving assignments, and the gradebook with its
exports. A teacher reaches only the groups they belong to; an administrator every group
of their organisation."""

import secrets
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from lms.accounts.access import Rule
from lms.accounts.auth import Principal
from lms.accounts.models import LearnerGroup, Organisation, Role, utcnow
from lms.curriculum.model import Curriculum
from lms.errors import DomainError
from lms.teaching import repository
from lms.teaching import service as teaching
from lms.teaching.models import Assignment
from lms.web.accounts.routes import actor_of, signed_in
from lms.web.admin.routes import OrganisationDep
from lms.web.deps import CurriculumDep, DbSession, LanguageDep
from lms.web.exports import ExportFormat, table_response
from lms.web.messages import error_in, note_in
from lms.web.pages import page
from lms.web.security import Access, principal_of

router = APIRouter(include_in_schema=False)


def groups_of(principal: Principal, db: Session, organisation_id: int) -> list[LearnerGroup]:
    """The groups a teacher teaches (those they belong to); all groups for an administrator."""
    if principal.is_platform_admin or Role.admin in principal.roles_in(organisation_id):
        return repository.groups_in(db, organisation_id)
    return repository.groups_taught_by(db, principal.person_id, organisation_id)


def taught_group(request: Request, org_id: int, group_id: int, db: DbSession) -> LearnerGroup:
    principal = principal_of(request)
    if principal is None:
        raise HTTPException(status_code=404)
    group = next((g for g in groups_of(principal, db, org_id) if g.id == group_id), None)
    if group is None:
        raise HTTPException(status_code=404)
    return group


TaughtGroupDep = Annotated[LearnerGroup, Depends(taught_group)]


@router.get("/{lang}/orgs/{org_id}/teach", dependencies=[Access(Rule.org_assessor)])
def teacher_home(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
) -> Response:
    assert organisation.id is not None
    groups = groups_of(signed_in(request), db, organisation.id)
    home = teaching.teacher_home(db, curriculum, organisation_id=organisation.id, groups=groups)
    return page(
        request,
        curriculum,
        lang,
        "teaching/home.html",
        organisation=organisation,
        home=home,
        base=f"/{lang}/orgs/{organisation.id}",
    )


def _assign_page(
    request: Request,
    curriculum: Curriculum,
    lang: str,
    db: Session,
    organisation: Organisation,
    *,
    group_id: int | None = None,
    error: str | None = None,
    status_code: int = 200,
    sent: dict[str, str] | None = None,
) -> Response:
    assert organisation.id is not None
    groups = groups_of(signed_in(request), db, organisation.id)
    selection = repository.learners_of_groups(
        db, [g.id for g in groups if g.id is not None], organisation.id
    )
    return page(
        request,
        curriculum,
        lang,
        "teaching/assign.html",
        status_code=status_code,
        organisation=organisation,
        groups=groups,
        learners=repository.people(db, selection),
        chosen_group=group_id,
        form_key=secrets.token_urlsafe(24),
        today=utcnow().date().isoformat(),
        sent=sent or {},
        error=error,
        base=f"/{lang}/orgs/{organisation.id}",
    )


@router.get("/{lang}/orgs/{org_id}/assignments/new", dependencies=[Access(Rule.org_assessor)])
def new_assignment(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    group: int | None = None,
) -> Response:
    return _assign_page(request, curriculum, lang, db, organisation, group_id=group)


@router.post("/{lang}/orgs/{org_id}/assignments", dependencies=[Access(Rule.org_assessor)])
def create_assignment(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    target: Annotated[str, Form(max_length=80)] = "",
    person: Annotated[list[int] | None, Form()] = None,
    what: Annotated[str, Form(max_length=200)] = "",
    due: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    form_key: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """``target`` is "group:<id>" or "people" (then ``person`` names them); ``what`` is
    "module:<id>", "quiz:<id>" or "task:<module id>:<task id>"."""
    assert organisation.id is not None
    principal = signed_in(request)
    groups = {g.id: g for g in groups_of(principal, db, organisation.id)}
    sent = {"target": target, "what": what, "due": due, "note": note}
    try:
        group, people = None, []
        if target.startswith("group:"):
            group = groups.get(int(target[6:]) if target[6:].isdigit() else -1)
            if group is None:
                raise DomainError("assign_to_group_or_people")
        else:
            allowed = repository.learners_of_groups(db, list(groups), organisation.id)
            allowed_ids = {p.id for p in repository.people(db, allowed)}
            wanted = set((person or [])[:500])
            if not wanted or not wanted <= allowed_ids:
                raise DomainError("assign_to_group_or_people")
            people = [p for p in repository.people(db, allowed) if p.id in wanted]
        kind, _, rest = what.partition(":")
        module_id, _, task_id = rest.partition(":")
        assignment = teaching.assign(
            db,
            curriculum=curriculum,
            organisation_id=organisation.id,
            group=group,
            people=people,
            kind=kind,
            module_id=module_id,
            task_id=task_id,
            due=due,
            note=note,
            form_key=form_key,
            actor=actor_of(request),
        )
    except DomainError as error:
        return _assign_page(
            request,
            curriculum,
            lang,
            db,
            organisation,
            error=error_in(error, lang),
            status_code=400,
            sent=sent,
        )
    where = (
        f"groups/{assignment.group_id}/gradebook" if assignment.group_id is not None else "teach"
    )
    return RedirectResponse(
        f"/{lang}/orgs/{organisation.id}/{where}?msg=assignment_created", status_code=303
    )


def _book(
    curriculum: Curriculum,
    db: Session,
    organisation: Organisation,
    group: LearnerGroup,
    show: str,
    module: str,
) -> teaching.Gradebook:
    """The gradebook as the page and the exports show it; unknown filters mean none."""
    assert organisation.id is not None
    return teaching.gradebook(
        db,
        curriculum,
        group=group,
        organisation_id=organisation.id,
        show=show if show in teaching.FILTERS else "all",
        module_id=module if module in curriculum.modules else "",
    )


def _what(curriculum: Curriculum, assignment: Assignment, lang: str) -> str:
    module = curriculum.modules[assignment.module_id]
    title = curriculum.text(module.title, lang)[0]
    if assignment.task_id:
        return f"{title}: {curriculum.task_title(module.id, assignment.task_id, lang)}"
    return title


@router.get(
    "/{lang}/orgs/{org_id}/groups/{group_id}/gradebook", dependencies=[Access(Rule.org_assessor)]
)
def gradebook(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    organisation: OrganisationDep,
    group: TaughtGroupDep,
    show: str = "all",
    module: str = "",
    msg: str | None = None,
) -> Response:
    book = _book(curriculum, db, organisation, group, show, module)
    query = urlencode(
        {"show": book.show, "module": book.module_id} if book.module_id else {"show": book.show}
    )
    return page(
        request,
        curriculum,
        lang,
        "teaching/gradebook.html",
        organisation=organisation,
        book=book,
        show=book.show,
        module_filter=book.module_id,
        query=query,
        titles=[_what(curriculum, a, lang) for a in book.assignments],
        note=note_in(msg, lang),
        base=f"/{lang}/orgs/{organisation.id}",
    )


def _cell_text(mark: teaching.Mark | None) -> str:
    if mark is None:
        return ""
    if mark.task_state is not None:
        text = mark.task_state.value
    elif mark.tasks_required:
        score = "" if mark.score is None else f"{mark.score:g}% "
        text = f"{score}tasks {mark.tasks_done}/{mark.tasks_required}"
    else:
        text = "" if mark.score is None else f"{mark.score:g}% ({mark.attempts})"
    state = "done" if mark.done else "overdue" if mark.overdue else "open"
    return f"{state}: {text}".strip().rstrip(":")


def _gradebook_export(
    curriculum: Curriculum,
    db: Session,
    organisation: Organisation,
    group: LearnerGroup,
    fmt: str,
    show: str,
    module: str,
) -> Response:
    book = _book(curriculum, db, organisation, group, show, module)
    header = [
        "person_id",
        "name",
        *[
            f"{a.kind}:{a.module_id}{':' + a.task_id if a.task_id else ''} "
            f"(due {a.due_at.date().isoformat()})"
            for a in book.assignments
        ],
        "overdue",
    ]
    return table_response(
        fmt,
        f"gradebook-{group.id}",
        "Gradebook",
        header,
        (
            [row.person.id, row.person.display_name, *map(_cell_text, row.marks), row.overdue]
            for row in book.rows
        ),
    )


@router.get(
    "/orgs/{org_id}/groups/{group_id}/gradebook.{fmt}", dependencies=[Access(Rule.org_assessor)]
)
def gradebook_export(
    curriculum: CurriculumDep,
    db: DbSession,
    organisation: OrganisationDep,
    group: TaughtGroupDep,
    fmt: ExportFormat,
    show: str = "all",
    module: str = "",
) -> Response:
    return _gradebook_export(curriculum, db, organisation, group, fmt, show, module)
