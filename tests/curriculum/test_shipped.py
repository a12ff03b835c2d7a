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


def test_sample_module_uses_every_element_in_every_language() -> None:
    curriculum, _ = _load()
    module = curriculum.modules["defects"]
    assert set(module.languages) == set(curriculum.languages) == {"en", "lt", "fi", "fr"}
    for language in module.languages:
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


OPERATOR_MODULES = [
    "materials",
    "injection-moulding",
    "extrusion",
    "moulds-auxiliaries",
    "defects",
    "measurement",
    "spc",
    "optical-inspection",
    "robot-safety",
    "environment",
    "digital-teamwork",
]


def _words(html: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", html).split())


def test_the_operator_programme_has_every_module_complete_in_english() -> None:
    curriculum, _ = _load()
    operator = curriculum.programmes["operator"]
    assert [entry.module_id for entry in operator.modules] == OPERATOR_MODULES
    for module_id in OPERATOR_MODULES:
        english = curriculum.modules[module_id].languages["en"]
        assert _words(english.handbook.html) >= 2000, module_id
        assert _words(english.teacher.teacher_html) >= 1000, module_id
        teacher_text = english.teacher.teacher_html.lower()
        assert "<table>" in teacher_text, f"{module_id}: the lesson plan is a table with timing"
        assert "workshop" in teacher_text and "line" in teacher_text, module_id
        assert len(english.tasks) >= 2, module_id
        for task in english.tasks.values():
            assert len(task.checklist) >= 4, (module_id, task.id)
            assert "block-safety" in task.doc.html, (module_id, task.id)
        items = english.items.items
        assert len(items) >= 12, module_id
        assert len({item.type for item in items}) >= 4, module_id
        assert all(item.feedback_html.strip() for item in items), module_id
        assert curriculum.modules[module_id].outcomes and curriculum.modules[module_id].competencies


def test_the_requalification_pathway() -> None:
    curriculum, _ = _load()
    pathway = curriculum.programmes["requalification"]
    assert pathway.validity_months == 24
    assert [e.module_id for e in pathway.modules] == [
        "defects",
        "measurement",
        "spc",
        "optical-inspection",
        "robot-safety",
    ]
    inspection = next(e for e in pathway.modules if e.module_id == "optical-inspection")
    assert "capstone-inspection-cell" in inspection.required_tasks
    capstone = (
        curriculum.modules["optical-inspection"].languages["en"].tasks["capstone-inspection-cell"]
    )
    assert [p.value for p in capstone.places] == ["line"]
    inspection_items = [
        item
        for e in pathway.modules
        for item in curriculum.modules[e.module_id].languages["en"].items.items
        if item.type is ItemType.inspection
    ]
    assert len(inspection_items) >= 4
    defect_types = {part.defect for item in inspection_items for part in item.parts if part.defect}
    assert len(defect_types) >= 6


def test_glossary_terms_are_defined_once_and_used() -> None:
    curriculum, _ = _load()
    terms = curriculum.glossary["en"]
    assert len(terms) >= 100
    linked = set()
    for module in curriculum.modules.values():
        for part in module.languages.values():
            for doc in filter(None, [part.handbook, part.teacher]):
                linked.update(re.findall(r'/glossary#term-([a-z0-9-]+)"', doc.html))
    assert len(linked) >= 40, "the text links to its glossary"
