"""Migrations upgrade an empty database and downgrade back to nothing."""

import psycopg
import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from leadmachine import migrate
from leadmachine.db import psycopg_url
from leadmachine.models import Lead  # noqa: F401
from sqlmodel import SQLModel

SCRATCH = "leadmachine_migration_test"


@pytest.fixture
def empty_database(services):
    server = services["server_url"]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
        conn.execute(f'CREATE DATABASE "{SCRATCH}"')
    url = make_url(server).set(database=SCRATCH).render_as_string(hide_password=False)
    yield url
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


def tables(url: str) -> set[str]:
    engine = create_engine(psycopg_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_from_empty_creates_every_model_table_and_downgrade_removes_them(empty_database):
    migrate.upgrade(empty_database)
    assert tables(empty_database) == set(SQLModel.metadata.tables) | {"alembic_version"}
    migrate.downgrade(empty_database, "base")
    assert tables(empty_database) == {"alembic_version"}
    migrate.upgrade(empty_database)
    assert set(SQLModel.metadata.tables) <= tables(empty_database)


def test_upgrade_is_idempotent(empty_database):
    migrate.upgrade(empty_database)
    migrate.upgrade(empty_database)


def test_models_and_migrations_agree(empty_database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    migrate.upgrade(empty_database)
    engine = create_engine(psycopg_url(empty_database))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()
