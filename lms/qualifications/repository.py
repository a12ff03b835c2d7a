"""All SQL of qualifications. Reports take a *selection* of people (a query of person ids)
rather than a list, so that a page of 50 and an export of 10,000 run the same few queries."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete as sqldelete
from sqlalchemy import func, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from lms.accounts.models import GroupMember, Membership, Person, Role
from lms.qualifications.models import (
    Award,
    AwardStatus,
    Enrolment,
    Reminder,
    Site,
    SkillOverride,
    Workstation,
    WorkstationOperator,
    WorkstationRequirement,
)


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


# -- who ---------------------------------------------------------------------------------


def operators(
    session: Session,
    organisation_id: int,
    *,
    site_id: int | None = None,
    workstation_id: int | None = None,
    group_id: int | None = None,
) -> Select:
    """Learners (operators) of the organisation, optionally only those of a site,
    workstation or group: a query of person ids to use inside other queries."""
    query = (
        select(Membership.person_id)
        .join(Person, col(Person.id) == col(Membership.person_id))
        .where(
            Membership.organisation_id == organisation_id,
            Membership.role == Role.learner,
            col(Person.erased_at).is_(None),
        )
    )
    if workstation_id is not None or site_id is not None:
        at = select(WorkstationOperator.person_id).join(
            Workstation, col(Workstation.id) == col(WorkstationOperator.workstation_id)
        )
        at = at.where(
            Workstation.organisation_id == organisation_id,
            *([Workstation.id == workstation_id] if workstation_id is not None else []),
            *([Workstation.site_id == site_id] if site_id is not None else []),
        )
        query = query.where(col(Membership.person_id).in_(at))
    if group_id is not None:
        query = query.where(
            col(Membership.person_id).in_(
                select(GroupMember.person_id).where(GroupMember.group_id == group_id)
            )
        )
    return query


def count_people(session: Session, people: Select) -> int:
    return session.exec(select(func.count()).select_from(people.subquery())).one()


def people_page(session: Session, people: Select, offset: int, limit: int | None) -> list[Person]:
    query = (
        select(Person)
        .where(col(Person.id).in_(people))
        .order_by(Person.display_name, col(Person.id))
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query))


def ids_of(people: Iterable[Person]) -> Select:
    """A selection of exactly these people (a page already loaded)."""
    return select(Person.id).where(col(Person.id).in_([p.id for p in people]))


# -- sites and workstations ------------------------------------------------------------


def sites_of(session: Session, organisation_id: int) -> list[Site]:
    return list(
        session.exec(
            select(Site).where(Site.organisation_id == organisation_id).order_by(Site.name)
        )
    )


def get_site(session: Session, organisation_id: int, site_id: int) -> Site | None:
    return session.exec(
        select(Site).where(Site.id == site_id, Site.organisation_id == organisation_id)
    ).first()


def site_by_name(session: Session, organisation_id: int, name: str) -> Site | None:
    return session.exec(
        select(Site).where(Site.organisation_id == organisation_id, Site.name == name)
    ).first()


def workstations_of(session: Session, organisation_id: int) -> list[Workstation]:
    return list(
        session.exec(
            select(Workstation)
            .where(Workstation.organisation_id == organisation_id)
            .order_by(Workstation.site_id, Workstation.name)
        )
    )


def get_workstation(
    session: Session, organisation_id: int, workstation_id: int
) -> Workstation | None:
    return session.exec(
        select(Workstation).where(
            Workstation.id == workstation_id, Workstation.organisation_id == organisation_id
        )
    ).first()


def workstation_by_name(session: Session, site_id: int, name: str) -> Workstation | None:
    return session.exec(
        select(Workstation).where(Workstation.site_id == site_id, Workstation.name == name)
    ).first()


def requirements_of(session: Session, organisation_id: int) -> list[WorkstationRequirement]:
    return list(
        session.exec(
            select(WorkstationRequirement)
            .join(Workstation, col(Workstation.id) == col(WorkstationRequirement.workstation_id))
            .where(Workstation.organisation_id == organisation_id)
        )
    )


def operators_of_workstations(
    session: Session, organisation_id: int, workstation_id: int | None = None
) -> list[WorkstationOperator]:
    query = (
        select(WorkstationOperator)
        .join(Workstation, col(Workstation.id) == col(WorkstationOperator.workstation_id))
        .join(Person, col(Person.id) == col(WorkstationOperator.person_id))
        .where(Workstation.organisation_id == organisation_id, col(Person.erased_at).is_(None))
    )
    if workstation_id is not None:
        query = query.where(WorkstationOperator.workstation_id == workstation_id)
    return list(session.exec(query))


def get_operator(
    session: Session, workstation_id: int, person_id: int
) -> WorkstationOperator | None:
    return session.exec(
        select(WorkstationOperator).where(
            WorkstationOperator.workstation_id == workstation_id,
            WorkstationOperator.person_id == person_id,
        )
    ).first()


def delete(session: Session, row: object) -> None:
    session.delete(row)
    session.flush()


def workstations_of_person(session: Session, person_id: int) -> list[WorkstationOperator]:
    return list(
        session.exec(select(WorkstationOperator).where(WorkstationOperator.person_id == person_id))
    )


# -- enrolments and awards -------------------------------------------------------------


def enrolments_of_person(session: Session, person_id: int) -> list[Enrolment]:
    return list(
        session.exec(
            select(Enrolment).where(Enrolment.person_id == person_id).order_by(col(Enrolment.id))
        )
    )


def enrolments_in(session: Session, organisation_id: int) -> list[Enrolment]:
    return list(session.exec(select(Enrolment).where(Enrolment.organisation_id == organisation_id)))


def get_enrolment(
    session: Session, organisation_id: int, person_id: int, programme_id: str
) -> Enrolment | None:
    return session.exec(
        select(Enrolment).where(
            Enrolment.organisation_id == organisation_id,
            Enrolment.person_id == person_id,
            Enrolment.programme_id == programme_id,
        )
    ).first()


def awards_of_person(session: Session, person_id: int) -> list[Award]:
    return list(
        session.exec(select(Award).where(Award.person_id == person_id).order_by(col(Award.id)))
    )


def current_awards_in(session: Session, organisation_id: int) -> list[Award]:
    return list(
        session.exec(
            select(Award).where(Award.organisation_id == organisation_id, Award.current == 1)
        )
    )


def current_award(
    session: Session, organisation_id: int, person_id: int, programme_id: str
) -> Award | None:
    return session.exec(
        select(Award).where(
            Award.organisation_id == organisation_id,
            Award.person_id == person_id,
            Award.programme_id == programme_id,
            Award.current == 1,
        )
    ).first()


def get_award(session: Session, award_id: int) -> Award | None:
    return session.get(Award, award_id)


def award_by_code(session: Session, code: str) -> Award | None:
    return session.exec(select(Award).where(Award.code == code)).first()


def retire(session: Session, award_id: int) -> None:
    session.execute(update(Award).where(col(Award.id) == award_id).values(current=None))


def awards_expiring(session: Session, before: datetime) -> list[Award]:
    return list(
        session.exec(
            select(Award).where(
                Award.current == 1,
                Award.status == AwardStatus.awarded,
                col(Award.expires_at).is_not(None),
                col(Award.expires_at) <= before,
            )
        )
    )


def reminders_for(session: Session, award_ids: list[int]) -> set[tuple[int, int]]:
    if not award_ids:
        return set()
    rows = session.exec(
        select(Reminder.award_id, Reminder.days_before).where(col(Reminder.award_id).in_(award_ids))
    )
    return {(award_id, days) for award_id, days in rows}


def reminders_of_person(session: Session, person_id: int) -> list[Reminder]:
    return list(session.exec(select(Reminder).where(Reminder.person_id == person_id)))


# -- skill overrides -------------------------------------------------------------------


def overrides_of_people(
    session: Session, organisation_id: int, people: Select
) -> list[SkillOverride]:
    return list(
        session.exec(
            select(SkillOverride)
            .where(
                SkillOverride.organisation_id == organisation_id,
                col(SkillOverride.person_id).in_(people),
            )
            .order_by(col(SkillOverride.id))
        )
    )


def overrides_of_person(session: Session, person_id: int) -> list[SkillOverride]:
    return list(session.exec(select(SkillOverride).where(SkillOverride.person_id == person_id)))


def delete_operator_rows_of(session: Session, person_id: int) -> None:
    session.execute(
        sqldelete(WorkstationOperator).where(col(WorkstationOperator.person_id) == person_id)
    )
