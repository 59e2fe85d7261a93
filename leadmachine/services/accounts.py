"""Logins, sessions and API keys.

Secrets (session tokens, API keys) are random and stored only as SHA-256 digests, so a
copy of the database opens nothing. Passwords are argon2id hashes.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlmodel import select

from leadmachine.config import get_settings
from leadmachine.db import business_for_api_key_hash, identity_session, tenant_session
from leadmachine.models import ApiKey, Business, Membership, User, UserSession
from leadmachine.models.base import utcnow
from leadmachine.services.errors import AuthenticationFailed

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a miss costs as long as a hit.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
API_KEY_PREFIX = "lm_live_"
LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True)
class CurrentUser:
    user_id: uuid.UUID
    name: str
    email: str
    business_id: uuid.UUID
    business_name: str
    role: str


def authenticate(email: str, password: str) -> uuid.UUID:
    """The user id for these credentials; one message for every failure."""
    email = email.strip().lower()
    with identity_session() as session:
        user = session.exec(select(User).where(User.email == email)).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, InvalidHashError):
        raise AuthenticationFailed("That email and password don't match.") from None
    if user is None:
        raise AuthenticationFailed("That email and password don't match.")
    return user.id


def start_session(user_id: uuid.UUID, ip: str = "", user_agent: str = "") -> str:
    """A new session token (returned once; only its digest is kept)."""
    settings = get_settings()
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with identity_session(user_id) as session:
        session.add(
            UserSession(
                user_id=user_id,
                token_hash=digest(token),
                ip=ip[:64],
                user_agent=user_agent[:512],
                created_at=now,
                last_seen_at=now,
                expires_at=now + timedelta(days=settings.session_absolute_days),
            )
        )
        session.commit()
    return token


def current_user(token: str | None) -> CurrentUser | None:
    """The signed-in user behind a session token, or None if absent, expired or revoked."""
    if not token or len(token) > 128:
        return None
    settings = get_settings()
    now = utcnow()
    with identity_session() as session:
        row = session.exec(select(UserSession).where(UserSession.token_hash == digest(token))).first()
        if row is None or row.revoked_at or row.expires_at <= now:
            return None
        if now - row.last_seen_at > timedelta(minutes=settings.session_idle_minutes):
            return None
        if now - row.last_seen_at > LAST_SEEN_RESOLUTION:
            row.last_seen_at = now
            session.add(row)
            session.commit()
        user_id = row.user_id
    with identity_session(user_id) as session:
        user = session.get(User, user_id)
        membership = session.exec(
            select(Membership).where(Membership.user_id == user_id).order_by(Membership.created_at)
        ).first()
    if membership is None:
        return None
    with tenant_session(membership.business_id, user_id) as session:
        business = session.get(Business, membership.business_id)
    return CurrentUser(user.id, user.name, user.email, business.id, business.name, membership.role)


def end_session(token: str | None) -> None:
    if not token:
        return
    with identity_session() as session:
        row = session.exec(select(UserSession).where(UserSession.token_hash == digest(token))).first()
        if row and not row.revoked_at:
            row.revoked_at = utcnow()
            session.add(row)
            session.commit()


def create_api_key(business_id: uuid.UUID, name: str) -> str:
    """A new API key, shown once: only its digest and prefix are stored."""
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    with tenant_session(business_id) as session:
        session.add(ApiKey(business_id=business_id, name=name, prefix=key[:12], key_hash=digest(key)))
        session.commit()
    return key


def business_for_api_key(key: str | None) -> uuid.UUID | None:
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
    return business_id
