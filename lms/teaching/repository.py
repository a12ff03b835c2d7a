"""All SQL of teaching: assignments and who they are for."""

from sqlalchemy import delete, func
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import Select

from lms.accounts.models import GroupMember, LearnerGroup, Membership, Person, Role
from lms.teaching.models import Assignment, AssignmentPerson


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def by_form_key(session: Session, form_key: str) -> Assignment | None:
    return session.exec(select(Assignment).where(Assignment.form_key == form_key)).first()


def assignments_of_person(session: Session, person_id: int) -> list[Assignment]:
    """Assignments for the person's groups and for the person by name."""
    in_groups = select(GroupMember.group_id).where(GroupMember.person_id == person_id)
    by_name = select(AssignmentPerson.assignment_id).where(AssignmentPerson.person_id == person_id)
    return list(
        session.exec(
            select(Assignment)
            .where(or_(col(Assignment.group_id).in_(in_groups), col(Assignment.id).in_(by_name)))
            .order_by(col(Assignment.due_at), col(Assignment.id))
        )
    )


def assignments_of_group(session: Session, group_id: int) -> list[Assignment]:
    """The group's assignments and those made for some of its members by name."""
    members = select(GroupMember.person_id).where(GroupMember.group_id == group_id)
    for_members = select(AssignmentPerson.assignment_id).where(
        col(AssignmentPerson.person_id).in_(members)
    )
    return list(
        session.exec(
            select(Assignment)
            .where(or_(Assignment.group_id == group_id, col(Assignment.id).in_(for_members)))
            .order_by(col(Assignment.due_at), col(Assignment.id))
        )
    )


def targets_of(session: Session, assignment_ids: list[int]) -> dict[int, set[int]]:
    """assignment -> the people it names (assignments for a whole group name nobody)."""
    if not assignment_ids:
        return {}
    found: dict[int, set[int]] = {}
    for row in session.exec(
        select(AssignmentPerson).where(col(AssignmentPerson.assignment_id).in_(assignment_ids))
    ):
        found.setdefault(row.assignment_id, set()).add(row.person_id)
    return found


def learners_of_group(session: Session, group_id: int, organisation_id: int) -> Select:
    """The group's members who are learners of the organisation, as a selection."""
    return (
        select(GroupMember.person_id)
        .join(Person, col(Person.id) == col(GroupMember.person_id))
        .join(Membership, col(Membership.person_id) == col(GroupMember.person_id))
        .where(
            GroupMember.group_id == group_id,
            Membership.organisation_id == organisation_id,
            Membership.role == Role.learner,
            col(Person.erased_at).is_(None),
        )
    )


def people(session: Session, selection: Select) -> list[Person]:
    return list(
        session.exec(
            select(Person).where(col(Person.id).in_(selection)).order_by(Person.display_name)
        )
    )


def groups_taught_by(session: Session, person_id: int, organisation_id: int) -> list[LearnerGroup]:
    return list(
        session.exec(
            select(LearnerGroup)
            .join(GroupMember, col(GroupMember.group_id) == col(LearnerGroup.id))
            .where(
                GroupMember.person_id == person_id,
                LearnerGroup.organisation_id == organisation_id,
            )
            .order_by(LearnerGroup.name)
        )
    )


def groups_in(session: Session, organisation_id: int) -> list[LearnerGroup]:
    return list(
        session.exec(
            select(LearnerGroup)
            .where(LearnerGroup.organisation_id == organisation_id)
            .order_by(LearnerGroup.name)
        )
    )


def learners_of_groups(session: Session, group_ids: list[int], organisation_id: int) -> Select:
    return (
        select(GroupMember.person_id)
        .join(Membership, col(Membership.person_id) == col(GroupMember.person_id))
        .join(Person, col(Person.id) == col(GroupMember.person_id))
        .where(
            col(GroupMember.group_id).in_(group_ids),
            Membership.organisation_id == organisation_id,
            Membership.role == Role.learner,
            col(Person.erased_at).is_(None),
        )
        .distinct()
    )


def delete_targets_of(session: Session, person_id: int) -> None:
    session.execute(delete(AssignmentPerson).where(col(AssignmentPerson.person_id) == person_id))


def targets_of_person(session: Session, person_id: int) -> list[AssignmentPerson]:
    return list(
        session.exec(select(AssignmentPerson).where(AssignmentPerson.person_id == person_id))
    )


def only(person_id: int) -> Select:
    return select(Person.id).where(Person.id == person_id)


def members_by_group(session: Session, group_ids: list[int]) -> dict[int, set[int]]:
    if not group_ids:
        return {}
    found: dict[int, set[int]] = {}
    for row in session.exec(select(GroupMember).where(col(GroupMember.group_id).in_(group_ids))):
        found.setdefault(row.group_id, set()).add(row.person_id)
    return found


def count_created_by(session: Session, person_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Assignment).where(Assignment.created_by == person_id)
    ).one()
