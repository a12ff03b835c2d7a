"""All SQL of the curriculum domain."""

from sqlmodel import Session, select

from lms.curriculum.tables import ModuleVersion


def find_module_version(
    session: Session, *, module_id: str, version: str, content_hash: str
) -> ModuleVersion | None:
    return session.exec(
        select(ModuleVersion).where(
            ModuleVersion.module_id == module_id,
            ModuleVersion.version == version,
            ModuleVersion.content_hash == content_hash,
        )
    ).first()


def list_module_versions(session: Session) -> list[ModuleVersion]:
    return list(
        session.exec(select(ModuleVersion).order_by(ModuleVersion.module_id, ModuleVersion.id))
    )


def add_module_version(session: Session, row: ModuleVersion) -> ModuleVersion:
    session.add(row)
    session.flush()
    return row
