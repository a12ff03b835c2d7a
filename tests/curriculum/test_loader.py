"""The curriculum check: every kind of bad input is reported with its file and line."""

import re
from pathlib import Path

import pytest

from lms.curriculum.loader import load_curriculum
from lms.curriculum.model import ItemType, SectionState, TaskPlace, Verdict
from lms.curriculum.sections import section_revision
from tests.curriculum.conftest import add_translation, edit, load_ok

HANDBOOK = "modules/alpha/en/handbook.md"
ITEMS = "modules/alpha/en/items.md"
TASK = "modules/alpha/en/tasks/sort-parts.md"


def test_the_valid_curriculum_loads_with_every_part(tiny: Path) -> None:
    curriculum, problems = load_ok(tiny)
    assert not problems.warnings
    module = curriculum.modules["alpha"]
    english = module.languages["en"]
    assert english.handbook.title == "Alpha handbook"
    assert [h.anchor for h in english.handbook.toc] == ["parts", "more"]
    assert [item.type for item in english.items.items] == [
        ItemType.single,
        ItemType.numeric,
        ItemType.inspection,
    ]
    numeric = english.items.items[1]
    assert (numeric.answer_number, numeric.tolerance, numeric.unit) == (25.0, 0.5, "s")
    inspection = english.items.items[2]
    assert [p.verdict for p in inspection.parts] == [Verdict.ok, Verdict.nok]
    assert (inspection.max_escapes, inspection.max_false_rejects) == (0, 1)
    task = english.tasks["sort-parts"]
    assert task.places == [TaskPlace.workshop, TaskPlace.line]
    assert [c.id for c in task.checklist] == ["c1", "c2"]
    assert "Uses the lamp." in task.checklist[0].html
    assert curriculum.programmes["basic"].validity_months == 24
    assert curriculum.glossary["en"]["flash"].text == "Flash"


