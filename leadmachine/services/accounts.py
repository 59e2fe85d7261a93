"""Sign-up, email verification, sign-in with throttling and lockout, password changes.

A sign-in never reveals whether an email exists: unknown emails take as long as known
ones (a dummy hash is verified), fail with the same message and lock out the same way.
"""

import math
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import select

from leadmachine.db import identity_session
from leadmachine.models import AuthToken, TokenPurpose, User
from leadmachine.models.base import utcnow
from leadmachine.services import emails, ratelimit, sessions, twofactor
from leadmachine.services.businesses import create_business
from leadmachine.services.errors import AuthenticationFailed, DomainError, InvalidInput
from leadmachine.services.passwords import hash_password, verify_password, weakness
from leadmachine.services.tokens import digest, new_secret
from leadmachine.services.validation import EMAIL_PATTERN, field_errors, to_e164

BAD_CREDENTIALS = "That email and password don't match."
MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60
LOGIN_ATTEMPTS_PER_IP = 30
RESETS_PER_HOUR = 3
TOKEN_LIFETIMES = {
    TokenPurpose.VERIFY_EMAIL: timedelta(days=2),
    TokenPurpose.RESET_PASSWORD: timedelta(hours=1),
    TokenPurpose.CHANGE_EMAIL: timedelta(days=1),
}


class LockedOut(AuthenticationFailed):
    pass


class EmailNotVerified(AuthenticationFailed):
    pass


class SecondFactorRequired(DomainError):
    """The password was right; a TOTP or recovery code must follow."""

    def __init__(self, user_id: uuid.UUID):
        super().__init__("Enter the 6-digit code from your authenticator app.")
        self.user_id = user_id


class SignUpForm(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, strict=True)

    business_name: str = Field(min_length=1, max_length=200)
    owner_name: str = Field(min_length=1, max_length=100)
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    phone: str = Field(min_length=1, max_length=40)
    password: str = Field(max_length=256)


@dataclass(frozen=True)
class SignedUp:
    user_id: uuid.UUID
    business_id: uuid.UUID


def normalise_email(email: str) -> str:
    return email.strip().lower()


def sign_up(form: dict, region: str = "US") -> SignedUp:
    """Create a business and its owner, unverified, and email the verification link."""
    try:
        data = SignUpForm.model_validate(form)
        errors: dict[str, str] = {}
    except ValidationError as error:
        data, errors = None, field_errors(error)
    phone = to_e164(str(form.get("phone", "")), region)
    if phone is None and "phone" not in errors:
        errors["phone"] = "Enter a valid phone number, including the area code."
    if "password" not in errors and (problem := weakness(str(form.get("password", "")), str(form.get("email", "")))):
        errors["password"] = problem
    if errors:
        raise InvalidInput(errors)
    email = normalise_email(data.email)
    with identity_session() as session:
        if session.exec(select(User.id).where(User.email == email)).first():
            raise InvalidInput({"email": "An account with this email already exists. Sign in or reset your password."})
    created = create_business(data.business_name, email, data.owner_name, data.password, verified=False, phone=phone)
    send_verification(created.owner_id)
    return SignedUp(created.owner_id, created.business_id)


def _issue_token(user_id: uuid.UUID, purpose: TokenPurpose, new_email: str | None = None) -> str:
    token = new_secret()
    now = utcnow()
    with identity_session(user_id) as session:
        session.add(
            AuthToken(
                user_id=user_id, purpose=purpose, token_hash=digest(token), new_email=new_email,
                created_at=now, expires_at=now + TOKEN_LIFETIMES[purpose],
            )
        )
        session.commit()
    return token


def _user(user_id: uuid.UUID) -> User:
    with identity_session(user_id) as session:
        return session.get(User, user_id)


def send_verification(user_id: uuid.UUID) -> None:
    user = _user(user_id)
    emails.send_verification(user.email, user.name, _issue_token(user_id, TokenPurpose.VERIFY_EMAIL))


def resend_verification(email: str) -> None:
    """Quietly does nothing for unknown or already verified emails."""
    with identity_session() as session:
        user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    if user and user.email_verified_at is None:
        send_verification(user.id)


def _redeem(token: str, purposes: set[TokenPurpose]) -> AuthToken:
    """Mark a single-use token used; refuses unknown, used and expired ones alike."""
    with identity_session() as session:
        row = session.exec(
            select(AuthToken).where(AuthToken.token_hash == digest(token or "")).with_for_update()
        ).first()
        if row is None or row.purpose not in purposes or row.used_at or row.expires_at <= utcnow():
            raise DomainError("This link is invalid or has expired. Ask for a new one.")
        row.used_at = utcnow()
        session.add(row)
        session.commit()
        return row


