"""Rules for organisations."""

from sqlmodel import Session

from lms.accounts import repository
from lms.accounts.models import Organisation, OrganisationKind


def ensure_organisation(
    session: Session,
    *,
    slug: str,
    name: str,
    kind: OrganisationKind,
    country: str,
    default_language: str,
) -> tuple[Organisation, bool]:
    """Create the organisation unless one with ``slug`` exists; returns it and whether it is new.

    Idempotent so that seeding the demo twice changes nothing.
    """
    existing = repository.get_organisation_by_slug(session, slug)
    if existing is not None:
        return existing, False
    organisation = Organisation(
        slug=slug, name=name, kind=kind, country=country.upper(), default_language=default_language
    )
    return repository.add(session, organisation), True
