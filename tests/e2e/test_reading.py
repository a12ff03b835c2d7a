"""A reader's path through the curriculum in headless Chromium, on a phone and a desktop."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS, screenshot

pytestmark = pytest.mark.e2e


def test_reader_goes_from_programmes_to_the_handbook_and_switches_language(
    page: Page, live_server: str, viewport
) -> None:
    page.goto(f"{live_server}/", wait_until="load")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("h1")).to_have_text("Programmes")
    screenshot(page, "home", viewport)

    page.get_by_role("link", name="Plastics production line operator").click()
    expect(page.locator("h1")).to_have_text("Plastics production line operator")
    screenshot(page, "programme", viewport)

    page.get_by_role("link", name="Defects in injection-moulded parts").click()
    expect(page.locator("h1")).to_have_text("Defects in injection-moulded parts")
    expect(page.get_by_role("heading", name="Learning outcomes")).to_be_visible()
    screenshot(page, "module", viewport)

    page.get_by_role("navigation", name="Module").get_by_role("link", name="Handbook").click()
    expect(page).to_have_url(re.compile(r"/en/modules/defects/handbook$"))
    article = page.locator("article.prose")
    expect(article).to_have_attribute("lang", "en")
    expect(page.locator(".content-language")).to_have_text("Content language: English")
    expect(article.locator(".block-safety").first).to_be_visible()
    expect(article.locator(".block-teacher")).to_have_count(0)
    expect(article.locator("img").first).to_have_attribute("alt", re.compile(r"\S"))
    sources = page.eval_on_selector_all("article img", "imgs => imgs.map(i => i.src)")
    assert sources, "the handbook has pictures"
    for source in set(sources):
        response = page.request.get(source)
        assert response.ok and response.headers["content-type"].startswith("image/"), source
    screenshot(page, "handbook", viewport)

    # The language menu works without JavaScript and keeps the reader on the same page.
    page.locator(".language-menu summary").click()
    page.locator(".language-menu").get_by_role("link", name="Lietuvių").click()
    expect(page).to_have_url(re.compile(r"/lt/modules/defects/handbook$"))
    expect(page.locator("html")).to_have_attribute("lang", "lt")
    expect(page.locator("article.prose")).to_have_attribute("lang", "lt")
    expect(page.locator(".content-language")).to_have_text("Turinio kalba: Lietuvių")
    expect(page.get_by_role("link", name="Programos").first).to_be_visible()
    screenshot(page, "handbook-lt", viewport)


def test_glossary_link_leads_to_the_definition(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/en/modules/defects/handbook")
    link = page.locator("article a.term-link").first
    target = link.get_attribute("href")
    assert target and target.startswith("/en/glossary#term-")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    anchor = target.split("#", 1)[1]
    expect(page.locator(f"#{anchor} dfn")).to_be_visible()


def test_practical_task_and_its_printable_sheet(page: Page, live_server: str, viewport) -> None:
    page.goto(f"{live_server}/en/modules/defects/tasks")
    expect(page.locator("h1")).to_have_text("Practical tasks")
    screenshot(page, "tasks", viewport)
    page.locator(".card h2 a").first.click()
    expect(page.locator("#checklist")).to_be_visible()
    expect(page.locator(".task-facts")).to_contain_text("minutes")
    screenshot(page, "task", viewport)
    page.get_by_role("link", name="Print version").click()
    expect(page).to_have_url(re.compile(r"/print$"))
    expect(page.locator(".checklist-table tbody tr").first).to_be_visible()
    expect(page.locator(".signature-table")).to_contain_text("Assessor's signature")
    screenshot(page, "task-print", viewport)
    page.emulate_media(media="print")
    expect(page.locator(".print-hint")).to_be_hidden()


@pytest.mark.usefixtures("demo")
def test_teacher_book_shows_teacher_notes_to_a_teacher(
    page: Page, live_server: str, viewport
) -> None:
    from tests.e2e.test_accounts import log_in

    page.goto(f"{live_server}/en/modules/defects")
    expect(page.get_by_role("link", name="Teacher's book")).to_have_count(0)
    log_in(page, live_server, "lt-teacher", "en")
    page.goto(f"{live_server}/en/modules/defects")
    page.get_by_role("navigation", name="Module").get_by_role("link", name="Teacher's book").click()
    expect(page.locator(".doc-kind")).to_have_text("Teacher's book")
    expect(page.locator("article .block-teacher").first).to_be_visible()
    screenshot(page, "teacher", viewport)
    page.goto(f"{live_server}/en/modules/defects/handbook/print")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_have_count(0)
    expect(page.locator(".print-toc")).to_be_visible()


def test_keyboard_user_can_skip_to_content_and_unknown_pages_say_so(
    page: Page, live_server: str, viewport
) -> None:
    page.goto(f"{live_server}/lt/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    expect(page.locator(".skip-link")).to_have_text("Pereiti prie turinio")
    page.goto(f"{live_server}/lt/no-such-page")
    expect(page.locator("h1")).to_have_text("Puslapis nerastas")
    screenshot(page, "not-found-lt", viewport)


def test_every_module_handbook_renders_without_errors(
    page: Page, live_server: str, viewport
) -> None:
    from tests.conftest import shipped

    curriculum, _ = shipped()
    for module in curriculum.modules.values():
        handbook = module.languages["en"].handbook
        page.goto(f"{live_server}/en/modules/{module.id}/handbook")
        expect(page.locator("article h1")).to_have_text(handbook.title)
        sources = set(page.eval_on_selector_all("article img", "imgs => imgs.map(i => i.src)"))
        for source in sources:
            assert page.request.get(source).ok, source
        alts = page.eval_on_selector_all("article img", "imgs => imgs.map(i => i.alt.trim())")
        assert all(alts), module.id
        page.screenshot(path=str(SCREENSHOTS / f"module-{module.id}-{viewport[0]}.png"))
