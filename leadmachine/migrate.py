"""Create the two database roles and run Alembic as the owner role.

`leadmachine_owner` owns every table (migrations run under `SET ROLE`);
`leadmachine_app` is the login the application uses: it owns nothing, cannot bypass
row-level security, and is granted only row access. Creating roles needs a login with
CREATEROLE (a superuser locally; see docs/deployment.md for managed Postgres).
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text

from leadmachine.config import APP_DB_ROLE, OWNER_DB_ROLE, get_settings
from leadmachine.db import admin_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def ensure_roles(connection: Connection) -> None:
    connection.execute(
        text(
            f"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OWNER_DB_ROLE}') THEN
                CREATE ROLE {OWNER_DB_ROLE} NOLOGIN;
              END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_DB_ROLE}') THEN
                CREATE ROLE {APP_DB_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
              END IF;
            END $$;
            """
        )
    )
    connection.execute(text(f"GRANT {OWNER_DB_ROLE} TO current_user"))
    connection.execute(text(f"GRANT USAGE, CREATE ON SCHEMA public TO {OWNER_DB_ROLE}"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {APP_DB_ROLE}"))
    database = connection.execute(text("SELECT current_database()")).scalar_one()
    connection.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {APP_DB_ROLE}'))
    password = get_settings().app_database_password
    if password:
        connection.execute(
            text(f"ALTER ROLE {APP_DB_ROLE} PASSWORD {_quote_literal(connection, password)}")
        )


def _quote_literal(connection: Connection, value: str) -> str:
    return connection.execute(text("SELECT quote_literal(:v)"), {"v": value}).scalar_one()


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    engine = admin_engine(database_url)
    try:
        with engine.begin() as connection:
            ensure_roles(connection)
            connection.execute(text(f"SET ROLE {OWNER_DB_ROLE}"))
            command.upgrade(_alembic_config(connection), revision)
    finally:
        engine.dispose()


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    engine = admin_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"SET ROLE {OWNER_DB_ROLE}"))
            command.downgrade(_alembic_config(connection), revision)
    finally:
        engine.dispose()


def autogenerate(message: str, database_url: str | None = None) -> None:
    """Developer helper: write a new revision from the models' difference to the DB."""
    engine = admin_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"SET ROLE {OWNER_DB_ROLE}"))
            command.revision(_alembic_config(connection), message=message, autogenerate=True)
    finally:
        engine.dispose()
