"""Logging in and out and administering people, in headless Chromium."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from lms.demo import DEMO_PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]

#: login -> (name, the home page's language when the account logs in)
ACCOUNTS = {
    "lt-learner": ("Rūta Petrauskaitė", "lt"),
    "lt-teacher": ("Jonas Kazlauskas", "lt"),
    "lt-supervisor": ("Asta Jankauskienė", "lt"),
    "lt-admin": ("Tomas Vaitkus", "lt"),
    "fi-learner": ("Aino Virtanen", "fi"),
    "fi-teacher": ("Mikko Korhonen", "fi"),
    "fi-supervisor": ("Laura Nieminen", "fi"),
    "fi-admin": ("Jukka Mäkinen", "fi"),
    "platform-admin": ("Platform Administrator", "en"),
}
WELCOME = {"en": "Welcome, {name}", "lt": "Sveiki, {name}", "fi": "Tervetuloa, {name}"}
LOG_OUT = {"en": "Log out", "lt": "Atsijungti", "fi": "Kirjaudu ulos"}


def log_in(page: Page, base: str, login: str, ui: str) -> None:
    page.goto(f"{base}/{ui}/login")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()


@pytest.mark.parametrize("ui", ["en", "lt"])
@pytest.mark.parametrize("login", list(ACCOUNTS))
def test_each_demo_account_logs_in_sees_home_and_logs_out(
    browser: Browser, live_server: str, login: str, ui: str
) -> None:
    name, language = ACCOUNTS[login]
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    log_in(page, live_server, login, ui)
    expect(page).to_have_url(re.compile(rf"/{language}/home$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_text(WELCOME[language].format(name=name))
    expect(page.locator(".user-name")).to_have_text(name)
    page.get_by_role("button", name=LOG_OUT[language]).click()
    expect(page).to_have_url(re.compile(rf"/{language}/login\?logged_out=1$"))
    # The back button must not show the page of the person who just logged out.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator("body")).not_to_contain_text(name)
    context.close()


def test_home_pages_look_right(browser: Browser, live_server: str) -> None:
    for size, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        context = browser.new_context(viewport=size)
        page = context.new_page()
        for login in ("lt-learner", "fi-supervisor", "lt-admin"):
            log_in(page, live_server, login, "en")
            expect(page.locator("h1")).to_contain_text(ACCOUNTS[login][0])
            screenshot(page, f"home-{login}", (label, size))
            page.locator(".user-menu button").click()
        context.close()


def test_wrong_password_shows_a_message(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/lt/login")
    page.locator("input[name=login]").fill("lt-learner")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Neteisingas prisijungimo vardas arba slaptažodis."
    )


def test_admin_adds_imports_and_disables_people(
    page: Page, live_server: str, viewport, tmp_path
) -> None:
    log_in(page, live_server, "lt-admin", "en")
    page.goto(f"{live_server}/en/admin")
    screenshot(page, "admin-index", viewport)
    page.get_by_role("link", name="Nemunas Vocational School").first.click()
    expect(page.locator("h1")).to_have_text("Nemunas Vocational School")
    screenshot(page, "admin-organisation", viewport)

    form = page.locator("form[action$='/people']")
    form.locator("input[name=name]").fill("Eglė Naujokė")
    form.locator("input[name=login]").fill("egle.n")
    form.locator("select[name=role]").select_option("learner")
    form.get_by_role("button", name="Add person").click()
    expect(page.locator("h1")).to_have_text("1 person added")
    expect(page.locator(".one-time")).to_have_text(
        re.compile(r"^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$")
    )
    screenshot(page, "admin-passwords", viewport)
    page.get_by_role("link", name="Done").click()

    page.get_by_role("link", name="Import people from a CSV file").click()
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("name,login,role\nPetras Jonaitis,petras.j,pilot\n", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(csv_file))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("Row 2: unknown role 'pilot'")
    screenshot(page, "admin-import-errors", viewport)
    csv_file.write_text("name,login,role\nPetras Jonaitis,petras.j,teacher\n", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(csv_file))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("h1")).to_have_text("1 person added")
    page.get_by_role("link", name="Done").click()

    page.get_by_role("link", name="Eglė Naujokė").click()
    expect(page.locator("h1")).to_have_text("Eglė Naujokė")
    screenshot(page, "admin-person", viewport)
    page.get_by_role("button", name="Disable").click()
    expect(page.get_by_role("status")).to_have_text(
        "The person has been disabled and logged out everywhere."
    )
    page.get_by_role("link", name="Nemunas Vocational School").click()
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator(".audit-table")).to_contain_text("person_disabled")
    screenshot(page, "admin-audit", viewport)


def test_learner_changes_language_and_downloads_their_data(
    page: Page, live_server: str, viewport
) -> None:
    log_in(page, live_server, "lt-learner", "lt")
    page.goto(f"{live_server}/lt/account")
    screenshot(page, "account", viewport)
    page.locator("select[name=language]").select_option("en")
    page.get_by_role("button", name="Išsaugoti kalbą").click()
    expect(page).to_have_url(re.compile(r"/en/account\?msg=language_changed$"))
    expect(page.get_by_role("status")).to_have_text("Your language has been saved.")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    assert download.value.suggested_filename == "my-data.json"
    assert '"login": "lt-learner"' in download.value.path().read_text(encoding="utf-8")
