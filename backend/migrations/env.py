"""Alembic's environment: the backend's models, and the URL the command was given."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from backend.storage import models  # noqa: F401  (registers the tables)
from backend.storage.db import db

config = context.config
target_metadata = db.metadata


def run_migrations_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
