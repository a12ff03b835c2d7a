"""Routes for assessments. The answer key never reaches these templates before an attempt
is submitted: the page is built from the layout and texts only (see test_answer_leak)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from lms.accounts.access import Rule
from lms.assessment import repository
from lms.assessment import service as quiz
from lms.assessment.models import Attempt, AttemptStatus
from lms.curriculum.model import Curriculum, Item, Module
from lms.errors import DomainError
from lms.qualifications import service as qualifications
from lms.web.accounts.routes import actor_of, signed_in
from lms.web.deps import CurriculumDep, DbSession, LanguageDep, ModuleDep
from lms.web.messages import error_in
from lms.web.pages import page
from lms.web.security import Access

router = APIRouter(include_in_schema=False)


def items_in(curriculum: Curriculum, module: Module, language: str) -> tuple[list[Item], str]:
    """The items in ``language`` if translated, else in the source language."""
    part = module.languages.get(language)
    if part is not None and part.items is not None:
        return part.items.items, language
    return quiz.source_items(curriculum, module), curriculum.source_language


def current_attempt(request: Request, attempt_id: int, db: DbSession) -> Attempt:
    """The learner's own attempt (anyone else's answers 404), in the request's transaction."""
    attempt = repository.get_attempt_of(db, attempt_id, signed_in(request).person_id)
    if attempt is None:
        raise HTTPException(status_code=404)
    return attempt


AttemptDep = Annotated[Attempt, Depends(current_attempt)]


def _quiz_page(
    request: Request,
    curriculum: Curriculum,
    lang: str,
    db: DbSession,
    module: Module,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    person_id = signed_in(request).person_id
    attempts = repository.attempts_of(db, person_id, module.id)
    items, _language = items_in(curriculum, module, lang)
    return page(
        request,
        curriculum,
        lang,
        "assessment/quiz.html",
        status_code=status_code,
        module=module,
        rules=quiz.quiz_rules(curriculum, module),
        attempts=attempts,
        item_count=len(items),
        error=error,
        open_attempt=next((a for a in attempts if a.status == AttemptStatus.in_progress), None),
    )


@router.get("/{lang}/modules/{module_id}/quiz", dependencies=[Access(Rule.signed_in)])
def quiz_home(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, db: DbSession, module: ModuleDep
) -> Response:
    return _quiz_page(request, curriculum, lang, db, module)


@router.post("/{lang}/modules/{module_id}/quiz/start", dependencies=[Access(Rule.signed_in)])
def start(
    request: Request, curriculum: CurriculumDep, lang: LanguageDep, db: DbSession, module: ModuleDep
) -> Response:
    try:
        attempt = quiz.start_attempt(
            db,
            person_id=signed_in(request).person_id,
            curriculum=curriculum,
            module=module,
            language=lang,
        )
    except DomainError as error:
        message = error_in(error, lang)
        return _quiz_page(request, curriculum, lang, db, module, error=message, status_code=409)
    return RedirectResponse(f"/{lang}/attempts/{attempt.id}", status_code=303)


def _attempt_page(
    request: Request,
    curriculum: Curriculum,
    lang: str,
    attempt: Attempt,
    *,
    question: int | None,
    error: str | None = None,
    status_code: int = 200,
    late: bool = False,
    attempts: list[Attempt] | None = None,
) -> Response:
    module = curriculum.modules.get(attempt.module_id)
    if module is None:
        raise HTTPException(status_code=404)
    items, language = items_in(curriculum, module, lang)
    layouts = quiz.layout_for(attempt, items)
    submitted = attempt.status == AttemptStatus.submitted
    shown = layouts
    if question is not None and not submitted and layouts:
        question = max(0, min(question, len(layouts) - 1))
        shown = [layouts[question]]
    defect_names = {
        term_id: term.text
        for layout in layouts
        for term_id in layout.item.defects_offered
        if (term := curriculum.term(term_id, language)) is not None
    }
    context = {
        "module": module,
        "attempt": attempt,
        "shown": shown,
        "count": len(layouts),
        "question": question,
        "answers": quiz.answers_of(attempt),
        "content_lang": language,
        "defect_names": defect_names,
        "error": error,
        "time_up": quiz.time_is_up(attempt),
        "late": late,
    }
    if submitted:
        # Only now: the key, for the review after submission.
        context["results"] = quiz.results_of(attempt)
        context["show_key"] = quiz.answers_visible(module, attempt, attempts or [attempt])
        context["keys"] = {item.id: item for item in quiz.source_items(curriculum, module)}
        context["shown"] = layouts
    request.state.no_store = True
    return page(
        request, curriculum, lang, "assessment/attempt.html", status_code=status_code, **context
    )


@router.get("/{lang}/attempts/{attempt_id}", dependencies=[Access(Rule.signed_in)])
def attempt_page(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    attempt: AttemptDep,
    q: int | None = None,
    late: int = 0,
) -> Response:
    others = repository.attempts_of(db, attempt.person_id, attempt.module_id)
    return _attempt_page(
        request, curriculum, lang, attempt, question=q, late=bool(late), attempts=others
    )


async def answer_fields(request: Request) -> dict[str, list[str]]:
    """The answer fields (``a.*``) of the posted form, capped in number and length.

    Async so that the sync routes below get the form parsed on the event loop (the CSRF
    check has already read it)."""
    form = await request.form()
    fields: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str) and key.startswith("a.") and len(fields) < 2000:
            fields.setdefault(key, []).append(value[:200])
    return fields


