"""Rules for organisations, people, roles and groups.

Every change is written with its audit event in the same transaction, so a change and its
record are stored together or not at all. Bad input raises :class:`DomainError`.
"""

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlmodel import Session

from lms.accounts import repository
from lms.accounts.models import (
    GroupKind,
    GroupMember,
    LearnerGroup,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Role,
)
from lms.accounts.passwords import (
    generate_password,
    hash_password,
    password_problem,
    verify_password,
)
from lms.audit.service import record, record_about_person
from lms.errors import DomainError

LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._@+-]{1,199}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Actor:
    """Who makes a change and from where, for the audit log."""

    person_id: int | None
    ip: str


SYSTEM = Actor(person_id=None, ip="")


def clean_text(value: str, *, field: str, limit: int = 200) -> str:
    value = _CONTROL_RE.sub("", value or "").strip()
    if not value or len(value) > limit:
        raise DomainError("invalid_text", field=field, limit=limit)
    return value


def _clean_login(value: str) -> str:
    login = (value or "").strip().lower()
    if not LOGIN_RE.match(login):
        raise DomainError("invalid_login")
    return login


def _check_language(language: str, languages: Collection[str]) -> str:
    if language not in languages:
        raise DomainError("invalid_language")
    return language


# -- organisations ---------------------------------------------------------------------


