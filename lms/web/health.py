"""``/healthz`` for load balancers: answers 200 only when the database answers."""

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from lms.accounts.access import Rule
from lms.db import transaction
from lms.web.deps import CurriculumDep
from lms.web.security import Access

router = APIRouter()
log = logging.getLogger(__name__)


@router.get("/healthz", tags=["operations"], dependencies=[Access(Rule.public)])
def healthz(curriculum: CurriculumDep) -> JSONResponse:
    try:
        with transaction(write=False) as session:
            session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    except SQLAlchemyError as exc:
        log.error("health check: database unavailable: %s", exc.__class__.__name__)
        return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
    return JSONResponse(
        {"status": "ok", "database": "ok", "modules": len(curriculum.modules)},
        headers={"Cache-Control": "no-store"},
    )
