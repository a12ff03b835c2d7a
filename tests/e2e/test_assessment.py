"""A learner takes the assessment, with an inspection item; an assessor signs off a task on
a phone; the learner sees both on their progress page. In headless Chromium."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import shipped
from tests.e2e.conftest import PHONE, screenshot
from tests.e2e.test_accounts import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]


def _inspection_key() -> dict[str, dict[str, tuple[str, str | None]]]:
    """item id -> image address -> (verdict, defect), from the curriculum the server serves."""
    curriculum, _ = shipped()
    items = curriculum.modules["defects"].languages["en"].items.items
    return {
        item.id: {part.image_url: (part.verdict.value, part.defect) for part in item.parts}
        for item in items
        if item.type == "inspection"
    }


def test_learner_takes_the_assessment_with_an_inspection_item(
    page: Page, live_server: str, viewport
) -> None:
    key = _inspection_key()
    log_in(page, live_server, "lt-learner", "en")
    page.goto(f"{live_server}/en/modules/defects")
    page.get_by_role("navigation", name="Module").get_by_role("link", name="Assessment").click()
    screenshot(page, "quiz", viewport)
    page.get_by_role("button", name="Start the assessment").click()
    expect(page).to_have_url(re.compile(r"/en/attempts/\d+$"))
    # No correctness marker in the page before submission (the full check: test_answer_leak).
    assert page.locator("[data-correct], .correct, .right-answer").count() == 0
    first = page.locator("fieldset.item-inspection").first
    item_id = first.get_attribute("id").removeprefix("item-")
    for part in first.locator(".inspection-part").all():
        verdict, defect = key[item_id][part.locator("img").get_attribute("src")]
        part.get_by_label(verdict, exact=True).check()
        if defect:
            part.locator("select").select_option(defect)
    expect(page.locator(".autosave-status.saved")).to_be_attached(timeout=5000)
    first.scroll_into_view_if_needed()
    screenshot(page, "attempt-inspection", viewport)
    page.reload()  # a dropped connection: the answers are still there
    reloaded = page.locator(f"#item-{item_id}")
    assert (
        reloaded.locator("input[type=radio]:checked").count()
        == reloaded.locator(".inspection-part").count()
    )
    page.get_by_role("button", name="Submit for grading").first.click()
    expect(page.locator(".result")).to_be_visible()
    expect(page.locator(".result")).to_contain_text("Score:")
    expect(
        page.get_by_text("Missed defects: 0 · false rejects: 0 · wrong defect names: 0").first
    ).to_be_visible()
    screenshot(page, "attempt-result", viewport)


def test_one_question_per_screen_on_a_phone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, "apprentice", "en")
    page.goto(f"{live_server}/en/modules/defects/quiz")
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("link", name="One question per screen").click()
    expect(page.locator("fieldset.item")).to_have_count(1)
    expect(page.locator(".progress-note")).to_have_text("Question 1 of 22")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Save and next").click()
    expect(page.locator(".progress-note")).to_have_text("Question 2 of 22")
    screenshot(page, "attempt-one-per-screen", ("phone", PHONE))
    context.close()


def test_assessor_signs_off_on_a_phone_and_the_learner_sees_it(
    browser: Browser, live_server: str
) -> None:
    learner_context = browser.new_context(viewport=PHONE)
    learner = learner_context.new_page()
    log_in(learner, live_server, "lt-learner", "en")
    learner.goto(f"{live_server}/en/modules/defects/quiz")
    learner.get_by_role("button", name="Start the assessment").click()
    learner.get_by_role("button", name="Submit for grading").first.click()
    expect(learner.locator(".result")).to_contain_text("Score: 0 %")
    learner.goto(f"{live_server}/en/modules/defects/tasks/visual-check")
    learner.get_by_role("button", name="I am ready to be assessed").click()
    expect(learner.locator(".state")).to_have_text("Ready for assessment")

    assessor_context = browser.new_context(viewport=PHONE)
    assessor = assessor_context.new_page()
    log_in(assessor, live_server, "lt-teacher", "en")
    assessor.goto(f"{live_server}/en/assess")
    assessor.get_by_role(
        "link", name=re.compile("Rūta Petrauskaitė: .*Visual check of moulded parts")
    ).click()
    for box in assessor.locator("form.checklist-form input[name=criteria]").all():
        box.check()
    assessor.get_by_label("Passed").first.check()
    assessor.get_by_label("Production line").first.check()
    assessor.locator("input[name=line_machine]").fill("Line 3, M12")
    screenshot(assessor, "assess-form", ("phone", PHONE))
    assessor.get_by_role("button", name="Record sign-off").click()
    expect(assessor.get_by_role("status")).to_have_text("The sign-off has been recorded.")
    expect(assessor.locator(".history li").first).to_contain_text("Line 3, M12")
    assessor_context.close()

    learner.goto(f"{live_server}/en/progress")
    row = learner.locator(
        "tr", has=learner.get_by_role("link", name="Defects in injection-moulded parts")
    )
    expect(
        row.first.get_by_role(
            "link", name="Visual check of moulded parts against limit samples"
        ).locator("xpath=..")
    ).to_contain_text("Passed")
    expect(row.first).to_contain_text("0 % Not passed yet")
    screenshot(learner, "progress", ("phone", PHONE))
    learner_context.close()