def test_teacher_notes_are_removed_from_the_learner_view(tiny: Path) -> None:
    curriculum, _ = load_ok(tiny)
    handbook = curriculum.modules["alpha"].languages["en"].handbook
    assert "Secret teacher note" not in handbook.html
    assert "Secret teacher note" in handbook.teacher_html


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        pytest.param(
            TASK,
            "where: [workshop, line]",
            "where: [workshop, line",
            f"{TASK}:3: this YAML cannot be read",
            id="malformed-front-matter",
        ),
        pytest.param(
            TASK,
            "duration_minutes: 30\n---\n",
            "duration_minutes: 30\n",
            f"{TASK}:1: the front matter starts with ---",
            id="unclosed-front-matter",
        ),
        pytest.param(
            HANDBOOK,
            "::: safety Hot",
            "::: warning Hot",
            f"{HANDBOOK}:19: unknown block '::: warning'",
            id="unknown-block",
        ),
        pytest.param(
            ITEMS,
            "- [x] A fin",
            "- [ ] A fin",
            f"{ITEMS}:5: item 'pick' has no correct answer",
            id="no-correct-answer",
        ),
        pytest.param(
            ITEMS,
            "Answer: 25 ± 0.5 s\n",
            "",
            f"{ITEMS}:10: item 'cycle' has no correct answer",
            id="numeric-without-answer",
        ),
        pytest.param(
            ITEMS,
            "## cycle (numeric)",
            "## pick (numeric)",
            f"{ITEMS}:10: item id 'pick' is used twice",
            id="duplicate-item-id",
        ),
        pytest.param(
            ITEMS,
            "## cycle (numeric)",
            "## cycle (essay)",
            f"{ITEMS}:10: unknown item type 'essay'",
            id="unknown-item-type",
        ),
        pytest.param(
            ITEMS,
            "Feedback: A fin.\n",
            "",
            f"{ITEMS}:1: item 'pick' needs a 'Feedback:' paragraph",
            id="missing-feedback",
        ),
        pytest.param(
            ITEMS,
            "| NOK | flash |",
            "| NOK | |",
            f"{ITEMS}:25: a NOK part needs its defect",
            id="nok-without-defect",
        ),
        pytest.param(
            ITEMS,
            "Pass: escapes 0, false rejects 1",
            "Pass: few",
            f"{ITEMS}:29: write the pass rule",
            id="bad-pass-rule",
        ),
        pytest.param(
            HANDBOOK,
            "../media/part.svg",
            "../media/missing.svg",
            f"{HANDBOOK}:7: the picture '../media/missing.svg' points to a missing file",
            id="missing-image",
        ),
        pytest.param(
            HANDBOOK,
            "![A round part]",
            "![]",
            f"{HANDBOOK}:7: the picture '../media/part.svg' needs alt text",
            id="image-without-alt",
        ),
        pytest.param(
            HANDBOOK,
            "A [flash]",
            "<script>alert(1)</script>\n\nA [flash]",
            f"{HANDBOOK}:5: HTML is not allowed here",
            id="raw-html-block",
        ),
        pytest.param(
            HANDBOOK,
            "A [flash]",
            "A <b>bold</b> [flash]",
            f"{HANDBOOK}:5: HTML is not allowed here: '<b>'",
            id="raw-html-inline",
        ),
        pytest.param(
            HANDBOOK,
            "[below](#more)",
            "[below](javascript:alert(1))",
            f"{HANDBOOK}:5: unsafe or unknown link 'javascript:alert(1)'",
            id="javascript-link",
        ),
        pytest.param(
            HANDBOOK,
            "[below](#more)",
            "[below](&#106;aVaScRiPt:alert(1))",
            f"{HANDBOOK}:5: unsafe or unknown link 'jaVaScRiPt:alert(1)'",
            id="javascript-link-entity",
        ),
        pytest.param(
            HANDBOOK,
            "[below](#more)",
            "[below](<java\tscript:alert(1)>)",
            f"{HANDBOOK}:5: unsafe or unknown link",
            id="javascript-link-with-tab",
        ),
        pytest.param(
            HANDBOOK,
            "[below](#more)",
            "[below](data:text/html;base64,PHNjcmlwdD4=)",
            f"{HANDBOOK}:5: unsafe or unknown link 'data:",
            id="data-link",
        ),
        pytest.param(
            HANDBOOK,
            "[below](#more)",
            "[below](//evil.example)",
            f"{HANDBOOK}:5: unsafe or unknown link '//evil.example'",
            id="protocol-relative-link",
        ),
        pytest.param(
            HANDBOOK,
            "[below](#more)",
            "<javascript:alert(1)>",
            f"{HANDBOOK}:5: unsafe or unknown link",
            id="javascript-autolink",
        ),
        pytest.param(
            HANDBOOK,
            "![A round part](../media/part.svg)",
            "![A round part](data:image/svg+xml,<svg/>)",
            f"{HANDBOOK}:7: the picture",
            id="data-image",
        ),
        pytest.param(
            HANDBOOK,
            "[below](#more)",
            "[below](#nowhere)",
            f"{HANDBOOK}:5: the link '#nowhere' names no section",
            id="broken-anchor",
        ),
        pytest.param(
            HANDBOOK,
            "glossary:flash",
            "glossary:flesh",
            f"{HANDBOOK}:5: glossary term 'flesh' is not defined",
            id="unknown-glossary-term",
        ),
        pytest.param(
            HANDBOOK,
            "## More {#more}",
            "## More {#parts}",
            f"{HANDBOOK}:17: the heading id '{{#parts}}' is used twice",
            id="duplicate-heading-id",
        ),
        pytest.param(
            TASK,
            "## Evidence {#evidence}\nTally sheet.\n",
            "",
            f"{TASK}:5: the task has no 'evidence' section",
            id="task-missing-section",
        ),
        pytest.param(
            TASK,
            "where: [workshop, line]",
            "where: [garden]",
            f"{TASK}:2: unknown place 'garden'",
            id="task-unknown-place",
        ),
        pytest.param(
            "modules/alpha/module.yaml",
            "duration_hours: 4",
            "duration_hours: [4",
            "modules/alpha/module.yaml:6: this YAML cannot be read",
            id="broken-module-yaml",
        ),
        pytest.param(
            "modules/alpha/module.yaml",
            "competencies: [reading]",
            "competencies: [writing]",
            "modules/alpha/module.yaml:8: competency 'writing' is not in competencies.yaml",
            id="unknown-competency",
        ),
        pytest.param(
            "programmes/basic.yaml",
            "- module: alpha",
            "- module: omega",
            "programmes/basic.yaml:8: module 'omega' does not exist",
            id="programme-unknown-module",
        ),
        pytest.param(
            "programmes/basic.yaml",
            "required_tasks: [sort-parts]",
            "required_tasks: [dance]",
            "programmes/basic.yaml:8: module 'alpha' has no practical task 'dance'",
            id="programme-unknown-task",
        ),
        pytest.param(
            "modules/alpha/module.yaml",
            "eqf_level: 4\n",
            "eqf_level: 4\nassessment:\n  show_answers: never\n  max_attempts: 0\n",
            "modules/alpha/module.yaml:8: 'show_answers:' is after-submission or "
            "after-last-attempt",
            id="bad-assessment-settings",
        ),
        pytest.param(
            "programmes/basic.yaml",
            "pass_mark: 80",
            "pass_mark: 180",
            "programmes/basic.yaml:9: 'pass_mark:' is a percent",
            id="programme-bad-pass-mark",
        ),
    ],
)
def test_bad_input_is_reported_with_file_and_line(
    tiny: Path, messages, relative: str, old: str, new: str, expected: str
) -> None:
    edit(tiny, relative, old, new)
    found = messages(tiny)
    assert any(message.startswith(expected) for message in found), found


