"""Schema migrations with Alembic, driven from code so that ``lms db upgrade`` needs no
alembic.ini next to the working directory."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from lms.settings import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url or get_settings().database_url)
    return config


def upgrade(revision: str = "head") -> None:
    command.upgrade(alembic_config(), revision)


def downgrade(revision: str = "base") -> None:
    command.downgrade(alembic_config(), revision)
