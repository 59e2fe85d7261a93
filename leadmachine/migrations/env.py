"""Alembic environment: runs on the connection `leadmachine.migrate` hands over,
already switched to the owner role so every object is owned by it, not by the app."""

from alembic import context
from sqlmodel import SQLModel

import leadmachine.models  # noqa: F401  (registers every table on the metadata)

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
