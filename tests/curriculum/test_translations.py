"""Drift per section, the status table, and the translators' PO round trip."""

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from lms.curriculum.loader import load_curriculum
from lms.curriculum.model import Curriculum, SectionState
from lms.curriculum.translations import (
    ImportFailed,
    SectionRef,
    export_po,
    import_po,
    status,
    structure_problems,
)
from tests.curriculum.conftest import add_translation, edit, load_ok

ENGLISH_HANDBOOK = "modules/spc/en/handbook.md"
TEACHER = "# Mokytojui\n\n## Planas {#plan}\n\nMokyti.\n"


def not_current(curriculum: Curriculum) -> dict[str, list[str]]:
    """Language -> every section that is not current, as 'module/file#key state'."""
    found: dict[str, list[str]] = {}
    for row in status(curriculum):
        found.setdefault(row.language, [])
        found[row.language] += [f"{ref.context} stale" for ref in row.stale]
        found[row.language] += [f"{ref.context} missing" for ref in row.missing]
    return found


def test_the_shipped_translations_are_complete_and_current() -> None:
    from tests.conftest import CURRICULUM

    curriculum, _problems = load_ok(CURRICULUM)
    rows = status(curriculum)
    assert {row.language for row in rows} == {"lt", "fi", "fr"}
    assert all(row.complete and row.total > 0 for row in rows), [
        row for row in rows if not row.complete
    ]


def test_an_edited_english_paragraph_makes_exactly_its_sections_stale(shipped_copy: Path) -> None:
    edit(
        shipped_copy,
        ENGLISH_HANDBOOK,
        "No two parts are exactly the same.",
        "No two parts are ever exactly the same.",
    )
    edit(
        shipped_copy,
        "modules/defects/en/items.md",
        "Feedback: ",
        "Feedback: Read the question again. ",
    )
    curriculum, problems = load_ok(shipped_copy)
    first_item = next(iter(curriculum.modules["defects"].languages["en"].items.items)).id
    expected = [
        f"defects/items.md#{first_item} stale",
        "spc/handbook.md#variation stale",
    ]
    assert {language: sorted(found) for language, found in not_current(curriculum).items()} == {
        "lt": expected,
        "fi": expected,
        "fr": expected,
    }
    assert len(problems.warnings) == 6
    lithuanian = curriculum.modules["spc"].languages["lt"].handbook
    # The stale section is the new English under a notice; its neighbours stay Lithuanian.
    fallback = lithuanian.html.split('<section class="fallback" lang="en">')[1]
    fallback = fallback.split("</section>")[0]
    assert "No two parts are ever exactly the same." in fallback
    assert "notice-stale" in fallback
    assert lithuanian.html.count('<section class="fallback"') == 1
    assert "Statistinis procesų valdymas" in lithuanian.html
    item = curriculum.modules["defects"].languages["fi"].items.items[0]
    assert item.fallback is SectionState.stale and "Read the question again." in (
        item.feedback_html
    )


def test_each_language_shows_its_own_figures() -> None:
    from tests.conftest import CURRICULUM

    curriculum, _problems = load_ok(CURRICULUM)
    spc = curriculum.modules["spc"].languages
    for language in ("lt", "fi", "fr"):
        assert f'src="/media/spc/{language}/xbar-r-chart.svg"' in spc[language].handbook.html
        assert 'src="/media/spc/xbar-r-chart.svg"' not in spc[language].handbook.html
    assert 'src="/media/spc/xbar-r-chart.svg"' in spc["en"].handbook.html


def test_a_translated_figure_needs_its_original(tiny: Path, messages) -> None:
    ghost = tiny / "modules/alpha/media/lt/ghost.svg"
    ghost.parent.mkdir()
    ghost.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert (
        "modules/alpha/media/lt/ghost.svg:1: this translates media/ghost.svg, which does not exist"
        in messages(tiny)
    )


# --- the PO round trip, on the small curriculum -------------------------------------------


