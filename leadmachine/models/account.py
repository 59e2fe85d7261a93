"""People, their memberships in businesses, login sessions and API keys."""

import uuid
from datetime import datetime
from enum import StrEnum

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
    password_hash: str
    created_at: datetime = timestamp()


class Membership(SQLModel, table=True):
    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    role: str = Field(default=Role.OWNER, max_length=16)
    created_at: datetime = timestamp()


class UserSession(SQLModel, table=True):
    """A login. Only the token's hash is stored, so a database leak yields no sessions."""

    id: uuid.UUID = id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
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
