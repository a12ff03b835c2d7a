"""Demo data: a Lithuanian vocational school and a Finnish moulding factory, each with
groups and one account per role, plus an apprentice who belongs to both and a platform
administrator. Seeding is idempotent: a second run finds everything and adds nothing.
"""

from collections.abc import Collection

from sqlmodel import Session

from lms.accounts import repository
from lms.accounts.models import GroupKind, OrganisationKind, Person, Role
from lms.accounts.service import (
    SYSTEM,
    add_role,
    add_to_group,
    create_group,
    create_person,
    ensure_organisation,
)
from lms.curriculum.model import Curriculum
from lms.curriculum.service import record_module_versions
from lms.db import transaction
from lms.demo_records import seed_factory, seed_school

#: Every demo account's password (listed in the README). Demo data is for trying out only.
DEMO_PASSWORD = "upskill-demo"  # noqa: S105

SCHOOL = "nemunas-vocational-school"
FACTORY = "pohjola-plastics"

DEMO_ORGANISATIONS = (
    {
        "slug": SCHOOL,
        "name": "Nemunas Vocational School",
        "kind": OrganisationKind.school,
        "country": "LT",
        "default_language": "lt",
    },
    {
        "slug": FACTORY,
        "name": "Pohjola Plastics Oy",
        "kind": OrganisationKind.factory,
        "country": "FI",
        "default_language": "fi",
    },
)
DEMO_GROUPS = (
    (SCHOOL, "PL-21 plastics operators, 2nd year", GroupKind.school_class),
    (FACTORY, "Line 3 day shift", GroupKind.shift),
    (FACTORY, "Line 3 night shift", GroupKind.shift),
)
#: login, name, organisation, role, language, group
DEMO_PEOPLE = (
    (
        "lt-learner",
        "Rūta Petrauskaitė",
        SCHOOL,
        Role.learner,
        "lt",
        "PL-21 plastics operators, 2nd year",
    ),
    (
        "lt-teacher",
        "Jonas Kazlauskas",
        SCHOOL,
        Role.teacher,
        "lt",
        "PL-21 plastics operators, 2nd year",
    ),
    ("lt-supervisor", "Asta Jankauskienė", SCHOOL, Role.supervisor, "lt", None),
    ("lt-admin", "Tomas Vaitkus", SCHOOL, Role.admin, "lt", None),
    ("fi-learner", "Aino Virtanen", FACTORY, Role.learner, "fi", "Line 3 day shift"),
    ("fi-teacher", "Mikko Korhonen", FACTORY, Role.teacher, "fi", "Line 3 day shift"),
    ("fi-supervisor", "Laura Nieminen", FACTORY, Role.supervisor, "fi", None),
    ("fi-admin", "Jukka Mäkinen", FACTORY, Role.admin, "fi", None),
    (
        "apprentice",
        "Lukas Stankevičius",
        SCHOOL,
        Role.learner,
        "lt",
        "PL-21 plastics operators, 2nd year",
    ),
    ("platform-admin", "Platform Administrator", SCHOOL, Role.admin, "en", None),
)


def _languages(curriculum: Curriculum) -> Collection[str]:
    return {*curriculum.languages, "fi", "fr"}


def _ensure_person(
    session: Session, spec: tuple, organisations: dict, groups: dict, languages: Collection[str]
) -> tuple[Person, bool]:
    login, name, org_slug, role, language, group_name = spec
    organisation = organisations[org_slug]
    person = repository.get_person_by_login(session, login)
    created = person is None
    if person is None:
        person, _ = create_person(
            session,
            organisation_id=organisation.id,
            login=login,
            display_name=name,
            role=role,
            preferred_language=language,
            languages=languages,
            actor=SYSTEM,
            password=DEMO_PASSWORD,
        )
    if group_name:
        add_to_group(session, group=groups[(org_slug, group_name)], person=person, actor=SYSTEM)
    return person, created


def seed_demo(curriculum: Curriculum) -> list[str]:
    """Seed in one transaction; returns what was done, one line each."""
    report: list[str] = []
    languages = _languages(curriculum)
    with transaction(write=True) as session:
        added = record_module_versions(session, curriculum)
        report.append(f"Curriculum: {len(added)} new module version(s) recorded.")
        organisations = {}
        for spec in DEMO_ORGANISATIONS:
            organisation, created = ensure_organisation(session, **spec)
            organisations[organisation.slug] = organisation
            report.append(f"{'Created' if created else 'Already there'}: {organisation.name}")
        groups = {}
        for org_slug, name, kind in DEMO_GROUPS:
            organisation_id = organisations[org_slug].id
            group = repository.get_group_by_name(session, organisation_id, name)
            if group is None:
                group = create_group(
                    session, organisation_id=organisation_id, name=name, kind=kind, actor=SYSTEM
                )
            groups[(org_slug, name)] = group
        created_count = 0
        for spec in DEMO_PEOPLE:
            person, created = _ensure_person(session, spec, organisations, groups, languages)
            created_count += created
            if spec[0] == "apprentice":
                add_role(
                    session,
                    person=person,
                    organisation_id=organisations[FACTORY].id,
                    role=Role.learner,
                    actor=SYSTEM,
                )
                add_to_group(
                    session,
                    group=groups[(FACTORY, "Line 3 day shift")],
                    person=person,
                    actor=SYSTEM,
                )
            if spec[0] == "platform-admin" and not person.is_platform_admin:
                person.is_platform_admin = True
                session.add(person)
        report += seed_factory(session, curriculum, organisations[FACTORY], groups, set(languages))
        report += seed_school(
            session,
            curriculum,
            organisations[SCHOOL],
            groups[(SCHOOL, "PL-21 plastics operators, 2nd year")],
        )
        report.append(
            f"Demo accounts: {created_count} created, "
            f"{len(DEMO_PEOPLE) - created_count} already there "
            f"(password: {DEMO_PASSWORD})."
        )
    return report
