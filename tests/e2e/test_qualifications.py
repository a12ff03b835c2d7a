"""A teacher assigns a quiz to a group, a learner sees it and passes it, the gradebook
shows it; a supervisor opens the skills matrix and a certificate, whose verification
address works logged out. In headless Chromium."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from lms.accounts.models import utcnow
from lms.assessment.models import Attempt
from lms.db import transaction
from tests.conftest import shipped
from tests.e2e.conftest import PHONE, screenshot
from tests.e2e.test_accounts import log_in
from tests.helpers import right_answers

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]


def _as(page: Page, base: str, login: str) -> None:
    """Log in as ``login`` in this page's browser, after whoever was logged in before, and
    open the English home page (their own language may be another)."""
    page.context.clear_cookies()
    log_in(page, base, login, "en")
    page.goto(f"{base}/en/home")


def _answer(page: Page, attempt_id: int) -> None:
    """Fill in the form as a learner who knows every answer would, field by field."""
    curriculum, _ = shipped()
    with transaction(write=False) as session:
        attempt = session.get(Attempt, attempt_id)
    for name, values in right_answers(curriculum, attempt).items():
        fields = page.locator(f'[name="{name}"]')
        kind = fields.first.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
        if kind == "hidden":
            continue
        if kind == "select":
            fields.first.select_option(values[0])
        elif kind in ("radio", "checkbox"):
            for value in values:
                page.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            fields.first.fill(values[0])


def test_a_teacher_assigns_a_quiz_the_learner_passes_it_and_the_gradebook_shows_it(
    page: Page, live_server: str, viewport
) -> None:
    _as(page, live_server, "lt-teacher")
    page.get_by_role("link", name="Teaching: assignments and gradebook").click()
    page.get_by_role("link", name="Give an assignment").first.click()
    page.get_by_label("What to assign").select_option("quiz:spc")
    page.get_by_label("For", exact=True).select_option(
        label="Group: PL-21 plastics operators, 2nd year"
    )
    page.get_by_label("Due date").fill((utcnow() + timedelta(days=10)).date().isoformat())
    page.get_by_label("Note for the learners (optional)").fill("Bring a calculator.")
    screenshot(page, "assign", viewport)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status")).to_contain_text("The assignment has been given.")
    expect(page.locator("table.gradebook thead")).to_contain_text("Statistical process control")

    _as(page, live_server, "lt-learner")
    assignments = page.locator("#assignments + .assignment-list")
    expect(assignments).to_contain_text("Bring a calculator.")
    expect(assignments.locator("li.is-overdue")).to_have_count(1)
    screenshot(page, "learner-home-assignments", viewport)
    assignments.get_by_role("link", name="Assessment: Statistical process control").click()
    page.get_by_role("button", name="Start the assessment").click()
    expect(page).to_have_url(re.compile(r"/en/attempts/\d+$"))
    _answer(page, int(page.url.rsplit("/", 1)[1]))
    page.get_by_role("button", name="Submit for grading").first.click()
    expect(page.locator(".result")).to_contain_text("100")
    page.goto(f"{live_server}/en/home")
    spc = page.locator(".assignment-list li", has_text="Statistical process control")
    expect(spc).to_contain_text("Done")

    _as(page, live_server, "lt-teacher")
    page.get_by_role("link", name="Teaching: assignments and gradebook").click()
    page.get_by_role("link", name="PL-21 plastics operators, 2nd year").click()
    column = page.locator("table.gradebook thead th").filter(has_text="Statistical process control")
    expect(column).to_have_count(1)
    row = page.locator("table.gradebook tbody tr", has_text="Rūta Petrauskaitė")
    expect(row).to_contain_text("Done")
    expect(row).to_contain_text("100 %")
    screenshot(page, "gradebook", viewport)


def test_a_supervisor_opens_the_matrix_and_a_certificate_that_verifies_logged_out(
    browser: Browser, page: Page, live_server: str, viewport
) -> None:
    _as(page, live_server, "fi-supervisor")
    page.get_by_role("link", name="Qualifications by workstation").click()
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("table.numbers-table")).to_contain_text(
        "Line 3 - automated inspection cell"
    )
    screenshot(page, "supervisor-dashboard", viewport)
    page.get_by_role("navigation", name="Qualifications").get_by_role(
        "link", name="Skills matrix"
    ).click()
    matrix = page.locator("table.matrix")
    expect(matrix).to_contain_text("Pekka Laine")
    pekka = matrix.locator("tbody tr", has_text="Pekka Laine")
    expect(pekka.locator(".level-override")).to_have_text(re.compile(r"O\*"))
    screenshot(page, "skills-matrix", viewport)
    pekka.get_by_role("link", name="Pekka Laine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pekka Laine")
    page.get_by_role("link", name="Certificate").first.click()
    expect(page.locator(".certificate-holder")).to_have_text("Pekka Laine")
    expect(page.locator(".qr svg")).to_be_visible()
    screenshot(page, "certificate", viewport)
    verify_url = page.locator(".certificate-verify a").get_attribute("href")
    assert verify_url and "/en/verify/" in verify_url

    anonymous = browser.new_context(viewport=PHONE)
    try:
        visitor = anonymous.new_page()
        visitor.goto(verify_url)
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Certificate check")
        facts = visitor.locator(".verify-facts")
        expect(facts).to_contain_text("Pekka Laine")
        expect(facts).to_contain_text("valid")
        expect(visitor.get_by_role("link", name="Log in")).to_be_visible()  # not logged in
        visitor.screenshot(path=str(screenshot.__globals__["SCREENSHOTS"] / "verify-phone.png"))
    finally:
        anonymous.close()
