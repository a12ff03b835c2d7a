"""Logging in and out, server-side sessions and login throttling.

The browser holds a random token; the database holds its SHA-256 as the session id. A
session ends at logout, after ``session_idle_minutes`` without a request, or
``session_absolute_hours`` after login, whichever comes first.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from lms.accounts import repository
from lms.accounts.models import LoginFailure, Person, Role, UserSession, aware, utcnow
from lms.accounts.passwords import verify_password
from lms.audit.service import record
from lms.errors import DomainError
from lms.settings import Settings

TOUCH_EVERY = timedelta(seconds=60)


def session_id_for(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Principal:
    """The person behind a request, with every role they hold, loaded once per request."""

    person_id: int
    display_name: str
    login: str
    preferred_language: str
    is_platform_admin: bool
    must_change_password: bool
    session_id: str
    memberships: tuple[tuple[int, Role], ...]

    def roles_in(self, organisation_id: int) -> set[Role]:
        return {role for org, role in self.memberships if org == organisation_id}

    @property
    def organisation_ids(self) -> set[int]:
        return {org for org, _role in self.memberships}

    def has_role(self, *roles: Role) -> bool:
        return any(role in roles for _org, role in self.memberships)

    def admin_of(self) -> set[int]:
        return {org for org, role in self.memberships if role is Role.admin}


def _throttle_keys(person: Person | None, ip: str) -> list[tuple[str, str]]:
    keys = [("client", f"client:{ip}")]
    if person is not None:
        keys.insert(0, ("account", f"account:{person.id}"))
    return keys


def _check_throttle(
    session: Session, person: Person | None, ip: str, settings: Settings, now: datetime
) -> None:
    since = now - timedelta(minutes=settings.login_window_minutes)
    limits = {
        "account": settings.login_failures_per_account,
        "client": settings.login_failures_per_client,
    }
    for kind, key in _throttle_keys(person, ip):
        if repository.count_failures(session, key, since) >= limits[kind]:
            oldest = repository.oldest_failure(session, key, since) or now
            wait = aware(oldest) + timedelta(minutes=settings.login_window_minutes) - now
            raise DomainError(
                "login_throttled", minutes=max(1, int(wait.total_seconds() // 60) + 1)
            )


def authenticate(
    session: Session,
    *,
    login: str,
    password: str,
    ip: str,
    settings: Settings,
    now: datetime | None = None,
) -> Person:
    """The person for these credentials, or :class:`DomainError`; failures are counted and
    recorded. Throttling is checked before the password, so guessing stops at the limit."""
    now = now or utcnow()
    person = repository.get_person_by_login(session, login or "")
    _check_throttle(session, person, ip, settings, now)
    ok, new_hash = verify_password(person.password_hash if person else None, password or "")
    if not ok or person is None or person.erased_at is not None:
        for _kind, key in _throttle_keys(person, ip):
            repository.add(session, LoginFailure(key=key, at=now))
        record(
            session,
            "login_failed",
            actor_id=None,
            ip=ip,
            subject_type="person" if person else "",
            subject_id=person.id if person else None,
        )
        raise DomainError("login_failed")
    if not person.is_active:
        record(
            session,
            "login_refused_disabled",
            actor_id=None,
            ip=ip,
            subject_type="person",
            subject_id=person.id,
        )
        raise DomainError("account_disabled")
    if new_hash is not None:
        person.password_hash = new_hash
        session.add(person)
    assert person.id is not None
    repository.clear_failures(session, f"account:{person.id}")
    return person


def start_session(
    session: Session, *, person: Person, ip: str, user_agent: str, previous_token: str | None
) -> str:
    """A new session for ``person``; any session the browser had before is ended, so a
    session id planted before login is worthless after it. Returns the browser's token."""
    if previous_token:
        repository.delete_session(session, session_id_for(previous_token))
    token = secrets.token_urlsafe(32)
    assert person.id is not None
    repository.add(
        session,
        UserSession(
            id=session_id_for(token), person_id=person.id, ip=ip[:64], user_agent=user_agent[:300]
        ),
    )
    record(session, "login", actor_id=person.id, ip=ip, subject_type="person", subject_id=person.id)
    return token


def end_session(session: Session, *, token: str, principal: Principal | None, ip: str) -> None:
    repository.delete_session(session, session_id_for(token))
    if principal is not None:
        record(
            session,
            "logout",
            actor_id=principal.person_id,
            ip=ip,
            subject_type="person",
            subject_id=principal.person_id,
        )


@dataclass(frozen=True)
class SessionCheck:
    principal: Principal | None
    #: The session must be deleted (expired) or its last-seen time moved on.
    expired: bool = False
    touch: bool = False


def check_session(
    session: Session, *, token: str, settings: Settings, now: datetime | None = None
) -> SessionCheck:
    """Read-only: who the token belongs to, and whether the session must end or be touched."""
    now = now or utcnow()
    found = repository.get_session_with_person(session, session_id_for(token))
    if found is None:
        return SessionCheck(None)
    user_session, person = found
    idle = now - aware(user_session.last_seen_at)
    age = now - aware(user_session.created_at)
    if (
        not person.is_active
        or person.erased_at is not None
        or idle > timedelta(minutes=settings.session_idle_minutes)
        or age > timedelta(hours=settings.session_absolute_hours)
    ):
        return SessionCheck(None, expired=True)
    assert person.id is not None
    memberships = tuple(
        (m.organisation_id, Role(m.role)) for m in repository.memberships_of(session, person.id)
    )
    principal = Principal(
        person_id=person.id,
        display_name=person.display_name,
        login=person.login,
        preferred_language=person.preferred_language,
        is_platform_admin=person.is_platform_admin,
        must_change_password=person.must_change_password,
        session_id=user_session.id,
        memberships=memberships,
    )
    return SessionCheck(principal, touch=idle > TOUCH_EVERY)


def expire_or_touch(
    session: Session, *, token: str, check: SessionCheck, now: datetime | None = None
) -> None:
    if check.expired:
        repository.delete_session(session, session_id_for(token))
    elif check.touch:
        repository.touch_session(session, session_id_for(token), now or utcnow())