def test_duplicate_term_in_another_module_is_an_error(tiny: Path, messages) -> None:
    beta = tiny / "modules/beta"
    (beta / "en/tasks").mkdir(parents=True)
    for name in ("module.yaml", "en/teacher.md", "en/items.md", "en/tasks/sort-parts.md"):
        (beta / name).write_text((tiny / "modules/alpha" / name).read_text(), encoding="utf-8")
    (beta / "media").mkdir()
    (beta / "media/part.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (beta / "en/handbook.md").write_text("# Beta\n\n::: term flash Flash again\nFin.\n:::\n")
    found = messages(tiny)
    assert any(
        m.startswith("modules/beta/en/handbook.md:3: term 'flash' is defined twice") for m in found
    ), found


def test_translation_of_a_module_that_does_not_exist(tiny: Path, messages) -> None:
    ghost = tiny / "modules/ghost/lt/handbook.md"
    ghost.parent.mkdir(parents=True)
    ghost.write_text("# Vaiduoklis\n", encoding="utf-8")
    found = messages(tiny)
    assert any(
        m.startswith(
            "modules/ghost/lt/handbook.md:1: this is part of module 'ghost', which does not exist"
        )
        for m in found
    ), found


def test_translation_of_a_file_that_does_not_exist(tiny: Path, messages) -> None:
    path = tiny / "modules/alpha/lt/tasks/dance.md"
    path.parent.mkdir(parents=True)
    path.write_text('---\ntranslated_from:\n  _intro: "000000000000"\n---\n# Šokis\n', "utf-8")
    found = messages(tiny)
    assert any(
        m.startswith("modules/alpha/lt/tasks/dance.md:1: this translates 'en/tasks/dance.md'")
        for m in found
    )


def test_language_that_is_not_declared(tiny: Path, messages) -> None:
    path = tiny / "modules/alpha/de/handbook.md"
    path.parent.mkdir(parents=True)
    path.write_text("# Alpha\n", encoding="utf-8")
    found = messages(tiny)
    assert "modules/alpha/de/handbook.md:1: language 'de' is not in languages.yaml" in found


def test_missing_required_part(tiny: Path, messages) -> None:
    (tiny / "modules/alpha/en/teacher.md").unlink()
    found = messages(tiny)
    assert "modules/alpha/en/teacher.md:1: required part missing: teacher.md" in found


def test_translation_that_changes_the_answer_is_refused(tiny: Path, messages) -> None:
    source = (tiny / ITEMS).read_text(encoding="utf-8")
    changed = source.replace("- [ ] A dent", "- [x] Įduba").replace("- [x] A fin", "- [ ] Plėvelė")
    add_translation(tiny, "items.md", changed)
    found = messages(tiny)
    assert any(
        m.startswith(
            "modules/alpha/lt/items.md:7: the translation of item 'pick' changes its answer"
        )
        for m in found
    ), found


def test_an_item_not_yet_translated_is_shown_from_the_source(tiny: Path) -> None:
    """An item the English gained later must not break the translation: it falls back."""
    source = (tiny / ITEMS).read_text(encoding="utf-8")
    add_translation(tiny, "items.md", source.split("## cycle")[0].replace("A dent", "Įduba"))
    curriculum, problems = load_ok(tiny)
    assert not problems.errors
    lithuanian = curriculum.modules["alpha"].languages["lt"].items
    english = curriculum.modules["alpha"].languages["en"].items
    assert [item.id for item in lithuanian.items] == [item.id for item in english.items]
    pick, cycle, _inspect = lithuanian.items
    assert pick.fallback is None and "Įduba" in "".join(o.html for o in pick.options)
    assert cycle.fallback is SectionState.missing
    assert cycle.prompt_html == english.items[1].prompt_html
    assert lithuanian.doc.section_states["cycle"] is SectionState.missing


def test_translation_without_its_record_of_sources(tiny: Path, messages) -> None:
    path = tiny / "modules/alpha/lt/teacher.md"
    path.parent.mkdir(parents=True)
    path.write_text("# Mokytojui\n", encoding="utf-8")
    found = messages(tiny)
    assert any(
        m.startswith(
            "modules/alpha/lt/teacher.md:1: a translation starts with the revision of each "
            "source section it was made from: '---' / 'translated_from:' / '  _intro: \""
        )
        for m in found
    ), found


def test_section_without_a_record_names_the_revision_to_record(tiny: Path, messages) -> None:
    path = add_translation(tiny, "teacher.md", "# Mokytojui\n\n## Planas {#plan}\n\nMokyti.\n")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'  plan: "[0-9a-f]+"\n', "", text), encoding="utf-8")
    revision = section_revision(FILES_TEACHER.split("\n\n", 1)[1])
    assert (
        "modules/alpha/lt/teacher.md:7: section 'plan' has no entry under 'translated_from:'; "
        f"if it translates the current source, add 'plan: \"{revision}\"'"
    ) in messages(tiny)


