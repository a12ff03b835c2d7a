"""Demo data: one Lithuanian vocational school and one Finnish moulding factory.

Seeding is idempotent: the second run finds everything in place and adds nothing.
"""

from lms.accounts.models import OrganisationKind
from lms.accounts.service import ensure_organisation
from lms.curriculum.model import Curriculum
from lms.curriculum.service import record_module_versions
from lms.db import transaction

DEMO_ORGANISATIONS = (
    {
        "slug": "nemunas-vocational-school",
        "name": "Nemunas Vocational School",
        "kind": OrganisationKind.school,
        "country": "LT",
        "default_language": "lt",
    },
    {
        "slug": "pohjola-plastics",
        "name": "Pohjola Plastics Oy",
        "kind": OrganisationKind.factory,
        "country": "FI",
        "default_language": "fi",
    },
)


def seed_demo(curriculum: Curriculum) -> list[str]:
    """Seed in one transaction; returns what was done, one line each."""
    report: list[str] = []
    with transaction(write=True) as session:
        added = record_module_versions(session, curriculum)
        report.append(f"Curriculum: {len(added)} new module version(s) recorded.")
        for spec in DEMO_ORGANISATIONS:
            organisation, created = ensure_organisation(session, **spec)
            report.append(f"{'Created' if created else 'Already there'}: {organisation.name}")
    return report