AnswerFields = Annotated[dict[str, list[str]], Depends(answer_fields)]


@router.post("/{lang}/attempts/{attempt_id}/save", dependencies=[Access(Rule.signed_in)])
def save(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    attempt: AttemptDep,
    fields: AnswerFields,
    q: Annotated[str, Form(max_length=10)] = "",
    go: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    module = curriculum.modules.get(attempt.module_id)
    items, _language = items_in(curriculum, module, lang) if module else ([], lang)
    try:
        quiz.save(db, attempt=attempt, items=items, fields=fields)
    except DomainError as error:
        if request.headers.get("x-autosave") == "1":
            return Response(status_code=409)
        return _attempt_page(
            request,
            curriculum,
            lang,
            attempt,
            question=None,
            error=error_in(error, lang),
            status_code=409,
        )
    if request.headers.get("x-autosave") == "1":
        return Response(status_code=204)
    current = int(q) if q.isdigit() else None
    if current is not None and go in ("next", "prev"):
        current = max(0, current + (1 if go == "next" else -1))
    suffix = f"?q={current}" if current is not None else ""
    return RedirectResponse(f"/{lang}/attempts/{attempt.id}{suffix}", status_code=303)


@router.post("/{lang}/attempts/{attempt_id}/submit", dependencies=[Access(Rule.signed_in)])
def submit(
    request: Request,
    curriculum: CurriculumDep,
    lang: LanguageDep,
    db: DbSession,
    attempt: AttemptDep,
    fields: AnswerFields,
) -> Response:
    module = curriculum.modules.get(attempt.module_id)
    if module is None:
        raise HTTPException(status_code=404)
    displayed, _language = items_in(curriculum, module, lang)
    late = False
    try:
        # Read the form with the items as displayed, grade with the source-language key.
        quiz.save_then_submit(
            db,
            attempt=attempt,
            displayed=displayed,
            key=quiz.source_items(curriculum, module),
            fields=fields,
        )
    except DomainError as error:
        if attempt.status != AttemptStatus.submitted:
            return _attempt_page(
                request,
                curriculum,
                lang,
                attempt,
                question=None,
                error=error_in(error, lang),
                status_code=409,
            )
        late = True
    # A passed assessment may complete a qualification pathway.
    qualifications.evaluate(db, curriculum, attempt.person_id, actor_of(request))
    return RedirectResponse(
        f"/{lang}/attempts/{attempt.id}" + ("?late=1" if late else ""), status_code=303
    )
