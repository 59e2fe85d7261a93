"""Column helpers shared by every table."""

import uuid
from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlmodel import Field


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def id_field() -> uuid.UUID:
    return Field(default_factory=uuid.uuid4, primary_key=True)


def business_fk() -> uuid.UUID:
    return Field(foreign_key="business.id", index=True, ondelete="CASCADE")


def timestamp(nullable: bool = False, index: bool = False):
    """A timezone-aware timestamp; non-nullable ones default to now."""
    if nullable:
        return Field(default=None, sa_type=DateTime(timezone=True), nullable=True, index=index)
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False, index=index)
