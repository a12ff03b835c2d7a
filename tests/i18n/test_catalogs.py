"""UI catalogs: the template matches the code, and every shipped catalog is complete."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from lms import PROJECT_ROOT
from lms.i18n import format_number, gettext_for, negotiate, ui_languages

TRANSLATIONS = PROJECT_ROOT / "translations"


def test_message_template_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            "-F",
            str(TRANSLATIONS / "babel.cfg"),
            "-k",
            "N_",
            "-o",
            str(fresh),
            "--no-location",
            "--omit-header",
            "--sort-output",
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )
    with fresh.open("rb") as new, (TRANSLATIONS / "messages.pot").open("rb") as old:
        assert {m.id for m in read_po(new)} == {m.id for m in read_po(old)}, "run 'make messages'"


def test_every_shipped_catalog_is_complete_and_not_fuzzy() -> None:
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    catalogs = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    assert catalogs, "at least one catalog ships"
    for path in catalogs:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        have = {m.id for m in catalog if m.id}
        assert wanted == have, f"{path}: out of date, run 'make messages'"
        for message in catalog:
            if not message.id:
                continue
            assert "fuzzy" not in message.flags, f"{path}: fuzzy {message.id!r}"
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), f"{path}: untranslated {message.id!r}"
            for placeholder in ("%(language)s", "%(source)s", "%(num)d", "%(code)d", "%(minutes)d"):
                source = message.id if isinstance(message.id, str) else message.id[0]
                if placeholder in source:
                    assert all(placeholder in s for s in strings), (
                        f"{path}: {placeholder} lost in {source!r}"
                    )


def test_lithuanian_is_a_ui_language_with_plurals() -> None:
    assert {"en", "lt"} <= ui_languages()
    translate = gettext_for("lt")
    assert translate("Programmes") == "Programos"
    from lms.i18n import translations_for

    lt = translations_for("lt")
    assert lt.ngettext("%(num)d module", "%(num)d modules", 1) % {"num": 1} == "1 modulis"
    assert lt.ngettext("%(num)d module", "%(num)d modules", 5) % {"num": 5} == "5 moduliai"
    assert lt.ngettext("%(num)d module", "%(num)d modules", 10) % {"num": 10} == "10 modulių"


def test_numbers_are_written_the_way_each_country_does() -> None:
    assert format_number(0.5, "lt") == "0,5"
    assert format_number(0.5, "en") == "0.5"
    assert format_number(1234.5, "fr").replace("\u202f", " ") == "1 234,5"


def test_negotiation_follows_quality_values() -> None:
    available = ["en", "lt"]
    assert negotiate("lt-LT,en;q=0.5", available, "en") == "lt"
    assert negotiate("en;q=0.2, lt;q=0.9", available, "en") == "lt"
    assert negotiate("fi, de", available, "en") == "en"
    assert negotiate("lt;q=0", available, "en") == "en"
    assert negotiate("", available, "en") == "en"
    assert negotiate("lt;q=abc", available, "en") == "en"
