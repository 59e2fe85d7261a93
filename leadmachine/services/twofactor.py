"""Optional TOTP two-factor sign-in, with single-use recovery codes."""

import secrets
import uuid
from dataclasses import dataclass

import pyotp
from sqlmodel import select

from leadmachine.db import identity_session
from leadmachine.models import RecoveryCode, User
from leadmachine.models.base import utcnow
from leadmachine.queues import redis_connection
from leadmachine.services.errors import DomainError, InvalidInput
from leadmachine.services.passwords import verify_password
from leadmachine.services.tokens import digest

ISSUER = "Lead Machine"
RECOVERY_CODES = 10


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str


def is_enabled(user_id: uuid.UUID) -> bool:
    with identity_session(user_id) as session:
        return session.get(User, user_id).totp_enabled_at is not None


def start_enrolment(user_id: uuid.UUID) -> Enrolment:
    """A new secret to scan; it takes effect only once a code from it is confirmed."""
    secret = pyotp.random_base32()
    with identity_session(user_id) as session:
        user = session.get(User, user_id)
        if user.totp_enabled_at:
            raise DomainError("Two-factor sign-in is already on.")
        user.totp_secret = secret
        session.add(user)
        session.commit()
        email = user.email
    return Enrolment(secret, pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER))


def confirm_enrolment(user_id: uuid.UUID, code: str) -> list[str]:
    """Turn two-factor on; returns recovery codes, shown once."""
    with identity_session(user_id) as session:
        user = session.get(User, user_id)
        if not user.totp_secret or not pyotp.TOTP(user.totp_secret).verify(code.strip(), valid_window=1):
            raise InvalidInput({"code": "That code is not right. Check your app's clock and try again."})
        user.totp_enabled_at = utcnow()
        session.add(user)
        codes = _replace_recovery_codes(session, user_id)
        session.commit()
    return codes


def disable(user_id: uuid.UUID, password: str) -> None:
    with identity_session(user_id) as session:
        user = session.get(User, user_id)
        if not verify_password(user.password_hash, password):
            raise InvalidInput({"password": "That is not your current password."})
        user.totp_secret = None
        user.totp_enabled_at = None
        session.add(user)
        for code in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user_id)).all():
            session.delete(code)
        session.commit()


def verify(user_id: uuid.UUID, code: str) -> bool:
    """A current TOTP code, or an unused recovery code (which is then spent)."""
    code = code.strip().replace(" ", "")
    with identity_session(user_id) as session:
        user = session.get(User, user_id)
        if not user.totp_enabled_at:
            return False
        if code.isdigit() and pyotp.TOTP(user.totp_secret).verify(code, valid_window=1):
            return _first_use(user_id, code)
        recovery = session.exec(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user_id,
                RecoveryCode.code_hash == digest(code.lower()),
                RecoveryCode.used_at.is_(None),
            )
        ).first()
        if recovery is None:
            return False
        recovery.used_at = utcnow()
        session.add(recovery)
        session.commit()
        return True


def _replace_recovery_codes(session, user_id: uuid.UUID) -> list[str]:
    for old in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user_id)).all():
        session.delete(old)
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user_id, code_hash=digest(code)) for code in codes)
    return codes


def _first_use(user_id: uuid.UUID, code: str) -> bool:
    """A TOTP code works once: someone who saw it cannot replay it within its window."""
    return bool(redis_connection().set(f"totp-used:{user_id}:{code}", 1, nx=True, ex=120))
