"""The lms command: plain output, exit codes, never a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lms.cli import app
from tests.conftest import shipped
from tests.curriculum.conftest import write_curriculum

runner = CliRunner()


def test_check_of_the_shipped_curriculum_prints_a_summary() -> None:
    result = runner.invoke(app, ["curriculum", "check"])
    assert result.exit_code == 0, result.output
    curriculum, _ = shipped()
    assert result.output.startswith(
        f"Curriculum OK: {len(curriculum.programmes)} programme(s), "
        f"{len(curriculum.modules)} module(s), languages: {', '.join(curriculum.languages)};"
    )
    assert "0 warning(s)" in result.output


def test_check_lists_revisions_for_translators() -> None:
    result = runner.invoke(app, ["curriculum", "check", "--revisions"])
    assert result.exit_code == 0
    curriculum, _ = shipped()
    handbook = curriculum.modules["defects"].languages["en"].handbook
    for key, revision in handbook.sections.items():
        assert f"{revision}  defects/handbook.md#{key}" in result.output.splitlines()


def test_check_of_a_broken_curriculum_prints_path_line_and_no_traceback(tmp_path: Path) -> None:
    root = write_curriculum(tmp_path / "broken")
    items = root / "modules/alpha/en/items.md"
    items.write_text(items.read_text().replace("- [x] A fin", "- [ ] A fin"))
    handbook = root / "modules/alpha/en/handbook.md"
    handbook.write_text(handbook.read_text().replace("::: safety Hot", "::: danger Hot"))
    # A real process: what an author sees in the terminal.
    result = subprocess.run(
        [sys.executable, "-m", "lms", "curriculum", "check", str(root)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert (
        "broken/modules/alpha/en/handbook.md:19: unknown block '::: danger': "
        "use one of safety, tip, teacher, example, term" in lines
    )
    assert (
        "broken/modules/alpha/en/items.md:5: item 'pick' has no correct answer: "
        "mark one option with [x]" in lines
    )
    assert "The curriculum has 2 error(s) and 0 warning(s)." in result.stderr


def test_check_of_a_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["curriculum", "check", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "the curriculum folder does not exist" in result.output


@pytest.mark.usefixtures("clean_db")
def test_demo_is_safe_to_run_twice() -> None:
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert "Created: Nemunas Vocational School" in first.output
    assert "Demo accounts: 10 created, 0 already there (password: upskill-demo)." in first.output
    modules = len(shipped()[0].modules)
    assert f"Curriculum: {modules} new module version(s) recorded." in first.output
    second = runner.invoke(app, ["demo"])
    assert second.exit_code == 0
    assert "Already there: Nemunas Vocational School" in second.output
    assert "Curriculum: 0 new module version(s) recorded." in second.output
    assert "Demo accounts: 0 created, 10 already there" in second.output
    from lms.accounts.repository import list_organisations
    from lms.db import transaction

    with transaction(write=False) as session:
        assert [o.slug for o in list_organisations(session)] == [
            "nemunas-vocational-school",
            "pohjola-plastics",
        ]


@pytest.mark.usefixtures("clean_db")
def test_curriculum_load_records_versions_once() -> None:
    assert (
        runner.invoke(app, ["curriculum", "load"]).output.strip()
        == f"Curriculum loaded: {len(shipped()[0].modules)} new module version(s)."
    )
    assert (
        runner.invoke(app, ["curriculum", "load"]).output.strip()
        == "Curriculum loaded: 0 new module version(s)."
    )


def test_load_refuses_a_broken_curriculum(tmp_path: Path) -> None:
    root = write_curriculum(tmp_path / "c")
    (root / "modules/alpha/en/teacher.md").unlink()
    result = runner.invoke(app, ["curriculum", "load", str(root)])
    assert result.exit_code == 1
    assert "required part missing: teacher.md" in result.output


def test_serve_refuses_default_secret_in_production() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lms", "serve", "--port", "1"],
        capture_output=True,
        text=True,
        env={
            "LMS_ENVIRONMENT": "production",
            "PATH": "/usr/bin:/bin",
            "LMS_DATABASE_URL": "sqlite:///:memory:",
        },
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Refusing to start: LMS_SECRET_KEY is not set" in result.stderr


def test_serve_refuses_an_invalid_curriculum(tmp_path: Path) -> None:
    root = write_curriculum(tmp_path / "c")
    (root / "modules/alpha/en/items.md").write_text(
        "## x (single)\n\nQ?\n\n- [ ] a\n- [ ] b\n\nFeedback: f\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "lms", "serve", "--port", "1"],
        capture_output=True,
        text=True,
        env={
            "LMS_CURRICULUM_DIR": str(root),
            "PATH": "/usr/bin:/bin",
            "LMS_DATABASE_URL": "sqlite:///:memory:",
        },
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "items.md:5: item 'x' has no correct answer" in result.stderr
    assert "Refusing to start: the curriculum has errors." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [[], ["db"], ["curriculum"], ["db", "upgrade"], ["curriculum", "check"], ["demo"], ["serve"]],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


@pytest.mark.usefixtures("clean_db")
def test_orgs_and_users_are_created_from_the_command_line() -> None:
    result = runner.invoke(
        app,
        [
            "orgs",
            "create",
            "--slug",
            "kaunas-school",
            "--name",
            "Kaunas School",
            "--kind",
            "school",
            "--country",
            "lt",
            "--language",
            "lt",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Created organisation Kaunas School (kaunas-school)." in result.output
    again = runner.invoke(
        app,
        [
            "orgs",
            "create",
            "--slug",
            "kaunas-school",
            "--name",
            "X",
            "--kind",
            "school",
            "--country",
            "LT",
        ],
    )
    assert again.exit_code == 1 and "already used by another organisation" in again.output
    result = runner.invoke(
        app,
        [
            "users",
            "create",
            "--login",
            "boss",
            "--name",
            "Boss",
            "--org",
            "kaunas-school",
            "--role",
            "admin",
            "--language",
            "lt",
            "--platform-admin",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Created boss as admin in kaunas-school. One-time password: " in result.output
    from lms.accounts.repository import get_person_by_login
    from lms.db import transaction

    with transaction(write=False) as session:
        boss = get_person_by_login(session, "boss")
        assert boss.is_platform_admin and boss.must_change_password
    missing = runner.invoke(
        app,
        [
            "users",
            "create",
            "--login",
            "x1",
            "--name",
            "X",
            "--org",
            "nowhere",
            "--role",
            "learner",
        ],
    )
    assert missing.exit_code == 1 and "there is no organisation 'nowhere'" in missing.output
    bad = runner.invoke(
        app,
        [
            "users",
            "create",
            "--login",
            "x2",
            "--name",
            "X",
            "--org",
            "kaunas-school",
            "--role",
            "pilot",
        ],
    )
    assert bad.exit_code == 1 and "Choose one of the offered roles." in bad.output
