"""``lms translations``: the status table and its exit code, export and import."""

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from typer.testing import CliRunner

from lms.cli import app
from tests.curriculum.conftest import add_translation

runner = CliRunner()


def test_status_of_the_shipped_curriculum_is_complete_and_exits_zero() -> None:
    result = runner.invoke(app, ["translations", "status"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["Language", "Module", "Sections", "Current", "Stale", "Missing"]
    for language in ("lt", "fi", "fr"):
        [total] = [
            line.split() for line in lines if line.startswith(f"{language} ") and "(all)" in line
        ]
        assert total[2] == total[3] and total[4:] == ["0", "0"], total
    assert lines[-1] == "Every language is complete and current."


def test_status_exits_one_and_lists_the_stale_section(shipped_copy: Path) -> None:
    path = shipped_copy / "modules/spc/en/handbook.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("SPC is not complicated", "SPC is not difficult", 1), "utf-8")
    result = runner.invoke(app, ["translations", "status", "--dir", str(shipped_copy)])
    assert result.exit_code == 1
    assert "Not complete and current: fi, fr, lt." in result.output
    one = runner.invoke(app, ["translations", "status", "--lang", "fi", "--dir", str(shipped_copy)])
    assert one.exit_code == 1
    assert "  stale    spc/handbook.md#_intro" in one.output.splitlines()
    assert "lt " not in one.output


def test_status_of_an_unknown_language() -> None:
    result = runner.invoke(app, ["translations", "status", "--lang", "xx"])
    assert result.exit_code == 2
    assert "'xx' is not a translated language (lt, fi, fr)." in result.output


def test_export_then_import_through_the_command(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_translation(tiny, "teacher.md", "# Mokytojui\n\n## Planas {#plan}\n\nMokyti.\n")
    po = tmp_path / "lt.po"
    result = runner.invoke(
        app, ["translations", "export", "--lang", "lt", "-o", str(po), "--dir", str(tiny)]
    )
    assert result.exit_code == 0, result.output
    catalog = read_po(io.BytesIO(po.read_bytes()))
    count = len([m for m in catalog if m.id])
    assert result.output == f"Wrote {count} section(s) to translate into {po}.\n"
    for message in catalog:
        if message.context == "alpha/handbook.md#more":
            message.string = "## Daugiau {#more}\n\n::: safety Karšta\nKarštos detalės.\n:::"
    out = io.BytesIO()
    write_po(out, catalog)
    po.write_bytes(out.getvalue())
    monkeypatch.chdir(tiny.parent)  # a relative folder, as a translator would type it
    result = runner.invoke(app, ["translations", "import", str(po), "--dir", tiny.name])
    assert result.exit_code == 0, result.output
    assert f"Imported 1 section(s) into 1 file(s) (lt); {count - 1} entr" in result.output
    assert "Daugiau" in (tiny / "modules/alpha/lt/handbook.md").read_text(encoding="utf-8")


def test_import_of_a_broken_file_says_why_and_changes_nothing(tiny: Path, tmp_path: Path) -> None:
    po = tmp_path / "lt.po"
    po.write_text('msgctxt "alpha/handbook.md#more"\nmsgid "## More {#more}"\nmsgstr "Daugiau"\n')
    result = runner.invoke(
        app, ["translations", "import", str(po), "--lang", "lt", "--dir", str(tiny)]
    )
    assert result.exit_code == 1
    assert f"{po}: line " in result.output
    assert "the section must start with its '## ' heading line" in result.output
    assert "Nothing was imported." in result.output
    assert not (tiny / "modules/alpha/lt").exists()
    missing = runner.invoke(app, ["translations", "import", str(tmp_path / "none.po")])
    assert missing.exit_code == 2 and "Cannot read" in missing.output
