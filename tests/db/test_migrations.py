"""Migrations build exactly the schema the models describe, and can be undone."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from lms.db import get_engine, reset_engine
from lms.db.migrate import alembic_config
from lms.db.models import metadata


def test_database_schema_matches_the_models() -> None:
    with get_engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_upgrade_downgrade_upgrade_on_a_fresh_database(tmp_path: Path, monkeypatch) -> None:
    from lms.settings import get_settings

    url = f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
    monkeypatch.setenv("LMS_DATABASE_URL", url)
    get_settings.cache_clear()
    reset_engine()
    try:
        config = alembic_config(url)
        command.upgrade(config, "head")
        assert {"organisation", "module_version"} <= set(inspect(get_engine()).get_table_names())
        command.downgrade(config, "base")
        assert set(inspect(get_engine()).get_table_names()) <= {"alembic_version"}
        command.upgrade(config, "head")
        assert "organisation" in inspect(get_engine()).get_table_names()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        reset_engine()
