"""Curriculum rules that touch the database."""

import hashlib

from sqlmodel import Session

from lms.curriculum import repository
from lms.curriculum.model import Curriculum, Module
from lms.curriculum.tables import ModuleVersion


def content_hash(module: Module, source_language: str) -> str:
    """One hash over the module's source files, in a fixed order."""
    digest = hashlib.sha256()
    source = module.languages.get(source_language)
    if source is not None:
        docs = [source.handbook, source.teacher, source.items.doc if source.items else None]
        docs += [task.doc for task in source.tasks.values()]
        for doc in docs:
            if doc is not None:
                digest.update(f"{doc.kind}:{doc.path.name}:{doc.revision}\n".encode())
    digest.update(module.version.encode())
    return digest.hexdigest()


def record_module_versions(session: Session, curriculum: Curriculum) -> list[ModuleVersion]:
    """Register each module version not seen before; loading twice adds nothing."""
    added: list[ModuleVersion] = []
    for module in curriculum.modules.values():
        digest = content_hash(module, curriculum.source_language)
        known = repository.find_module_version(
            session, module_id=module.id, version=module.version, content_hash=digest
        )
        if known is None:
            title, _language = curriculum.text(module.title, curriculum.source_language)
            added.append(
                repository.add_module_version(
                    session,
                    ModuleVersion(
                        module_id=module.id,
                        version=module.version,
                        content_hash=digest,
                        title=title,
                    ),
                )
            )
    return added
