"""The shipped curriculum: clean, and the sample module shows every element of the format."""

import re

from lms.curriculum.loader import load_curriculum
from lms.curriculum.model import ItemType
from tests.conftest import CURRICULUM


def _load():
    curriculum, problems = load_curriculum(CURRICULUM)
    assert curriculum is not None
    return curriculum, problems


def test_shipped_curriculum_has_no_errors_and_no_warnings() -> None:
    _curriculum, problems = _load()
    assert [p.format() for p in problems.items] == []


def test_sample_module_uses_every_element_in_english_and_lithuanian() -> None:
    curriculum, _ = _load()
    module = curriculum.modules["defects"]
    assert set(module.languages) == {"en", "lt"}
    for language in ("en", "lt"):
        part = module.languages[language]
        assert part.handbook and part.teacher and part.items, language
        assert not part.handbook.stale and not part.teacher.stale, language
        html = part.handbook.teacher_html
        for kind in ("safety", "tip", "teacher", "example", "term"):
            assert f"block-{kind}" in html, (language, kind)
        assert "<table>" in html and "<img " in html and 'class="term-link"' in html
        assert {item.type for item in part.items.items} == set(ItemType), language
        assert len(part.tasks) >= 2, language
        assert all(len(task.checklist) >= 3 for task in part.tasks.values())
        assert module.title.get(language)
        assert all(language in outcome.text for outcome in module.outcomes)


def test_sample_handbook_is_substantial() -> None:
    curriculum, _ = _load()
    english = curriculum.modules["defects"].languages["en"]
    words = len(re.sub(r"<[^>]+>", " ", english.handbook.html).split())
    assert words >= 2000, words
    assert len(english.items.items) >= 12


def test_every_picture_has_alt_text_and_exists() -> None:
    curriculum, _ = _load()
    for module in curriculum.modules.values():
        media = module.path / "media"
        for part in module.languages.values():
            docs = [part.handbook, part.teacher, *(t.doc for t in part.tasks.values())]
            for doc in filter(None, docs):
                for alt in re.findall(r'<img src="[^"]*" alt="([^"]*)"', doc.teacher_html):
                    assert alt.strip()
                for src in re.findall(r'<img src="/media/[^/]+/([^"]+)"', doc.teacher_html):
                    assert (media / src).is_file(), src
                assert 'alt=""' not in doc.teacher_html
