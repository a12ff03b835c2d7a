"""Error pages in the reader's language, never with a traceback."""

import logging

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from lms.curriculum.store import CurriculumStore
from lms.i18n import negotiate
from lms.web.security import LoginRequired, login_url
from lms.web.templating import render, ui_language_for

log = logging.getLogger(__name__)


def _language(request: Request) -> str:
    """The language of the URL if it has one, else the browser's preference."""
    store: CurriculumStore | None = getattr(request.app.state, "curriculum_store", None)
    languages: list[str] = ["en"]
    source = "en"
    if store is not None and store.current is not None:
        languages = list(store.current.languages)
        source = store.current.source_language
    first = request.url.path.split("/")[1] if request.url.path.count("/") >= 1 else ""
    if first in languages:
        return first
    return negotiate(request.headers.get("accept-language"), languages, source)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/healthz"))


def error_response(request: Request, status_code: int, detail: str | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"status": status_code}, status_code=status_code)
    language = _language(request)
    template = "errors/404.html" if status_code == 404 else "errors/error.html"
    return render(
        template,
        ui_language_for(language),
        {"lang": language, "status_code": status_code, "detail": detail},
        status_code=status_code,
    )


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if exc.detail in ("csrf",) else None
    response = error_response(request, exc.status_code, detail)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def validation_error(request: Request, _exc: Exception) -> Response:
    # Malformed input is the client's mistake: a clear 400 page, never a 500.
    return error_response(request, 400)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500)


async def login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(login_url(_language(request), exc.next_url), status_code=303)


HANDLERS = {
    LoginRequired: login_required,
    StarletteHTTPException: http_error,
    RequestValidationError: validation_error,
    Exception: server_error,
}
