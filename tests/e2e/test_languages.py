"""The whole learner path (read, assessment, progress) in each shipped language, in Chromium,
with a check that no English interface text is left on those pages."""

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from lms.settings import get_settings
from tests.conftest import shipped
from tests.e2e.conftest import screenshot
from tests.e2e.test_accounts import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]

#: A module per language and screen, so that attempts of one run never limit another's.
MODULES = {
    ("en", "phone"): "materials",
    ("en", "desktop"): "measurement",
    ("lt", "phone"): "injection-moulding",
    ("lt", "desktop"): "extrusion",
    ("fi", "phone"): "moulds-auxiliaries",
    ("fi", "desktop"): "environment",
    ("fr", "phone"): "digital-teamwork",
    ("fr", "desktop"): "robot-safety",
}
SUBMIT = {
    "en": "Submit for grading",
    "lt": "Pateikti vertinti",
    "fi": "Lähetä arvioitavaksi",
    "fr": "Envoyer pour correction",
}
_PLACEHOLDER = re.compile(r"%\(|%[sd]|\{")


@cache
def english_left_behind(language: str) -> list[re.Pattern[str]]:
    """Each interface text that is not the same in English and ``language``, as a whole-word
    pattern; one-word texts only from 5 letters, so short shared words do not count."""
    path = get_settings().translations_dir / language / "LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        english = message.id[0] if isinstance(message.id, tuple) else message.id
        string = message.string[0] if isinstance(message.string, tuple) else message.string
        # An untranslated text (empty) counts; one that is the same in both languages not.
        if not english or string == english or _PLACEHOLDER.search(english):
            continue
        if " " not in english and len(english) < 5:
            continue
        found.append(re.compile(r"(?<!\w)" + re.escape(english) + r"(?!\w)"))
    return found


def assert_no_english(page: Page, language: str) -> None:
    """No interface text on the page is left in English."""
    if language == "en":
        return
    # Curriculum content carries its own lang attribute (and is checked for fallbacks
    # elsewhere); so do the language names of the switcher. The interface is what is left.
    text = page.evaluate(
        """() => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll('[lang]').forEach(node => node.remove());
            return body.innerText;
        }"""
    )
    left = [p.pattern for p in english_left_behind(language) if p.search(text)]
    assert not left, f"{page.url}: English interface text left: {left}"


def test_learner_reads_takes_the_assessment_and_sees_progress(
    page: Page, live_server: str, viewport
) -> None:
    screen = viewport[0]
    curriculum, _problems = shipped()
    for language in ("en", "lt", "fi", "fr"):
        module = MODULES[(language, screen)]
        page.context.clear_cookies()
        log_in(page, live_server, "apprentice", language)
        base = f"{live_server}/{language}/modules/{module}"

        page.goto(f"{base}/handbook")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator(f'article.prose[lang="{language}"]')).to_be_visible()
        assert page.locator("section.fallback, .notice-missing, .notice-stale").count() == 0
        figure = page.locator("article.prose img").first
        if language != "en" and figure.count():
            assert f"/{language}/" in (figure.get_attribute("src") or "")
        assert_no_english(page, language)
        screenshot(page, f"path-{language}-handbook", viewport)

        page.goto(f"{base}/quiz")
        assert_no_english(page, language)
        page.locator("form button.primary").first.click()
        expect(page).to_have_url(re.compile(rf"/{language}/attempts/\d+$"))
        assert page.locator("fieldset.item .notice").count() == 0
        assert_no_english(page, language)
        first = page.locator("fieldset.item").first
        choice = first.locator("input[type=radio], input[type=checkbox]").first
        if choice.count():
            choice.check()
        page.get_by_role("button", name=SUBMIT[language]).first.click()
        expect(page.locator(".result")).to_be_visible()
        assert_no_english(page, language)
        screenshot(page, f"path-{language}-result", viewport)

        page.goto(f"{live_server}/{language}/progress")
        title = curriculum.modules[module].title[language]
        row = page.locator(".progress-table tr", has_text=title).first
        expect(row).to_contain_text("%")  # the graded attempt's score, in this language
        assert_no_english(page, language)
        screenshot(page, f"path-{language}-progress", viewport)


def test_author_sees_every_language_complete(page: Page, live_server: str, viewport) -> None:
    log_in(page, live_server, "fi-teacher", "fi")
    page.goto(f"{live_server}/fi/home")
    page.get_by_role("link", name="Käännökset: mikä on valmis, vanhentunut tai puuttuu").click()
    expect(page).to_have_url(f"{live_server}/fi/translations")
    expect(page.get_by_text("Kaikki kielet ovat valmiita ja ajan tasalla.")).to_be_visible()
    rows = page.locator(".translations-table tbody tr")
    expect(rows).to_have_count(11)
    expect(rows.first.locator("td")).to_have_count(3)
    assert_no_english(page, "fi")
    screenshot(page, "translations", viewport)
