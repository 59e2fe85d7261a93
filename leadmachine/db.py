"""Engines and sessions, and the tenant scope that row-level security keys on.

The application connects as `leadmachine_app`, a role that owns no table and has no
BYPASSRLS, so every tenant table's policy applies to it. A session carries its scope in
`session.info`; each transaction begins with `SET LOCAL`-style `set_config(..., true)`,
so the scope can never leak to the next user of a pooled connection.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from leadmachine.config import get_settings


def psycopg_url(url: str) -> str:
    """Pin the psycopg 3 driver whatever spelling of the URL the operator gave."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@lru_cache
def app_engine() -> Engine:
    return create_engine(
        psycopg_url(get_settings().app_url()),
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
    )


def admin_engine(database_url: str | None = None) -> Engine:
    """The migration owner's connection; used by `migrate` and tests only."""
    url = database_url or get_settings().database_url
    if not url:
        raise RuntimeError("DATABASE_URL is not set")
    return create_engine(psycopg_url(url), pool_pre_ping=True)


@event.listens_for(Session, "after_begin")
def _apply_tenant_scope(session: Session, _transaction, connection) -> None:
    business_id = session.info.get("business_id")
    user_id = session.info.get("user_id")
    connection.execute(
        text(
            "SELECT set_config('app.business_id', :business_id, true),"
            " set_config('app.user_id', :user_id, true)"
        ),
        {"business_id": str(business_id or ""), "user_id": str(user_id or "")},
    )


@contextmanager
def tenant_session(
    business_id: uuid.UUID, user_id: uuid.UUID | None = None
) -> Iterator[Session]:
    """A session that sees one business's rows and nothing else."""
    with Session(app_engine(), expire_on_commit=False) as session:
        session.info.update(business_id=business_id, user_id=user_id)
        yield session


@contextmanager
def identity_session(user_id: uuid.UUID | None = None) -> Iterator[Session]:
    """A session with no business in scope: logins, sessions and the narrow lookups
    (`lm_*` functions) that find which business a key or id belongs to."""
    with Session(app_engine(), expire_on_commit=False) as session:
        session.info.update(business_id=None, user_id=user_id)
        yield session


def business_for_widget_key(public_key: str) -> uuid.UUID | None:
    return _lookup("SELECT lm_widget_business(:value)", public_key)


def business_for_api_key_hash(key_hash: str) -> uuid.UUID | None:
    return _lookup("SELECT lm_api_key_business(:value)", key_hash)


def business_for_lead(lead_id: uuid.UUID) -> uuid.UUID | None:
    return _lookup("SELECT lm_lead_business(:value)", lead_id)


def _lookup(sql: str, value) -> uuid.UUID | None:
    with identity_session() as session:
        return session.execute(text(sql), {"value": value}).scalar_one_or_none()