def test_section_that_the_source_does_not_have(tiny: Path, messages) -> None:
    add_translation(tiny, "teacher.md", "# Mokytojui\n\n## Planas {#planas}\n\nMokyti.\n")
    assert any(
        m.startswith("modules/alpha/lt/teacher.md:8: section 'planas' is not in the source")
        for m in messages(tiny)
    ), messages(tiny)


def test_a_broken_revision_is_reported_where_it_is(tiny: Path, messages) -> None:
    path = add_translation(tiny, "teacher.md", "# Mokytojui\n")
    path.write_text(
        path.read_text(encoding="utf-8").replace('"', "").replace("_intro: ", "_intro: xyz"),
        encoding="utf-8",
    )
    assert any(
        m.startswith("modules/alpha/lt/teacher.md:3: section '_intro': a revision is 12 hex")
        for m in messages(tiny)
    ), messages(tiny)


def test_stale_section_is_a_warning_and_shown_from_the_source(tiny: Path, messages) -> None:
    add_translation(tiny, "teacher.md", "# Mokytojui\n\n## Planas {#plan}\n\nMokyti.\n")
    curriculum, problems = load_ok(tiny)
    assert not problems.warnings
    assert curriculum.modules["alpha"].languages["lt"].teacher.stale is False
    old = section_revision("## Plan {#plan}\n\nTeach it.")
    edit(tiny, "modules/alpha/en/teacher.md", "Teach it.", "Teach it well.")
    curriculum, problems = load_ok(tiny)
    new = section_revision("## Plan {#plan}\n\nTeach it well.")
    assert [w.format(relative_to=tiny) for w in problems.warnings] == [
        "modules/alpha/lt/teacher.md:8: warning: stale section 'plan': translated from source "
        f"revision {old}, the source is now at {new}"
    ]
    teacher = curriculum.modules["alpha"].languages["lt"].teacher
    assert teacher.stale is True
    assert teacher.section_states == {"_intro": SectionState.current, "plan": SectionState.stale}
    # The title stays translated; the stale section is the source's, under a notice.
    assert "Mokytojui" in teacher.teacher_html and "Mokyti" not in teacher.teacher_html
    assert '<section class="fallback" lang="en"><p class="notice notice-stale"' in (
        teacher.teacher_html
    )
    assert "Teach it well." in teacher.teacher_html
    assert [h.anchor for h in teacher.toc] == ["plan"]