def _translate(data: bytes, change: dict[str, str]) -> bytes:
    """Fill in the PO entries named by context; the rest stay as exported."""
    catalog = read_po(io.BytesIO(data))
    for message in catalog:
        if message.id and message.context in change:
            message.string = change[message.context]
            message.flags.discard("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


@pytest.fixture
def half_translated(tiny: Path) -> Path:
    """Lithuanian teacher's book with its 'plan' section stale; no other file translated."""
    add_translation(tiny, "teacher.md", TEACHER)
    edit(tiny, "modules/alpha/en/teacher.md", "Teach it.", "Teach it well.")
    return tiny


def test_export_lists_stale_and_missing_sections(half_translated: Path) -> None:
    curriculum, _problems = load_ok(half_translated)
    data = export_po(curriculum, "lt")
    catalog = read_po(io.BytesIO(data))
    entries = {message.context: message for message in catalog if message.id}
    plan = entries["alpha/teacher.md#plan"]
    assert plan.id == "## Plan {#plan}\n\nTeach it well."
    assert plan.string == "## Planas {#plan}\n\nMokyti."
    assert plan.fuzzy
    assert b"python-brace-format" not in data  # {#id} is not a format string
    assert "alpha/teacher.md#_intro" not in entries  # current: not asked for again
    assert entries["alpha/handbook.md#parts"].string == ""
    assert not entries["alpha/handbook.md#parts"].fuzzy
    assert "alpha/items.md#pick" in entries and "alpha/tasks/sort-parts.md#checklist" in entries
    assert str(catalog.locale) == "lt"
    only = read_po(io.BytesIO(export_po(curriculum, "lt", "alpha")))
    assert len([m for m in only if m.id]) == len(entries)


def test_import_round_trip_makes_the_language_current(half_translated: Path) -> None:
    curriculum, _problems = load_ok(half_translated)
    data = export_po(curriculum, "lt")
    translated = _translate(data, {"alpha/teacher.md#plan": "## Planas {#plan}\n\nGerai mokyti."})
    result = import_po(half_translated, translated)
    assert result.sections == 1 and result.language == "lt"
    assert result.written == [half_translated / "modules/alpha/lt/teacher.md"]
    assert result.skipped == len([m for m in read_po(io.BytesIO(data)) if m.id]) - 1
    curriculum, problems = load_ok(half_translated)
    teacher = curriculum.modules["alpha"].languages["lt"].teacher
    assert not problems.warnings
    assert teacher.section_states == {"_intro": SectionState.current, "plan": SectionState.current}
    assert "Gerai mokyti." in teacher.teacher_html and "fallback" not in teacher.teacher_html
    before = (half_translated / "modules/alpha/lt/teacher.md").read_bytes()
    import_po(half_translated, translated)
    assert (half_translated / "modules/alpha/lt/teacher.md").read_bytes() == before


def test_import_adds_a_missing_file_in_source_order(half_translated: Path) -> None:
    curriculum, _problems = load_ok(half_translated)
    data = _translate(
        export_po(curriculum, "lt"),
        {
            "alpha/handbook.md#more": "## Daugiau {#more}\n\n::: safety Karšta\nKarštos.\n:::",
            "alpha/handbook.md#_intro": "# Alfa vadovas\n\nĮvadas.",
        },
    )
    import_po(half_translated, data)
    curriculum, _problems = load_ok(half_translated)
    handbook = curriculum.modules["alpha"].languages["lt"].handbook
    assert handbook.section_states["parts"] is SectionState.missing
    assert handbook.section_states["more"] is SectionState.current
    assert [h.anchor for h in handbook.toc] == ["parts", "more"]
    assert handbook.title == "Alfa vadovas"
    text = (half_translated / "modules/alpha/lt/handbook.md").read_text(encoding="utf-8")
    assert text.index("# Alfa vadovas") < text.index("## Daugiau")


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("## Planas {#planas}\n\nMokyti.", "the heading must keep the id 'plan'"),
        ("Mokyti.", "the section must start with its '## ' heading line"),
        ("## Planas {#plan}\n\nMokyti.\n\n## Kita {#kita}\n\nx", "only one '## ' heading"),
        ("## Planas {#plan}\n\n[x](module:alpha) Mokyti.", "is not in the source"),
        ("## Planas {#plan}\n\n::: tip\nMokyti.\n:::", "the ':::' blocks must stay the same"),
    ],
)
def test_import_refuses_a_broken_section_and_writes_nothing(
    half_translated: Path, translation: str, problem: str
) -> None:
    curriculum, _problems = load_ok(half_translated)
    data = _translate(export_po(curriculum, "lt"), {"alpha/teacher.md#plan": translation})
    before = (half_translated / "modules/alpha/lt/teacher.md").read_bytes()
    with pytest.raises(ImportFailed) as failed:
        import_po(half_translated, data)
    found = failed.value.problems
    assert all(m.startswith("line ") and "(alpha/teacher.md#plan): " in m for m in found)
    assert any(problem in m for m in found), found
    # The line is the entry's place in the PO file, so a translator's editor can jump to it.
    line = int(found[0].split()[1])
    entry = "\n".join(data.decode().split("\n")[line - 6 : line + 1])
    assert 'msgctxt "alpha/teacher.md#plan"' in entry
    assert (half_translated / "modules/alpha/lt/teacher.md").read_bytes() == before


