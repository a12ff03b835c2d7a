"""Routes for reading. Thin: they pick the pre-rendered document and a template.

These routes are ``async``: they touch no database, only the in-memory curriculum, so
they avoid the thread-pool hop a sync route would pay on every request.
"""

import mimetypes

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from lms.accounts.access import Rule
from lms.curriculum.markdown import IMAGE_SUFFIXES
from lms.curriculum.model import Curriculum, DocKind, Module
from lms.curriculum.reading import resolve, task_list
from lms.curriculum.translations import status as translation_status
from lms.curriculum.translations import translation_languages
from lms.db import transaction
from lms.i18n import negotiate
from lms.progress import repository as progress_repository
from lms.tasks import repository as tasks_repository
from lms.tasks.service import task_state
from lms.web.deps import CurriculumDep, LanguageDep, ModuleDep
from lms.web.pages import page
from lms.web.security import Access, principal_of

router = APIRouter()

MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; sandbox"


@router.get("/", include_in_schema=False, dependencies=[Access(Rule.public)])
async def root(request: Request, curriculum: CurriculumDep) -> Response:
    principal = principal_of(request)
    if principal is not None and principal.preferred_language in curriculum.languages:
        language = principal.preferred_language
    else:
        language = negotiate(
            request.headers.get("accept-language"),
            list(curriculum.languages),
            curriculum.source_language,
        )
    return RedirectResponse(f"/{language}/", status_code=307, headers={"Vary": "Accept-Language"})


@router.get("/{lang}/", include_in_schema=False, dependencies=[Access(Rule.public)])
async def home(request: Request, curriculum: CurriculumDep, lang: LanguageDep) -> Response:
    return page(
        request,
        curriculum,
        lang,
        "reading/home.html",
        programmes=list(curriculum.programmes.values()),
    )


@router.get(
    "/{lang}/programmes/{programme_id}", include_in_schema=False, dependencies=[Access(Rule.public)]
)
async def programme(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, programme_id: str
) -> Response:
    found = curriculum.programmes.get(programme_id)
    if found is None:
        raise HTTPException(status_code=404)
    entries = [(entry, curriculum.modules[entry.module_id]) for entry in found.modules]
    return page(
        request, curriculum, lang, "reading/programme.html", programme=found, entries=entries
    )


@router.get(
    "/{lang}/modules/{module_id}", include_in_schema=False, dependencies=[Access(Rule.public)]
)
async def module_overview(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, module: ModuleDep
) -> Response:
    handbook = resolve(curriculum, module, lang, DocKind.handbook)
    return page(
        request,
        curriculum,
        lang,
        "reading/module.html",
        module=module,
        handbook=handbook,
        tasks=task_list(curriculum, module, lang),
        programmes=[
            p
            for p in curriculum.programmes.values()
            if any(e.module_id == module.id for e in p.modules)
        ],
    )


async def _document(
    request: Request,
    curriculum: CurriculumDep,
    lang: str,
    module: ModuleDep,
    kind: DocKind,
    *,
    print_view: bool,
    task_id: str | None = None,
) -> Response:
    resolved = resolve(curriculum, module, lang, kind, task_id)
    if resolved is None:
        raise HTTPException(status_code=404)
    template = "reading/print.html" if print_view else "reading/document.html"
    principal = principal_of(request)
    personal = None
    if principal is not None and not print_view and kind in (DocKind.handbook, DocKind.task):
        personal = await run_in_threadpool(
            _personal, curriculum, module, principal.person_id, kind, task_id
        )
    return page(
        request,
        curriculum,
        lang,
        template,
        cached_part=None if print_view else "reading/_document.html",
        module=module,
        resolved=resolved,
        kind=kind.value,
        content_lang=resolved.language,
        body=resolved.doc.teacher_html if kind is DocKind.teacher else resolved.doc.html,
        personal=personal,
        saved=request.query_params.get("saved") == "1",
    )


def _personal(
    curriculum: Curriculum, module: Module, person_id: int, kind: DocKind, task_id: str | None
) -> dict[str, object]:
    """What this reader has done here: sections read, or the task's state."""
    with transaction(write=False) as session:
        if kind is DocKind.handbook:
            read = progress_repository.read_anchors(session, person_id).get(module.id, set())
            return {"read": read}
        sign_offs = tasks_repository.sign_offs_of(session, person_id, module.id)
        requests = tasks_repository.requests_of(session, person_id)
        return {"state": task_state(task_id or "", module.id, sign_offs, requests)}


