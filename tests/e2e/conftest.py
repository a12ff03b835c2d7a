"""A real server (uvicorn in a subprocess) and Debian's Chromium driven by Playwright."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.server import ServerDidNotStart, running_server

SCREENSHOTS = Path(os.environ.get("LMS_SCREENSHOTS", Path(__file__).parent / "screenshots"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def chromium_path() -> str:
    found = (
        os.environ.get("LMS_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not found:
        pytest.fail(
            "Chromium is required for the browser tests: install Debian's 'chromium' package "
            "(make test does this when run as root) or set LMS_CHROMIUM to its path."
        )
    return found


@pytest.fixture(scope="session")
def live_server(database: str) -> Iterator[str]:
    env = {"LMS_DATABASE_URL": database, "LMS_ACCESS_LOG": "false"}
    try:
        with running_server(env) as base:
            yield base
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "desktop"])
def viewport(request: pytest.FixtureRequest) -> tuple[str, dict[str, int]]:
    return request.param, PHONE if request.param == "phone" else DESKTOP


@pytest.fixture
def page(browser: Browser, viewport: tuple[str, dict[str, int]]) -> Iterator[Page]:
    """A fresh page that fails the test on any console error or failed request."""
    _name, size = viewport
    context = browser.new_context(viewport=size, locale="en-GB")
    page = context.new_page()
    problems: list[str] = []

    def on_console(message) -> None:
        # A page that is itself a 404 logs "Failed to load resource"; sub-resources that
        # fail are caught by on_response below, so those console lines add nothing.
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(message.text)

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status}: {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    def on_failed(request) -> None:
        # A lazy picture still loading when the test navigates away is aborted, not broken.
        if "ERR_ABORTED" not in (request.failure or ""):
            problems.append(f"failed: {request.url} {request.failure}")

    page.on("requestfailed", on_failed)
    yield page
    context.close()
    assert not problems, f"browser reported errors: {problems}"


def screenshot(page: Page, name: str, viewport: tuple[str, dict[str, int]]) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{viewport[0]}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
