"""Dependencies shared by routes, as ``Annotated`` aliases so routes read like sentences.

Dependencies that only read memory are ``async``: a sync one costs a thread-pool hop per
request, which on the hot reading pages cost more than the page itself.
"""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from lms.curriculum.model import Curriculum, Module
from lms.curriculum.store import CurriculumStore
from lms.db import transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def db_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: committed before the response is sent, or rolled back.

    GET requests get a read transaction; anything else takes the write lock up front.
    """
    with transaction(write=request.method not in SAFE_METHODS) as session:
        yield session


DbSession = Annotated[Session, Depends(db_session, scope="function")]


async def get_curriculum(request: Request) -> Curriculum:
    store: CurriculumStore = request.app.state.curriculum_store
    return store.get()


CurriculumDep = Annotated[Curriculum, Depends(get_curriculum)]


async def content_language(lang: str, curriculum: CurriculumDep) -> str:
    """The ``/{lang}/`` of the URL; an unknown language is a 404, not a guess."""
    if lang not in curriculum.languages:
        raise HTTPException(status_code=404)
    return lang


LanguageDep = Annotated[str, Depends(content_language)]


async def current_module(module_id: str, curriculum: CurriculumDep) -> Module:
    module = curriculum.modules.get(module_id)
    if module is None:
        raise HTTPException(status_code=404)
    return module


ModuleDep = Annotated[Module, Depends(current_module)]
