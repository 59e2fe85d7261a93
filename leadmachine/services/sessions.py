"""Sign-in sessions: random tokens stored as digests, idle and absolute expiry, revocable."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlmodel import select

from leadmachine.config import get_settings
from leadmachine.db import identity_session, tenant_session
from leadmachine.models import Business, Membership, User, UserSession
from leadmachine.models.base import utcnow
from leadmachine.services.errors import NotFound
from leadmachine.services.tokens import digest, new_secret
from leadmachine.services.visitors import country_for_ip, describe_device

LAST_SEEN_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class CurrentUser:
    user_id: uuid.UUID
    name: str
    email: str
    business_id: uuid.UUID
    business_name: str
    role: str
    session_id: uuid.UUID
    email_bounced: bool = False


@dataclass(frozen=True)
class SessionInfo:
    id: uuid.UUID
    browser: str
    os: str
    device: str
    ip: str
    country: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def start_session(user_id: uuid.UUID, ip: str = "", user_agent: str = "") -> str:
    """A new session token (returned once; only its digest is kept)."""
    settings = get_settings()
    token = new_secret()
    now = utcnow()
    with identity_session(user_id) as session:
        first = session.exec(
            select(Membership).where(Membership.user_id == user_id).order_by(Membership.created_at)
        ).first()
        session.add(
            UserSession(
                user_id=user_id,
                active_business_id=first.business_id if first else None,
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


def _live_session(session, token: str | None) -> UserSession | None:
    if not token or len(token) > 128:
        return None
    row = session.exec(select(UserSession).where(UserSession.token_hash == digest(token))).first()
    now = utcnow()
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    if row is None or row.revoked_at or row.expires_at <= now or now - row.last_seen_at > idle:
        return None
    return row


def current_user(token: str | None) -> CurrentUser | None:
    """The signed-in user behind a session token, or None if absent, expired or revoked."""
    with identity_session() as session:
        row = _live_session(session, token)
        if row is None or row.active_business_id is None:
            return None
        if utcnow() - row.last_seen_at > LAST_SEEN_RESOLUTION:
            row.last_seen_at = utcnow()
            session.add(row)
            session.commit()
        user_id, business_id, session_id = row.user_id, row.active_business_id, row.id
    with tenant_session(business_id, user_id) as session:
        user = session.get(User, user_id)
        membership = session.exec(
            select(Membership).where(Membership.user_id == user_id, Membership.business_id == business_id)
        ).first()
        if membership is None:
            return None
        business = session.get(Business, business_id)
    return CurrentUser(
        user.id, user.name, user.email, business.id, business.name, membership.role, session_id,
        email_bounced=user.email_bounced_at is not None,
    )


def end_session(token: str | None) -> None:
    with identity_session() as session:
        row = _live_session(session, token)
        if row:
            row.revoked_at = utcnow()
            session.add(row)
            session.commit()


def end_all_sessions(user_id: uuid.UUID, keep: uuid.UUID | None = None) -> int:
    """Log out everywhere (optionally keeping the session that asked); returns how many."""
    now = utcnow()
    with identity_session(user_id) as session:
        rows = session.exec(
            select(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        ).all()
        ended = [row for row in rows if row.id != keep]
        for row in ended:
            row.revoked_at = now
            session.add(row)
        session.commit()
    return len(ended)


def list_sessions(user_id: uuid.UUID, current_session_id: uuid.UUID | None = None) -> list[SessionInfo]:
    now = utcnow()
    with identity_session(user_id) as session:
        rows = session.exec(
            select(UserSession)
            .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None), UserSession.expires_at > now)
            .order_by(UserSession.last_seen_at.desc())
        ).all()
    infos = []
    for row in rows:
        device = describe_device(row.user_agent)
        infos.append(
            SessionInfo(
                row.id, device.browser or "Unknown browser", device.os, device.device, row.ip,
                country_for_ip(row.ip), row.created_at, row.last_seen_at, row.id == current_session_id,
            )
        )
    return infos


def revoke_session(user_id: uuid.UUID, session_id: uuid.UUID) -> None:
    """End one of the user's own sessions; another user's session id is simply not found."""
    with identity_session(user_id) as session:
        row = session.get(UserSession, session_id)
        if row is None or row.user_id != user_id:
            raise NotFound("No such session.")
        row.revoked_at = row.revoked_at or utcnow()
        session.add(row)
        session.commit()


@dataclass(frozen=True)
class BusinessChoice:
    id: uuid.UUID
    name: str


def businesses_of(user_id: uuid.UUID) -> list[BusinessChoice]:
    """Every business the user is a member of, for the switcher (names through a
    definer function: RLS shows a session only its active business's row)."""
    with identity_session(user_id) as session:
        rows = session.execute(text("SELECT business_id, name FROM lm_my_businesses()")).all()
    return [BusinessChoice(business_id, name) for business_id, name in rows]


def switch_business(user_id: uuid.UUID, session_id: uuid.UUID, business_id: uuid.UUID) -> None:
    """Make another of the user's businesses the one this session works in."""
    if business_id not in {choice.id for choice in businesses_of(user_id)}:
        raise NotFound("You are not a member of that business.")
    with identity_session(user_id) as session:
        row = session.get(UserSession, session_id)
        if row is None or row.user_id != user_id or row.revoked_at:
            raise NotFound("No such session.")
        row.active_business_id = business_id
        session.add(row)
        session.commit()
