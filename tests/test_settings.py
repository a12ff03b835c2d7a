"""Settings: safe defaults; production refuses the default secret."""

import pytest

from lms.curriculum.problems import CurriculumError
from lms.settings import DEFAULT_SECRET, Settings, SettingsError, check_production_safety
from lms.web.app import create_app
from tests.curriculum.conftest import write_curriculum


def test_defaults_are_local_and_safe(monkeypatch) -> None:
    monkeypatch.delenv("LMS_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("data/lms.sqlite3")
    assert settings.teacher_book_public is False
    assert settings.curriculum_reload_enabled is True


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(SettingsError, match="LMS_SECRET_KEY"):
        check_production_safety(Settings(environment="production", secret_key=DEFAULT_SECRET))
    with pytest.raises(SettingsError):
        create_app(Settings(environment="production"))
    check_production_safety(Settings(environment="production", secret_key="x" * 40))
    assert Settings(environment="production").curriculum_reload_enabled is False


def test_app_refuses_an_invalid_curriculum(tmp_path) -> None:
    root = write_curriculum(tmp_path / "c")
    (root / "languages.yaml").write_text("source: xx\nlanguages:\n  en: English\n")
    with pytest.raises(CurriculumError) as raised:
        create_app(Settings(curriculum_dir=root))
    assert "languages.yaml:1: 'source:' must be one of the languages" in raised.value.report()
