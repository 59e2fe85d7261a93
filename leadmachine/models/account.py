"""People, their memberships in businesses, login sessions and API keys."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from leadmachine.models.base import business_fk, id_field, timestamp


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    AGENT = "agent"


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: uuid.UUID = id_field()
    email: str = Field(unique=True, max_length=254)
    name: str = Field(max_length=100)
    phone: str = Field(default="", max_length=20)
    password_hash: str
    email_verified_at: datetime | None = timestamp(nullable=True)
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_enabled_at: datetime | None = timestamp(nullable=True)
    email_bounced_at: datetime | None = timestamp(nullable=True)
    created_at: datetime = timestamp()


class Membership(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("business_id", "user_id", name="uq_membership_business_user"),)

    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    role: str = Field(default=Role.OWNER, max_length=16)
    notify_new_leads: bool = True
    daily_digest: bool = False
    created_at: datetime = timestamp()


class TokenPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"
    CHANGE_EMAIL = "change_email"


class AuthToken(SQLModel, table=True):
    """A single-use, expiring link sent by email; only its digest is stored."""

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=32)
    token_hash: str = Field(unique=True, max_length=64)
    new_email: str | None = Field(default=None, max_length=254)
    created_at: datetime = timestamp()
    expires_at: datetime = timestamp()
    used_at: datetime | None = timestamp(nullable=True)


class RecoveryCode(SQLModel, table=True):
    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = timestamp(nullable=True)


class Invitation(SQLModel, table=True):
    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    email: str = Field(max_length=254)
    role: str = Field(max_length=16)
    token_hash: str = Field(unique=True, max_length=64)
    invited_by: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = timestamp()
    expires_at: datetime = timestamp()
    accepted_at: datetime | None = timestamp(nullable=True)
    revoked_at: datetime | None = timestamp(nullable=True)


class UserSession(SQLModel, table=True):
    """A login. Only the token's hash is stored, so a database leak yields no sessions."""

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    active_business_id: uuid.UUID | None = Field(default=None, foreign_key="business.id", ondelete="CASCADE")
    token_hash: str = Field(unique=True, max_length=64)
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=512)
    created_at: datetime = timestamp()
    last_seen_at: datetime = timestamp()
    expires_at: datetime = timestamp()
    revoked_at: datetime | None = timestamp(nullable=True)


class ApiKey(SQLModel, table=True):
    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16)
    key_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = timestamp()
    last_used_at: datetime | None = timestamp(nullable=True)
    revoked_at: datetime | None = timestamp(nullable=True)
