"""Routes for progress: the 'my progress' page and saving which sections were read."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from lms.accounts.access import Rule
from lms.progress import service as progress
from lms.web.accounts.routes import signed_in
from lms.web.deps import CurriculumDep, DbSession, LanguageDep, ModuleDep
from lms.web.pages import page
from lms.web.security import Access

router = APIRouter(include_in_schema=False)


@router.get("/{lang}/progress", dependencies=[Access(Rule.signed_in)])
def my_progress(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, db: DbSession
) -> Response:
    modules = progress.progress_of(db, curriculum, signed_in(request).person_id)
    return page(
        request,
        curriculum,
        lang,
        "progress/progress.html",
        programmes=progress.programmes_progress(curriculum, modules),
    )


@router.post("/{lang}/modules/{module_id}/reading", dependencies=[Access(Rule.signed_in)])
def save_reading(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    module: ModuleDep,
    read: Annotated[list[str] | None, Form()] = None,
) -> Response:
    progress.mark_read(
        db,
        person_id=signed_in(request).person_id,
        module=module,
        curriculum=curriculum,
        anchors=list(read or [])[:500],
    )
    return RedirectResponse(
        f"/{lang}/modules/{module.id}/handbook?saved=1#reading", status_code=303
    )
