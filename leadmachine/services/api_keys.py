"""Business API keys: shown once, stored as digests, scoped to one business, revocable."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from leadmachine.db import business_for_api_key_hash, tenant_session
from leadmachine.models import ApiKey
from leadmachine.models.base import utcnow
from leadmachine.services.errors import InvalidInput, NotFound
from leadmachine.services.permissions import Actor, Permission
from leadmachine.services.tokens import digest, new_secret

API_KEY_PREFIX = "lm_live_"


@dataclass(frozen=True)
class ApiCaller:
    business_id: uuid.UUID
    key_id: uuid.UUID
    label: str


@dataclass(frozen=True)
class ApiKeyInfo:
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def create_api_key(business_id: uuid.UUID, name: str, by: Actor | None = None) -> str:
    """A new API key, returned once: only its digest and prefix are stored.
    `by` is the person asking; operator tools and the demo pass none."""
    if by is not None:
        by.require(Permission.MANAGE_API_KEYS)
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise InvalidInput({"name": "Give the key a name of 1 to 100 characters."})
    key = new_secret(API_KEY_PREFIX)
    with tenant_session(business_id) as session:
        session.add(ApiKey(business_id=business_id, name=name, prefix=key[:12], key_hash=digest(key)))
        session.commit()
    return key


def list_api_keys(business_id: uuid.UUID, by: Actor) -> list[ApiKeyInfo]:
    by.require(Permission.MANAGE_API_KEYS)
    with tenant_session(business_id) as session:
        keys = session.exec(select(ApiKey).order_by(ApiKey.created_at.desc())).all()
    return [ApiKeyInfo(k.id, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at) for k in keys]


def revoke_api_key(business_id: uuid.UUID, key_id: uuid.UUID, by: Actor) -> None:
    by.require(Permission.MANAGE_API_KEYS)
    with tenant_session(business_id) as session:
        key = session.get(ApiKey, key_id)
        if key is None:
            raise NotFound("No such API key.")
        if key.revoked_at is None:
            key.revoked_at = utcnow()
            session.add(key)
            session.commit()


def caller_for_api_key(key: str | None) -> ApiCaller | None:
    """Who is calling with this key; None for unknown or revoked keys (checked every call)."""
    if not key or not key.startswith(API_KEY_PREFIX) or len(key) > 128:
        return None
    key_hash = digest(key)
    business_id = business_for_api_key_hash(key_hash)
    if business_id is None:
        return None
    with tenant_session(business_id) as session:
        api_key = session.exec(select(ApiKey).where(ApiKey.key_hash == key_hash)).one()
        api_key.last_used_at = utcnow()
        session.add(api_key)
        session.commit()
        return ApiCaller(business_id, api_key.id, f"API key {api_key.name} ({api_key.prefix}…)")
