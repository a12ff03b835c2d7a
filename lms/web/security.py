"""Request security in one place: who is asking (sessions), CSRF, and access rules.

* Sessions: ``lms_session`` holds a random token (HttpOnly, SameSite=Lax, Secure over
  https); the server keeps the session. Authenticated responses get ``no-store``.
* CSRF: every POST/PUT/PATCH/DELETE must carry a token bound to the session (or, before
  login, to the ``lms_anon`` cookie) and, when the browser sends an Origin, our own origin.
* Access: each route declares ``dependencies=[Access(Rule.x)]``; the rule is decided by
  :func:`lms.accounts.access.decide`. A test fails for any route that declares none.
"""

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from lms.accounts import auth
from lms.accounts.access import Outcome, Rule, decide
from lms.accounts.auth import Principal
from lms.audit.service import record
from lms.db import transaction
from lms.settings import Settings
from lms.web.middleware import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "lms_session"
ANON_COOKIE = "lms_anon"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def client_ip(request: Request) -> str:
    """The peer address of the connection. Never X-Forwarded-For: a client can forge it."""
    return request.client.host if request.client else ""


def _is_https(scope: Scope, settings: Settings) -> bool:
    return scope.get("scheme") == "https" or settings.cookie_secure


def _cookie(name: str, value: str, *, secure: bool, max_age: int | None = None) -> bytes:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode()


class BrowserState:
    """Gives every browser an anonymous CSRF cookie and marks logged-in pages no-store."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        cookie_header = next(
            (v for k, v in scope.get("headers", []) if k == b"cookie"), b""
        ).decode("latin-1")
        has_anon = f"{ANON_COOKIE}=" in cookie_header
        if not has_anon:
            state["anon_id"] = secrets.token_urlsafe(24)
        secure = _is_https(scope, self.settings)

        async def send_with_state(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not has_anon:
                    headers.append(
                        (b"set-cookie", _cookie(ANON_COOKIE, state["anon_id"], secure=secure))
                    )
                if state.get("authenticated") or state.get("no_store"):
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_state)


def set_session_cookie(response: Response, token: str, request: Request) -> None:
    secure = _is_https(request.scope, request.app.state.settings)
    response.raw_headers.append((b"set-cookie", _cookie(SESSION_COOKIE, token, secure=secure)))


def clear_session_cookie(response: Response, request: Request) -> None:
    secure = _is_https(request.scope, request.app.state.settings)
    response.raw_headers.append(
        (b"set-cookie", _cookie(SESSION_COOKIE, "", secure=secure, max_age=0))
    )


# -- who is asking -----------------------------------------------------------------------


def _check_token(token: str, settings: Settings) -> Principal | None:
    with transaction(write=False) as session:
        check = auth.check_session(session, token=token, settings=settings)
    if check.expired or check.touch:
        with transaction(write=True) as session:
            auth.expire_or_touch(session, token=token, check=check)
    return check.principal


async def load_principal(request: Request) -> None:
    """Runs before every route: sets ``request.state.principal`` (None when anonymous).

    Anonymous requests touch no database and pay no thread-pool hop."""
    request.state.principal = None
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 100:
        return
    principal = await run_in_threadpool(_check_token, token, request.app.state.settings)
    request.state.principal = principal
    request.state.session_token = token if principal else None
    if principal is not None:
        request.state.authenticated = True


def principal_of(request: Request) -> Principal | None:
    return getattr(request.state, "principal", None)


# -- CSRF ----------------------------------------------------------------------------------


def csrf_for(settings: Settings, *, session_id: str | None = None, anon_id: str = "") -> str:
    binding = f"session:{session_id}" if session_id else f"anon:{anon_id}"
    return hmac.new(settings.secret_key.encode(), binding.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token forms must send back: bound to the session, or to the anonymous cookie."""
    settings: Settings = request.app.state.settings
    principal = principal_of(request)
    if principal is not None:
        return csrf_for(settings, session_id=principal.session_id)
    anon = request.cookies.get(ANON_COOKIE) or getattr(request.state, "anon_id", "")
    return csrf_for(settings, anon_id=anon)


class CsrfRejected(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=403, detail="csrf")


async def verify_csrf(request: Request) -> None:
    """Runs before every route: state-changing requests need the right token."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise CsrfRejected
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, csrf_token(request)):
        raise CsrfRejected


# -- access ----------------------------------------------------------------------------------


class LoginRequired(Exception):
    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def _record_denial(
    principal: Principal | None, request: Request, rule: Rule, outcome: Outcome
) -> None:
    organisation_id = _organisation_in_path(request)
    with transaction(write=True) as session:
        record(
            session,
            "access_denied",
            actor_id=principal.person_id if principal else None,
            ip=client_ip(request),
            organisation_id=organisation_id
            if principal and organisation_id in principal.organisation_ids
            else None,
            path=request.url.path[:200],
            method=request.method,
            rule=rule.value,
            outcome=outcome.value,
        )


def _organisation_in_path(request: Request) -> int | None:
    raw = request.path_params.get("org_id")
    try:
        return int(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None


def outcome_for(request: Request, rule: Rule) -> Outcome:
    """The access decision for this request, including the authors' preview setting that
    opens the teacher's book to everyone."""
    settings: Settings = request.app.state.settings
    if rule is Rule.teacher_book and settings.teacher_book_public:
        return Outcome.allow
    return decide(principal_of(request), rule, _organisation_in_path(request))


def Access(rule: Rule) -> Any:
    """The access rule of a route: ``@router.get(..., dependencies=[Access(Rule.public)])``."""

    async def check(request: Request) -> None:
        principal = principal_of(request)
        outcome = outcome_for(request, rule)
        if outcome is Outcome.allow:
            return
        if outcome is Outcome.login:
            if request.method == "GET" and not request.url.path.startswith("/api/"):
                raise LoginRequired(request.url.path)
            raise HTTPException(status_code=401)
        await run_in_threadpool(_record_denial, principal, request, rule, outcome)
        raise HTTPException(status_code=403 if outcome is Outcome.forbidden else 404)

    check.access_rule = rule  # type: ignore[attr-defined]
    return Depends(check)


def access_rule_of(call: Callable[..., Awaitable[None]]) -> Rule | None:
    return getattr(call, "access_rule", None)


def login_url(language: str, next_url: str | None) -> str:
    url = f"/{language}/login"
    if next_url:
        url += "?next=" + quote(next_url, safe="/")
    return url


def safe_next(next_url: str | None) -> str | None:
    """``next=`` only ever leads to a path on this site."""
    if not next_url or len(next_url) > 500:
        return None
    if not next_url.startswith("/") or next_url.startswith(("//", "/\\")):
        return None
    if any(ch in next_url for ch in ("\\", "\r", "\n", "\t", "\x00")) or "://" in next_url:
        return None
    return next_url