def test_import_refuses_a_changed_answer_found_by_the_whole_check(half_translated: Path) -> None:
    curriculum, _problems = load_ok(half_translated)
    data = export_po(curriculum, "lt")
    pick = next(m for m in read_po(io.BytesIO(data)) if m.context == "alpha/items.md#pick")
    wrong = str(pick.id).replace("- [ ] A dent", "- [x] Įduba").replace("- [x] A fin", "- [ ] X")
    with pytest.raises(ImportFailed) as failed:
        import_po(half_translated, _translate(data, {"alpha/items.md#pick": wrong}))
    assert any(
        "(alpha/items.md#pick): the translation of item 'pick' changes its answer" in problem
        for problem in failed.value.problems
    ), failed.value.problems
    assert not (half_translated / "modules/alpha/lt/items.md").exists()


def test_import_refuses_what_is_not_a_po_file_or_names_no_section(half_translated: Path) -> None:
    with pytest.raises(ImportFailed, match="not a valid PO file"):
        import_po(half_translated, b'msgid "a"\nmsgstr "b"\nmsgid\n')
    curriculum, _problems = load_ok(half_translated)
    data = export_po(curriculum, "lt").replace(b"alpha/teacher.md#plan", b"alpha/nothing.md#plan")
    data = _translate(data, {"alpha/nothing.md#plan": "## Planas {#plan}\n\nMokyti."})
    with pytest.raises(ImportFailed, match="no such section in the curriculum"):
        import_po(half_translated, data)
    with pytest.raises(ImportFailed, match="is for language 'lt', not 'fi'"):
        import_po(half_translated, export_po(curriculum, "lt"), "fi")


def test_the_section_changed_again_after_export_stays_stale(half_translated: Path) -> None:
    curriculum, _problems = load_ok(half_translated)
    data = _translate(
        export_po(curriculum, "lt"), {"alpha/teacher.md#plan": "## Planas {#plan}\n\nGerai."}
    )
    edit(half_translated, "modules/alpha/en/teacher.md", "Teach it well.", "Teach it very well.")
    result = import_po(half_translated, data)
    assert result.warnings and "stays stale" in result.warnings[0]
    curriculum, _problems = load_curriculum(half_translated)
    teacher = curriculum.modules["alpha"].languages["lt"].teacher
    assert teacher.section_states["plan"] is SectionState.stale


def test_structure_check_keeps_pictures_and_term_ids() -> None:
    source = "## A {#a}\n\n![Part](../media/part.svg)\n\n::: term flash Flash\nx\n:::"
    assert structure_problems("a", source, source.replace("Part", "Detalė")) == []
    assert structure_problems("a", source, source.replace("part.svg", "dalis.svg")) == [
        "the link or picture '../media/part.svg' of the source is missing",
        "the link or picture '../media/dalis.svg' is not in the source",
    ]
    assert structure_problems("a", source, source.replace("term flash", "term plyta")) != []


def test_section_refs_read_back_from_their_context() -> None:
    ref = SectionRef("spc", "tasks/control-limits.md", "checklist")
    assert SectionRef.parse(ref.context) == ref
    assert SectionRef.parse("nonsense") is None