def verify_email(token: str) -> uuid.UUID:
    """Confirms sign-up emails and email changes; returns the user id."""
    row = _redeem(token, {TokenPurpose.VERIFY_EMAIL, TokenPurpose.CHANGE_EMAIL})
    with identity_session(row.user_id) as session:
        user = session.get(User, row.user_id)
        if row.purpose == TokenPurpose.CHANGE_EMAIL:
            if session.exec(select(User.id).where(User.email == row.new_email, User.id != user.id)).first():
                raise DomainError("Another account uses that email now.")
            user.email = row.new_email
            user.email_bounced_at = None  # a fresh, confirmed address
        user.email_verified_at = user.email_verified_at or utcnow()
        session.add(user)
        session.commit()
    return row.user_id


def authenticate(email: str, password: str, ip: str = "") -> uuid.UUID:
    """The user id for these credentials; throttled per IP and locked per account."""
    email = normalise_email(email)[:254]
    if ratelimit.retry_after(f"login:ip:{ip}", LOGIN_ATTEMPTS_PER_IP, 600):
        raise LockedOut("Too many sign-in attempts from your network. Try again in a few minutes.")
    if wait := ratelimit.locked_for(f"login:{email}", MAX_FAILURES):
        raise LockedOut(f"Too many failed attempts. Try again in {math.ceil(wait / 60)} minutes.")
    with identity_session() as session:
        user = session.exec(select(User).where(User.email == email)).first()
    if not verify_password(user.password_hash if user else None, password):
        ratelimit.record_failure(f"login:{email}", LOCKOUT_SECONDS)
        raise AuthenticationFailed(BAD_CREDENTIALS)
    ratelimit.clear_failures(f"login:{email}")
    if user.email_verified_at is None:
        raise EmailNotVerified("Confirm your email first: we sent you a link. Check your inbox.")
    if twofactor.is_enabled(user.id):
        raise SecondFactorRequired(user.id)
    return user.id


def request_password_reset(email: str) -> None:
    """Emails a reset link if the account exists; says nothing either way. At most a
    few links an hour per address, so the form cannot be used to flood someone's inbox."""
    email = normalise_email(email)[:254]
    if ratelimit.retry_after(f"reset:{email}", RESETS_PER_HOUR, 3600):
        return
    with identity_session() as session:
        user = session.exec(select(User).where(User.email == email)).first()
    if user:
        emails.send_password_reset(user.email, user.name, _issue_token(user.id, TokenPurpose.RESET_PASSWORD))


def reset_password(token: str, new_password: str) -> uuid.UUID:
    """Set a new password from an emailed link; ends every session of that user."""
    with identity_session() as session:
        pending = session.exec(select(AuthToken).where(AuthToken.token_hash == digest(token or ""))).first()
        owner = session.get(User, pending.user_id) if pending else None
    if problem := weakness(new_password, owner.email if owner else ""):
        raise InvalidInput({"password": problem})
    row = _redeem(token, {TokenPurpose.RESET_PASSWORD})
    _set_password(row.user_id, new_password)
    ratelimit.clear_failures(f"login:{owner.email}")
    return row.user_id


def change_password(user_id: uuid.UUID, current: str, new_password: str, keep_session: uuid.UUID | None) -> None:
    user = _user(user_id)
    if not verify_password(user.password_hash, current):
        raise InvalidInput({"current_password": "That is not your current password."})
    if problem := weakness(new_password, user.email):
        raise InvalidInput({"new_password": problem})
    _set_password(user_id, new_password, keep_session)


def _set_password(user_id: uuid.UUID, password: str, keep_session: uuid.UUID | None = None) -> None:
    with identity_session(user_id) as session:
        user = session.get(User, user_id)
        user.password_hash = hash_password(password)
        session.add(user)
        session.commit()
    sessions.end_all_sessions(user_id, keep=keep_session)


def request_email_change(user_id: uuid.UUID, password: str, new_email: str) -> None:
    """The new address must be confirmed by link before it replaces the old one."""
    user = _user(user_id)
    if not verify_password(user.password_hash, password):
        raise InvalidInput({"password": "That is not your current password."})
    new_email = normalise_email(new_email)
    if len(new_email) > 254 or not re.fullmatch(EMAIL_PATTERN, new_email):
        raise InvalidInput({"email": "Enter a valid email address."})
    with identity_session() as session:
        if session.exec(select(User.id).where(User.email == new_email)).first():
            raise InvalidInput({"email": "Another account uses that email."})
    emails.send_email_change(new_email, user.name, _issue_token(user_id, TokenPurpose.CHANGE_EMAIL, new_email))
