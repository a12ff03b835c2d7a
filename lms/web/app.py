"""The application factory."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from lms import __version__
from lms.curriculum.store import CurriculumStore
from lms.settings import Settings, check_production_safety, get_settings
from lms.web import errors, health
from lms.web.accounts import routes as accounts
from lms.web.admin import routes as admin
from lms.web.assessment import routes as assessment
from lms.web.middleware import RequestLog, SecurityHeaders
from lms.web.progress import routes as progress
from lms.web.qualifications import routes as qualifications
from lms.web.reading import routes as reading
from lms.web.security import BrowserState, load_principal, verify_csrf
from lms.web.tasks import routes as tasks
from lms.web.teaching import routes as teaching


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; refuses (raises) on unsafe settings or an invalid curriculum."""
    settings = settings or get_settings()
    configure_logging(settings)
    check_production_safety(settings)
    store = CurriculumStore(settings.curriculum_dir, reload=settings.curriculum_reload_enabled)
    store.load()  # raises CurriculumError listing every problem: the server does not start

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield

    app = FastAPI(
        dependencies=[Depends(load_principal), Depends(verify_csrf)],
        title="upskill-lms",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.curriculum_store = store
    app.state.settings = settings
    for exception, handler in errors.HANDLERS.items():
        app.add_exception_handler(exception, handler)
    app.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    app.include_router(health.router)
    app.include_router(accounts.router)
    app.include_router(admin.router)
    app.include_router(assessment.router)
    app.include_router(tasks.router)
    app.include_router(progress.router)
    app.include_router(qualifications.router)
    app.include_router(teaching.router)
    app.include_router(reading.router)
    app.add_middleware(BrowserState, settings=settings)
    app.add_middleware(SecurityHeaders)
    if settings.access_log:
        app.add_middleware(RequestLog)
    return app