def create_organisation(
    session: Session,
    *,
    slug: str,
    name: str,
    kind: str,
    country: str,
    default_language: str,
    languages: Collection[str],
    actor: Actor,
) -> Organisation:
    slug = (slug or "").strip().lower()
    if not SLUG_RE.match(slug) or len(slug) > 64:
        raise DomainError("invalid_slug")
    if kind not in {k.value for k in OrganisationKind}:
        raise DomainError("invalid_kind")
    country = (country or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise DomainError("invalid_country")
    if repository.get_organisation_by_slug(session, slug) is not None:
        raise DomainError("slug_taken")
    organisation = Organisation(
        slug=slug,
        name=clean_text(name, field="name"),
        kind=kind,
        country=country,
        default_language=_check_language(default_language, languages),
    )
    repository.add(session, organisation)
    record(
        session,
        "organisation_created",
        actor_id=actor.person_id,
        ip=actor.ip,
        organisation_id=organisation.id,
        subject_type="organisation",
        subject_id=organisation.id,
    )
    return organisation


def ensure_organisation(
    session: Session, *, slug: str, name: str, kind: str, country: str, default_language: str
) -> tuple[Organisation, bool]:
    """The organisation with ``slug``, created if missing (the demo seeds twice safely)."""
    existing = repository.get_organisation_by_slug(session, slug)
    if existing is not None:
        return existing, False
    organisation = create_organisation(
        session,
        slug=slug,
        name=name,
        kind=kind,
        country=country,
        default_language=default_language,
        languages=[default_language],
        actor=SYSTEM,
    )
    return organisation, True


# -- people ----------------------------------------------------------------------------


def create_person(
    session: Session,
    *,
    organisation_id: int,
    login: str,
    display_name: str,
    role: str,
    preferred_language: str,
    languages: Collection[str],
    actor: Actor,
    password: str | None = None,
) -> tuple[Person, str | None]:
    """Create a person with a role here; returns them and a one-time password to hand over
    (None when ``password`` was given)."""
    login = _clean_login(login)
    if role not in {r.value for r in Role}:
        raise DomainError("invalid_role")
    if repository.get_person_by_login(session, login) is not None:
        raise DomainError("login_taken", login=login)
    one_time = None
    if password is None:
        one_time = password = generate_password()
    elif problem := password_problem(password):
        raise DomainError(problem)
    person = Person(
        login=login,
        display_name=clean_text(display_name, field="display_name"),
        preferred_language=_check_language(preferred_language, languages),
        password_hash=hash_password(password),
        must_change_password=one_time is not None,
    )
    repository.add(session, person)
    assert person.id is not None
    repository.add(
        session, Membership(person_id=person.id, organisation_id=organisation_id, role=role)
    )
    record_about_person(
        session,
        "person_created",
        actor,
        person.id,
        organisation_id=organisation_id,
        role=role,
    )
    return person, one_time


def add_role(
    session: Session, *, person: Person, organisation_id: int, role: str, actor: Actor
) -> bool:
    """Give ``role`` here; returns False when the person already has it (nothing changes)."""
    if role not in {r.value for r in Role}:
        raise DomainError("invalid_role")
    assert person.id is not None
    if repository.get_membership(session, person.id, organisation_id, role) is not None:
        return False
    repository.add(
        session, Membership(person_id=person.id, organisation_id=organisation_id, role=role)
    )
    record_about_person(
        session,
        "role_added",
        actor,
        person.id,
        organisation_id=organisation_id,
        role=role,
    )
    return True


def remove_role(
    session: Session, *, person: Person, organisation_id: int, role: str, actor: Actor
) -> bool:
    assert person.id is not None
    membership = repository.get_membership(session, person.id, organisation_id, role)
    if membership is None:
        return False
    remaining = [
        m
        for m in repository.memberships_of(session, person.id)
        if m.organisation_id == organisation_id
    ]
    if len(remaining) == 1:
        raise DomainError("last_role")
    repository.delete_membership(session, membership)
    record_about_person(
        session,
        "role_removed",
        actor,
        person.id,
        organisation_id=organisation_id,
        role=role,
    )
    return True


def set_active(
    session: Session, *, person: Person, organisation_id: int, active: bool, actor: Actor
) -> None:
    """Disable or enable; a disabled person loses every live session at once."""
    if person.erased_at is not None:
        raise DomainError("erased")
    if person.id == actor.person_id and not active:
        raise DomainError("cannot_disable_self")
    if person.is_active == active:
        return
    person.is_active = active
    session.add(person)
    assert person.id is not None
    if not active:
        repository.delete_sessions_of(session, person.id)
    record(
        session,
        "person_enabled" if active else "person_disabled",
        actor_id=actor.person_id,
        ip=actor.ip,
        organisation_id=organisation_id,
        subject_type="person",
        subject_id=person.id,
    )


def reset_password(session: Session, *, person: Person, organisation_id: int, actor: Actor) -> str:
    """A new one-time password; the old one and every session stop working."""
    if person.erased_at is not None:
        raise DomainError("erased")
    password = generate_password()
    person.password_hash = hash_password(password)
    person.must_change_password = True
    session.add(person)
    assert person.id is not None
    repository.delete_sessions_of(session, person.id)
    record_about_person(
        session,
        "password_reset",
        actor,
        person.id,
        organisation_id=organisation_id,
    )
    return password


def change_password(
    session: Session, *, person: Person, current: str, new: str, actor: Actor
) -> None:
    ok, _ = verify_password(person.password_hash, current)
    if not ok:
        raise DomainError("wrong_current_password")
    if problem := password_problem(new):
        raise DomainError(problem)
    person.password_hash = hash_password(new)
    person.must_change_password = False
    session.add(person)
    record_about_person(
        session,
        "password_changed",
        actor,
        person.id,
    )


def set_language(
    session: Session, *, person: Person, language: str, languages: Collection[str], actor: Actor
) -> None:
    person.preferred_language = _check_language(language, languages)
    session.add(person)
    record_about_person(
        session,
        "language_changed",
        actor,
        person.id,
        language=language,
    )


# -- groups ----------------------------------------------------------------------------


def create_group(
    session: Session, *, organisation_id: int, name: str, kind: str, actor: Actor
) -> LearnerGroup:
    name = clean_text(name, field="name", limit=120)
    if kind not in {k.value for k in GroupKind}:
        raise DomainError("invalid_kind")
    if repository.get_group_by_name(session, organisation_id, name) is not None:
        raise DomainError("group_exists")
    group = LearnerGroup(organisation_id=organisation_id, name=name, kind=kind)
    repository.add(session, group)
    record(
        session,
        "group_created",
        actor_id=actor.person_id,
        ip=actor.ip,
        organisation_id=organisation_id,
        subject_type="group",
        subject_id=group.id,
    )
    return group


def add_to_group(session: Session, *, group: LearnerGroup, person: Person, actor: Actor) -> bool:
    assert group.id is not None and person.id is not None
    if repository.get_group_member(session, group.id, person.id) is not None:
        return False
    repository.add(session, GroupMember(group_id=group.id, person_id=person.id))
    record_about_person(
        session,
        "group_member_added",
        actor,
        person.id,
        organisation_id=group.organisation_id,
        group_id=group.id,
    )
    return True


def remove_from_group(
    session: Session, *, group: LearnerGroup, person: Person, actor: Actor
) -> bool:
    assert group.id is not None and person.id is not None
    member = repository.get_group_member(session, group.id, person.id)
    if member is None:
        return False
    repository.delete_group_member(session, member)
    record_about_person(
        session,
        "group_member_removed",
        actor,
        person.id,
        organisation_id=group.organisation_id,
        group_id=group.id,
    )
    return True


# -- CSV import ------------------------------------------------------------------------

CSV_COLUMNS = ("name", "login", "role", "language", "group")
MAX_IMPORT_ROWS = 500


@dataclass(frozen=True)
class RowError:
    row: int
    code: str
    value: str = ""


class ImportRejected(Exception):
    """The file has problems; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass(frozen=True)
class Imported:
    person: Person
    password: str


def _parse_csv(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([RowError(row=1, code="csv_not_utf8")]) from exc
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("name", "login", "role") if c not in header]
    if missing:
        raise ImportRejected(
            [RowError(row=1, code="csv_missing_columns", value=", ".join(missing))]
        )
    reader.fieldnames = header
    rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    if not rows:
        raise ImportRejected([RowError(row=1, code="csv_empty")])
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportRejected(
            [RowError(row=1, code="csv_too_many_rows", value=str(MAX_IMPORT_ROWS))]
        )
    return rows


def import_people(
    session: Session,
    *,
    organisation: Organisation,
    data: bytes,
    languages: Collection[str],
    actor: Actor,
) -> list[Imported]:
    """Import every row or none: all rows are checked first, every problem reported by row."""
    assert organisation.id is not None
    rows = _parse_csv(data)
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    taken = repository.logins_taken(session, (row.get("login", "") for row in rows))
    groups = {
        g.name: g for g, _count in repository.groups_of_organisation(session, organisation.id)
    }
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        login = row.get("login", "").lower()
        if not LOGIN_RE.match(login):
            errors.append(RowError(number, "invalid_login", row.get("login", "")))
        elif login in taken:
            errors.append(RowError(number, "login_taken", login))
        elif login in seen:
            errors.append(RowError(number, "login_repeated", login))
        seen.setdefault(login, number)
        if not row.get("name") or len(row["name"]) > 200:
            errors.append(RowError(number, "invalid_name", row.get("name", "")[:40]))
        if row.get("role", "").lower() not in {r.value for r in Role}:
            errors.append(RowError(number, "invalid_role", row.get("role", "")))
        language = row.get("language") or organisation.default_language
        if language not in languages:
            errors.append(RowError(number, "invalid_language", language))
        if row.get("group") and row["group"] not in groups:
            errors.append(RowError(number, "unknown_group", row["group"]))
    if errors:
        raise ImportRejected(errors)
    imported: list[Imported] = []
    for row in rows:
        person, password = create_person(
            session,
            organisation_id=organisation.id,
            login=row["login"],
            display_name=row["name"],
            role=row["role"].lower(),
            preferred_language=row.get("language") or organisation.default_language,
            languages=languages,
            actor=actor,
        )
        assert password is not None
        if row.get("group"):
            add_to_group(session, group=groups[row["group"]], person=person, actor=actor)
        imported.append(Imported(person, password))
    record(
        session,
        "people_imported",
        actor_id=actor.person_id,
        ip=actor.ip,
        organisation_id=organisation.id,
        count=len(imported),
    )
    return imported
