"""Alembic environment: runs migrations on the application's own engine."""

from alembic import context

from lms.db.engine import get_engine
from lms.db.models import metadata


def run_migrations() -> None:
    engine = get_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=engine.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
