"""All SQL of the accounts domain."""

from sqlmodel import Session, select

from lms.accounts.models import Organisation


def get_organisation_by_slug(session: Session, slug: str) -> Organisation | None:
    return session.exec(select(Organisation).where(Organisation.slug == slug)).first()


def list_organisations(session: Session) -> list[Organisation]:
    return list(session.exec(select(Organisation).order_by(Organisation.name)))


def add(session: Session, organisation: Organisation) -> Organisation:
    session.add(organisation)
    session.flush()
    return organisation