@router.get(
    "/{lang}/modules/{module_id}/handbook",
    include_in_schema=False,
    dependencies=[Access(Rule.public)],
)
async def handbook(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, module: ModuleDep
) -> Response:
    return await _document(request, curriculum, lang, module, DocKind.handbook, print_view=False)


@router.get(
    "/{lang}/modules/{module_id}/handbook/print",
    include_in_schema=False,
    dependencies=[Access(Rule.public)],
)
async def handbook_print(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, module: ModuleDep
) -> Response:
    return await _document(request, curriculum, lang, module, DocKind.handbook, print_view=True)


@router.get(
    "/{lang}/modules/{module_id}/teacher",
    include_in_schema=False,
    dependencies=[Access(Rule.teacher_book)],
)
async def teacher_book(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, module: ModuleDep
) -> Response:
    return await _document(request, curriculum, lang, module, DocKind.teacher, print_view=False)


@router.get(
    "/{lang}/modules/{module_id}/teacher/print",
    include_in_schema=False,
    dependencies=[Access(Rule.teacher_book)],
)
async def teacher_book_print(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, module: ModuleDep
) -> Response:
    return await _document(request, curriculum, lang, module, DocKind.teacher, print_view=True)


@router.get(
    "/{lang}/modules/{module_id}/tasks", include_in_schema=False, dependencies=[Access(Rule.public)]
)
async def tasks(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, module: ModuleDep
) -> Response:
    return page(
        request,
        curriculum,
        lang,
        "reading/tasks.html",
        module=module,
        tasks=task_list(curriculum, module, lang),
    )


@router.get(
    "/{lang}/modules/{module_id}/tasks/{task_id}",
    include_in_schema=False,
    dependencies=[Access(Rule.public)],
)
async def task(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, module: ModuleDep, task_id: str
) -> Response:
    return await _document(
        request, curriculum, lang, module, DocKind.task, print_view=False, task_id=task_id
    )


@router.get(
    "/{lang}/modules/{module_id}/tasks/{task_id}/print",
    include_in_schema=False,
    dependencies=[Access(Rule.public)],
)
async def task_print(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, module: ModuleDep, task_id: str
) -> Response:
    return await _document(
        request, curriculum, lang, module, DocKind.task, print_view=True, task_id=task_id
    )


@router.get("/{lang}/glossary", include_in_schema=False, dependencies=[Access(Rule.public)])
async def glossary(request: Request, curriculum: CurriculumDep, lang: LanguageDep) -> Response:
    source_terms = curriculum.glossary.get(curriculum.source_language, {})
    terms = [curriculum.term(term_id, lang) or term for term_id, term in source_terms.items()]
    terms.sort(key=lambda term: term.text.casefold())
    stale = {term.id for term in curriculum.glossary.get(lang, {}).values() if term.stale}
    return page(request, curriculum, lang, "reading/glossary.html", terms=terms, stale=stale)


@router.get(
    "/media/{module_id}/{file_path:path}",
    include_in_schema=False,
    dependencies=[Access(Rule.public)],
)
async def media(module: ModuleDep, file_path: str) -> Response:
    media_dir = (module.path / "media").resolve()
    target = (media_dir / file_path).resolve()
    if (
        not target.is_relative_to(media_dir)
        or not target.is_file()
        or target.suffix.lower() not in IMAGE_SUFFIXES | {".pdf"}
    ):
        raise HTTPException(status_code=404)
    media_type = (
        "image/svg+xml" if target.suffix.lower() == ".svg" else mimetypes.guess_type(target.name)[0]
    )
    return FileResponse(
        target,
        media_type=media_type,
        headers={"Content-Security-Policy": MEDIA_CSP, "Cache-Control": "public, max-age=3600"},
    )


@router.get(
    "/{lang}/translations", include_in_schema=False, dependencies=[Access(Rule.teacher_book)]
)
async def translations(request: Request, curriculum: CurriculumDep, lang: LanguageDep) -> Response:
    """For authors: how complete and current each language is, module by module."""
    rows = translation_status(curriculum)
    languages = translation_languages(curriculum)
    table = {(row.module_id, row.language): row for row in rows}
    totals = {
        code: (
            sum(row.current for row in rows if row.language == code),
            sum(row.total for row in rows if row.language == code),
        )
        for code in languages
    }
    return page(
        request,
        curriculum,
        lang,
        "reading/translations.html",
        translated=languages,
        table=table,
        totals=totals,
        unfinished=[row for row in rows if not row.complete],
    )
