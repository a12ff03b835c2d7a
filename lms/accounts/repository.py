"""All SQL of the accounts domain."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from lms.accounts.models import (
    GroupMember,
    LearnerGroup,
    LoginFailure,
    Membership,
    Organisation,
    Person,
    UserSession,
)

# -- organisations ---------------------------------------------------------------------


def get_organisation(session: Session, organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id)


def get_organisation_by_slug(session: Session, slug: str) -> Organisation | None:
    return session.exec(select(Organisation).where(Organisation.slug == slug)).first()


def list_organisations(session: Session, ids: Iterable[int] | None = None) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.name)
    if ids is not None:
        query = query.where(col(Organisation.id).in_(list(ids)))
    return list(session.exec(query))


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


# -- people ----------------------------------------------------------------------------


def get_person(session: Session, person_id: int) -> Person | None:
    return session.get(Person, person_id)


def get_person_by_login(session: Session, login: str) -> Person | None:
    return session.exec(select(Person).where(Person.login == login.strip().lower())).first()


def logins_taken(session: Session, logins: Iterable[str]) -> set[str]:
    wanted = [login.strip().lower() for login in logins]
    if not wanted:
        return set()
    return set(session.exec(select(Person.login).where(col(Person.login).in_(wanted))))


def memberships_of(session: Session, person_id: int) -> list[Membership]:
    return list(
        session.exec(
            select(Membership).where(Membership.person_id == person_id).order_by(Membership.id)
        )
    )


def get_membership(
    session: Session, person_id: int, organisation_id: int, role: str
) -> Membership | None:
    return session.exec(
        select(Membership).where(
            Membership.person_id == person_id,
            Membership.organisation_id == organisation_id,
            Membership.role == role,
        )
    ).first()


def person_in_organisation(session: Session, person_id: int, organisation_id: int) -> Person | None:
    """The person, only if they belong to the organisation (else None: another tenant)."""
    return session.exec(
        select(Person)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(Person.id == person_id, Membership.organisation_id == organisation_id)
    ).first()


def people_of_organisation(
    session: Session, organisation_id: int
) -> list[tuple[Person, list[str]]]:
    """Every member with their roles here, in two queries whatever the number of people."""
    rows = session.exec(
        select(Person, Membership.role)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .where(Membership.organisation_id == organisation_id)
        .order_by(Person.display_name, Person.id, Membership.role)
    ).all()
    people: dict[int, tuple[Person, list[str]]] = {}
    for person, role in rows:
        assert person.id is not None
        people.setdefault(person.id, (person, []))[1].append(role)
    return list(people.values())


def count_roles(session: Session, organisation_id: int) -> dict[str, int]:
    rows = session.exec(
        select(Membership.role, func.count())
        .where(Membership.organisation_id == organisation_id)
        .group_by(Membership.role)
    ).all()
    return {role: count for role, count in rows}


def delete_membership(session: Session, membership: Membership) -> None:
    session.delete(membership)
    session.flush()


# -- groups ----------------------------------------------------------------------------


def groups_of_organisation(
    session: Session, organisation_id: int
) -> list[tuple[LearnerGroup, int]]:
    rows = session.exec(
        select(LearnerGroup, func.count(col(GroupMember.id)))
        .join(GroupMember, col(GroupMember.group_id) == col(LearnerGroup.id), isouter=True)
        .where(LearnerGroup.organisation_id == organisation_id)
        .group_by(col(LearnerGroup.id))
        .order_by(LearnerGroup.name)
    ).all()
    return [(group, count) for group, count in rows]


def get_group_in_organisation(
    session: Session, group_id: int, organisation_id: int
) -> LearnerGroup | None:
    return session.exec(
        select(LearnerGroup).where(
            LearnerGroup.id == group_id, LearnerGroup.organisation_id == organisation_id
        )
    ).first()


def get_group_by_name(session: Session, organisation_id: int, name: str) -> LearnerGroup | None:
    return session.exec(
        select(LearnerGroup).where(
            LearnerGroup.organisation_id == organisation_id, LearnerGroup.name == name
        )
    ).first()


def groups_of_person(
    session: Session, person_id: int, organisation_id: int | None = None
) -> list[LearnerGroup]:
    query = (
        select(LearnerGroup)
        .join(GroupMember, col(GroupMember.group_id) == col(LearnerGroup.id))
        .where(GroupMember.person_id == person_id)
        .order_by(LearnerGroup.name)
    )
    if organisation_id is not None:
        query = query.where(LearnerGroup.organisation_id == organisation_id)
    return list(session.exec(query))


def members_of_group(session: Session, group_id: int) -> list[Person]:
    return list(
        session.exec(
            select(Person)
            .join(GroupMember, col(GroupMember.person_id) == col(Person.id))
            .where(GroupMember.group_id == group_id)
            .order_by(Person.display_name)
        )
    )


def get_group_member(session: Session, group_id: int, person_id: int) -> GroupMember | None:
    return session.exec(
        select(GroupMember).where(
            GroupMember.group_id == group_id, GroupMember.person_id == person_id
        )
    ).first()


def delete_group_member(session: Session, member: GroupMember) -> None:
    session.delete(member)
    session.flush()


def delete_group_memberships_of(session: Session, person_id: int) -> None:
    session.execute(delete(GroupMember).where(col(GroupMember.person_id) == person_id))


# -- sessions and login failures -------------------------------------------------------


def get_session_with_person(session: Session, session_id: str) -> tuple[UserSession, Person] | None:
    row = session.exec(
        select(UserSession, Person)
        .join(Person, col(Person.id) == col(UserSession.person_id))
        .where(UserSession.id == session_id)
    ).first()
    return (row[0], row[1]) if row else None


def delete_session(session: Session, session_id: str) -> None:
    session.execute(delete(UserSession).where(col(UserSession.id) == session_id))


def delete_sessions_of(session: Session, person_id: int) -> None:
    session.execute(delete(UserSession).where(col(UserSession.person_id) == person_id))


def sessions_of(session: Session, person_id: int) -> list[UserSession]:
    return list(session.exec(select(UserSession).where(UserSession.person_id == person_id)))


def touch_session(session: Session, session_id: str, at: datetime) -> None:
    row = session.get(UserSession, session_id)
    if row is not None:
        row.last_seen_at = at
        session.add(row)


def count_failures(session: Session, key: str, since: datetime) -> int:
    return session.exec(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.key == key, LoginFailure.at >= since)
    ).one()


def oldest_failure(session: Session, key: str, since: datetime) -> datetime | None:
    return session.exec(
        select(func.min(LoginFailure.at)).where(LoginFailure.key == key, LoginFailure.at >= since)
    ).one()


def clear_failures(session: Session, key: str) -> None:
    session.execute(delete(LoginFailure).where(col(LoginFailure.key) == key))


def failures_with_key(session: Session, key: str) -> list[LoginFailure]:
    return list(session.exec(select(LoginFailure).where(LoginFailure.key == key)))


def people_by_ids(session: Session, ids: Iterable[int]) -> dict[int, Person]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        p.id: p
        for p in session.exec(select(Person).where(col(Person.id).in_(wanted)))
        if p.id is not None
    }
