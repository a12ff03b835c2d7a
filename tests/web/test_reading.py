"""Reading pages over HTTP: what each page shows, in which language, and what it hides."""

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lms.settings import Settings
from lms.web.app import create_app
from tests.conftest import CURRICULUM
from tests.helpers import anonymous, log_in_as

PAGES = [
    "/en/",
    "/en/programmes/operator",
    "/en/modules/defects",
    "/en/modules/defects/handbook",
    "/en/modules/defects/handbook/print",
    "/en/modules/defects/teacher",
    "/en/modules/defects/teacher/print",
    "/en/modules/defects/tasks",
    "/en/modules/defects/tasks/visual-check",
    "/en/modules/defects/tasks/visual-check/print",
    "/en/glossary",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("language", ["en", "lt"])
def test_every_page_renders_in_both_languages(client: TestClient, url: str, language: str) -> None:
    url = url.replace("/en/", f"/{language}/", 1)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{language}">' in response.text
    assert response.text.count("<h1") >= 1


def test_root_negotiates_the_language(client: TestClient) -> None:
    response = client.get(
        "/", headers={"Accept-Language": "lt-LT,lt;q=0.9,en;q=0.8"}, follow_redirects=False
    )
    assert response.status_code == 307
    assert response.headers["location"] == "/lt/"
    assert response.headers["vary"] == "Accept-Language"
    response = client.get("/", headers={"Accept-Language": "de, fr;q=0.5"}, follow_redirects=False)
    assert response.headers["location"] == "/fr/"
    response = client.get("/", headers={"Accept-Language": "de, pt;q=0.5"}, follow_redirects=False)
    assert response.headers["location"] == "/en/"


def test_language_switcher_keeps_the_page(client: TestClient) -> None:
    html = client.get("/en/modules/defects/tasks/visual-check").text
    assert 'href="/lt/modules/defects/tasks/visual-check" hreflang="lt"' in html
    assert (
        'href="/en/modules/defects/tasks/visual-check" hreflang="en" lang="en" aria-current="true"'
        in html
    )


def test_handbook_hides_teacher_notes_and_teacher_book_shows_them(client: TestClient) -> None:
    handbook = client.get("/en/modules/defects/handbook").text
    teacher = client.get("/en/modules/defects/teacher").text
    assert "block-teacher" not in handbook
    assert "block-teacher" in teacher
    assert "Content language: English" in handbook


def test_teacher_book_is_for_teachers_and_administrators(closed_client: TestClient, demo) -> None:
    for url in ("/en/modules/defects/teacher", "/en/modules/defects/teacher/print"):
        anonymous(closed_client)
        response = closed_client.get(url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"/en/login?next={url}"
        for login, status in (
            ("lt-learner", 403),
            ("fi-supervisor", 403),
            ("lt-teacher", 200),
            ("fi-admin", 200),
        ):
            log_in_as(closed_client, login)
            assert closed_client.get(url).status_code == status, (url, login)
    log_in_as(closed_client, "lt-learner")
    assert "/en/modules/defects/teacher" not in closed_client.get("/en/modules/defects").text
    log_in_as(closed_client, "lt-teacher")
    assert "/en/modules/defects/teacher" in closed_client.get("/en/modules/defects").text


def test_module_overview_lists_outcomes_and_contents(client: TestClient) -> None:
    html = client.get("/lt/modules/defects").text
    assert "Mokymosi rezultatai" in html
    assert "Liejinių defektai" in html
    assert html.count('href="/lt/modules/defects/tasks/') >= 2
    assert "16 val." in html


def test_task_print_has_checklist_and_signature_boxes(client: TestClient) -> None:
    html = client.get("/en/modules/defects/tasks/visual-check/print").text
    rows = re.findall(r"<tr><td>\d+</td>", html)
    assert len(rows) >= 3
    assert "Assessor&#39;s signature" in html or "Assessor's signature" in html


def test_glossary_lists_every_term_with_its_anchor(client: TestClient) -> None:
    html = client.get("/lt/glossary").text
    for term in ("short-shot", "flash", "sink-mark", "weld-line", "splay"):
        assert f'id="term-{term}"' in html


def test_unknown_things_are_404(client: TestClient) -> None:
    for url in (
        "/de/",
        "/en/programmes/none",
        "/en/modules/none",
        "/en/modules/none/handbook",
        "/en/modules/defects/tasks/none",
        "/en/modules/defects/tasks/none/print",
        "/media/defects/none.svg",
        "/media/defects/%2e%2e/module.yaml",
        "/media/none/cap-01.svg",
    ):
        assert client.get(url).status_code == 404, url


def test_media_is_served_with_a_sandbox(client: TestClient) -> None:
    response = client.get("/media/defects/cap-01.svg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert "sandbox" in response.headers["content-security-policy"]


@pytest.fixture
def partial_curriculum(tmp_path: Path) -> Path:
    """The shipped curriculum with one translation removed and one made stale."""
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    (root / "modules/defects/lt/teacher.md").unlink()
    handbook = root / "modules/defects/en/handbook.md"
    handbook.write_text(
        handbook.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8"
    )
    return root


def test_missing_and_stale_translations_show_a_notice(partial_curriculum: Path) -> None:
    app = create_app(
        Settings(curriculum_dir=partial_curriculum, teacher_book_public=True, access_log=False)
    )
    with TestClient(app) as client:
        teacher = client.get("/lt/modules/defects/teacher").text
        assert "Šis puslapis dar neišverstas" in teacher
        assert '<article class="prose prose-teacher" lang="en">' in teacher
        assert "Turinio kalba: English" in teacher
        handbook = client.get("/lt/modules/defects/handbook").text
        assert "Kai kurios šio puslapio dalys rodomos kalba „English“" in handbook
        assert '<article class="prose prose-handbook" lang="lt">' in handbook
        assert 'href="/en/modules/defects/handbook"' in handbook
        # Only the changed last section is shown in English, under its own notice.
        assert handbook.count('<section class="fallback" lang="en">') == 1
        fallback = handbook.split('<section class="fallback" lang="en">')[1].split("</section>")[0]
        assert "Šio skyriaus vertimas pasenęs" in fallback and "One more sentence." in fallback
        assert "One more sentence." not in handbook.split('<section class="fallback"')[0]
        english = client.get("/en/modules/defects/handbook").text
        assert 'class="notice' not in english


def test_authors_see_where_each_translation_stands(partial_curriculum: Path, demo) -> None:
    app = create_app(Settings(curriculum_dir=partial_curriculum, access_log=False))
    with TestClient(app) as client:
        log_in_as(client, "lt-teacher")
        page = client.get("/en/translations")
        assert page.status_code == 200
        text = page.text
        assert "Sections to translate" in text
        assert "<code>defects/teacher.md#_intro</code>" in text  # the removed file: missing
        assert "<code>defects/handbook.md#" in text  # the section the English changed: stale
        assert "Every language is complete and current." not in text


def test_the_shipped_translations_page_says_all_is_current(client: TestClient, demo) -> None:
    log_in_as(client, "fi-admin")
    text = client.get("/fi/translations").text
    assert "Kaikki kielet ovat valmiita ja ajan tasalla." in text
    modules = len(client.app.state.curriculum_store.get().modules)
    assert text.count(">Ajan tasalla</span>") == 3 * modules


def test_a_stale_quiz_item_is_shown_from_the_source_with_a_notice(tmp_path: Path, demo) -> None:
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    items = root / "modules/spc/en/items.md"
    text = items.read_text(encoding="utf-8")
    items.write_text(text.replace("Feedback: ", "Feedback: Think again. ", 1), "utf-8")
    app = create_app(Settings(curriculum_dir=root, access_log=False))
    with TestClient(app) as client:
        token = log_in_as(client, "lt-learner")
        started = client.post(
            "/lt/modules/spc/quiz/start", data={"csrf_token": token}, follow_redirects=True
        )
        assert started.status_code == 200
        page = started.text
        assert page.count("Šio skyriaus vertimas pasenęs") == 1
        notice_at = page.index("Šio skyriaus vertimas pasenęs")
        fieldset = page[
            page.rindex("<fieldset", 0, notice_at) : page.index("</fieldset>", notice_at)
        ]
        assert 'class="item-prompt" lang="en"' in fieldset


def test_a_term_of_a_stale_section_is_shown_from_the_source(tmp_path: Path) -> None:
    root = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, root)
    handbook = root / "modules/spc/en/handbook.md"
    text = handbook.read_text(encoding="utf-8")
    handbook.write_text(text.replace("nobody can single out", "no one can single out"), "utf-8")
    app = create_app(Settings(curriculum_dir=root, access_log=False))
    with TestClient(app) as client:
        glossary = client.get("/lt/glossary").text
        entry = glossary.split('id="term-common-cause"')[1].split("</div>")[0]
        assert 'lang="en"' in entry and "no one can single out" in entry
        assert "Vertimas pasenęs: rodoma kalba English" in entry
        # A term follows its section: the other term of the changed section falls back too,
        # a term of another section stays translated.
        special = glossary.split('id="term-special-cause"')[1].split("</div>")[0]
        assert 'lang="en"' in special
        limit = glossary.split('id="term-control-limit"')[1].split("</div>")[0]
        assert 'lang="lt"' in limit and "Dar neišversta" not in limit