def test_reflowing_a_paragraph_does_not_make_it_stale(tiny: Path) -> None:
    add_translation(tiny, "teacher.md", "# Mokytojui\n\n## Planas {#plan}\n\nMokyti.\n")
    edit(tiny, "modules/alpha/en/teacher.md", "Teach it.", "Teach\nit.  ")
    curriculum, problems = load_ok(tiny)
    assert not problems.warnings
    assert curriculum.modules["alpha"].languages["lt"].teacher.stale is False


def test_changed_answer_of_a_stale_item_is_not_an_error(tiny: Path) -> None:
    """When the source changes an answer, its translation goes stale instead of failing."""
    add_translation(tiny, "items.md", (tiny / ITEMS).read_text(encoding="utf-8"))
    edit(tiny, ITEMS, "Answer: 25 ± 0.5 s", "Answer: 30 ± 0.5 s")
    curriculum, _problems = load_ok(tiny)
    items = curriculum.modules["alpha"].languages["lt"].items
    assert items.doc.section_states["cycle"] is SectionState.stale
    assert items.items[1].fallback is SectionState.stale
    assert items.items[1].answer_number == 30.0


FILES_TEACHER = "# Alpha teacher\n\n## Plan {#plan}\n\nTeach it.\n"


def test_translated_checklist_must_keep_its_criteria(tiny: Path, messages) -> None:
    body = (
        "# Rūšiuoti\n\n## Tikslas {#goal}\nx\n\n## Įranga {#equipment}\nx\n\n"
        "## Sauga {#safety}\nx\n\n## Žingsniai {#steps}\n1. x\n\n"
        "## Kriterijai {#checklist}\n- [ ] Vienas.\n\n## Įrodymai {#evidence}\nx\n"
    )
    add_translation(tiny, "tasks/sort-parts.md", body)
    found = messages(tiny)
    assert (
        "modules/alpha/lt/tasks/sort-parts.md:1: the checklist has 1 criteria but the source "
        "has 2: translate each one, in the same order" in found
    )


def test_svg_with_script_is_refused(tiny: Path, messages) -> None:
    (tiny / "modules/alpha/media/bad.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<circle onload="alert(1)" r="1"/>\n</svg>\n'
    )
    found = messages(tiny)
    assert "modules/alpha/media/bad.svg:2: SVG pictures may not contain 'onload='" in found


def test_file_that_is_not_utf8(tiny: Path, messages) -> None:
    (tiny / "modules/alpha/en/teacher.md").write_bytes(b"# Caf\xe9\n")
    found = messages(tiny)
    assert any(
        m.startswith("modules/alpha/en/teacher.md:1: the file is not UTF-8 text") for m in found
    )


def test_prerequisites_in_a_circle(tiny: Path, messages) -> None:
    edit(tiny, "modules/alpha/module.yaml", "prerequisites: []", "prerequisites: [alpha]")
    found = messages(tiny)
    assert any("prerequisite 'alpha' is not another module" in m for m in found)


def test_missing_folder_and_languages(tmp_path: Path) -> None:
    curriculum, problems = load_curriculum(tmp_path / "nowhere")
    assert curriculum is None
    assert "the curriculum folder does not exist" in problems.errors[0].message
    (tmp_path / "empty").mkdir()
    curriculum, problems = load_curriculum(tmp_path / "empty")
    assert curriculum is None
    assert problems.errors[0].message.startswith("languages.yaml is missing")


def test_binary_garbage_never_crashes(tiny: Path) -> None:
    for relative in (HANDBOOK, ITEMS, TASK, "modules/alpha/module.yaml", "programmes/basic.yaml"):
        (tiny / relative).write_bytes(bytes(range(256)) * 4)
    _curriculum, problems = load_curriculum(tiny)
    assert problems.errors
    assert all(p.line >= 1 for p in problems.errors)
