"""What every page template gets: languages, the switcher that keeps the reader's place."""

from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from lms.accounts.access import Outcome, Rule
from lms.curriculum.markdown import FALLBACK_NOTICES
from lms.curriculum.model import Curriculum
from lms.i18n import language_name
from lms.web.security import csrf_token, outcome_for, principal_of
from lms.web.templating import environment, render, ui_language_for


def switch_url(path: str, language: str) -> str:
    """The same page in ``language``: only the language segment of the path changes."""
    parts = path.split("/", 2)
    rest = parts[2] if len(parts) > 2 else ""
    return f"/{language}/{rest}"


def page(
    request: Request,
    curriculum: Curriculum,
    language: str,
    template: str,
    *,
    status_code: int = 200,
    cached_part: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render ``template``; ``cached_part`` names a sub-template that is the same for every
    reader of this address, rendered once per curriculum build and passed in as ``part``."""
    ui_language = ui_language_for(language)
    path = request.url.path
    principal = principal_of(request)
    teacher_allowed = outcome_for(request, Rule.teacher_book) is Outcome.allow
    context.update(
        lang=language,
        content_lang=context.get("content_lang", language),
        language_names={code: language_name(code) for code in curriculum.languages},
        languages=[
            {
                "code": code,
                "name": language_name(code),
                "url": switch_url(path, code),
                "current": code == language,
            }
            for code in curriculum.languages
        ],
        source_language=curriculum.source_language,
        fallback_notices=FALLBACK_NOTICES,
        curriculum=curriculum,
        path=path,
        teacher_allowed=teacher_allowed,
        principal=principal,
        csrf_token=csrf_token(request),
        tx=lambda texts: curriculum.text(texts, language)[0],
        task_title=lambda module_id, task_id: curriculum.task_title(module_id, task_id, language),
    )
    if cached_part is not None:
        key = (path, "teacher" if teacher_allowed else "reader")
        context["part"] = fragment(curriculum, key, cached_part, ui_language, context)
    return render(template, ui_language, context, status_code=status_code)


def fragment(
    curriculum: Curriculum,
    key: tuple[str, ...],
    template: str,
    ui_language: str,
    context: dict[str, Any],
) -> Markup:
    """Render a part of a page that is the same for every reader once per build.

    Document pages are mostly such a part (contents, notices, the pre-rendered text); only
    the frame around it is rendered per request.
    """
    cache_key = (ui_language, template, *key)
    html = curriculum.fragments.get(cache_key)
    if html is None:
        html = environment(ui_language).get_template(template).render(context)
        curriculum.fragments[cache_key] = html
    return Markup(html)  # noqa: S704 - rendered by our own autoescaping template
