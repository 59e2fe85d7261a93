"""Test services: a real PostgreSQL and Redis, never mocks.

`DATABASE_URL` / `REDIS_URL` when set (CI), otherwise embedded servers under
var/test/. Each session migrates a fresh database `leadmachine_test`; each test starts
from empty tables and an empty Redis database.
"""

import os
from pathlib import Path

import pytest
import redis as redis_lib
from sqlalchemy import text
from sqlalchemy.engine import make_url

from leadmachine import embedded, migrate
from leadmachine.config import PROJECT_ROOT, get_settings

TEST_DATABASE = os.environ.get("LEADMACHINE_TEST_DATABASE", "leadmachine_test")
TEST_VAR = PROJECT_ROOT / "var" / "test"


def _server_admin_url() -> tuple[str, object]:
    given = os.environ.get("DATABASE_URL")
    if given:
        return given, None
    server = embedded.start_postgres(TEST_VAR, database="postgres")
    return server.url("postgres"), server


def _redis_url() -> tuple[str, object]:
    given = os.environ.get("REDIS_URL")
    if given:
        return given, None
    server = embedded.start_redis(TEST_VAR)
    return server.url, server


def reset_caches() -> None:
    from leadmachine.db import app_engine
    from leadmachine.providers import get_ai, get_sms
    from leadmachine.queues import redis_connection

    for cached in (get_settings, redis_connection, get_ai, get_sms):
        cached.cache_clear()
    if app_engine.cache_info().currsize:
        app_engine().dispose()
    app_engine.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def services(tmp_path_factory):
    admin_url, pg_server = _server_admin_url()
    redis_url, redis_server = _redis_url()
    test_url = make_url(admin_url).set(database=TEST_DATABASE).render_as_string(hide_password=False)
    server_url = make_url(admin_url).set(database="postgres").render_as_string(hide_password=False)
    _recreate_database(server_url)
    os.environ["DATABASE_URL"] = test_url
    os.environ["REDIS_URL"] = redis_url
    os.environ["LEADMACHINE_VAR_DIR"] = str(tmp_path_factory.mktemp("var"))
    # Texts must go out whatever time of day the suite runs; the quiet-hours tests
    # turn the rule back on for themselves (see quiet_hours_on).
    os.environ["LEADMACHINE_QUIET_HOURS"] = "none"
    reset_caches()
    migrate.upgrade(test_url)
    yield {"database_url": test_url, "server_url": server_url, "redis_url": redis_url}
    reset_caches()
    if redis_server:
        redis_server.stop()
    if pg_server:
        pg_server.stop()


def _recreate_database(server_url: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (TEST_DATABASE,)
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{TEST_DATABASE}"')
        conn.execute(f'CREATE DATABASE "{TEST_DATABASE}"')


@pytest.fixture
def admin_engine(services):
    from leadmachine.db import admin_engine as make

    engine = make(services["database_url"])
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def clean_state(request, services):
    """Empty every table and the Redis database before each test."""
    if "no_clean" not in request.keywords:
        empty_database_and_redis(services)
    yield


def empty_database_and_redis(services) -> None:
    from leadmachine.db import admin_engine as make

    engine = make(services["database_url"])
    with engine.begin() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
        ).scalars().all()
        if tables:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
    engine.dispose()
    redis_lib.Redis.from_url(services["redis_url"]).flushdb()


@pytest.fixture
def make_business():
    """Create a business with its owner through the service, as sign-up will."""
    from leadmachine.services.businesses import create_business

    counter = iter(range(1, 10_000))

    def make(name: str = "Acme Plumbing", **profile):
        n = next(counter)
        return create_business(
            name, f"owner{n}@{name.split()[0].lower()}.test", "Olive Owner", "correct horse battery", **profile
        )

    return make


@pytest.fixture
def run_jobs():
    """Run every queued job to completion in this process, as a worker would."""
    from rq import SimpleWorker

    from leadmachine.queues import ALL_QUEUES, redis_connection

    def run() -> None:
        SimpleWorker(list(ALL_QUEUES), connection=redis_connection()).work(burst=True, logging_level="ERROR")

    return run


@pytest.fixture
def mailbox(run_jobs):
    """Deliver queued emails to the dev mailbox and return the newest link token for `to`."""
    import re

    from sqlmodel import select

    from leadmachine.db import identity_session
    from leadmachine.models import DevEmail

    def latest_token(to: str, path: str) -> str:
        run_jobs()
        with identity_session() as session:
            emails = session.exec(select(DevEmail).where(DevEmail.to == to).order_by(DevEmail.created_at.desc())).all()
        for email in emails:
            if match := re.search(rf"{re.escape(path)}\?token=([\w-]+)", email.text):
                return match.group(1)
        raise AssertionError(f"no email to {to} with a {path} link")

    return latest_token


@pytest.fixture
def quiet_hours_on(monkeypatch):
    """The production rule: no automated texts 9pm-8am in the recipient's time zone."""
    monkeypatch.setenv("LEADMACHINE_QUIET_HOURS", "21:00-08:00")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
