"""Who looked at, exported or deleted a lead's personal data (privacy policy section 5)."""

import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from leadmachine.models.base import business_fk, id_field, timestamp


class AccessLog(SQLModel, table=True):
    __table_args__ = (Index("ix_accesslog_business_at", "business_id", "at"),)

    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    actor_user_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    actor_api_key_id: uuid.UUID | None = Field(default=None, foreign_key="apikey.id", ondelete="SET NULL")
    actor_label: str = Field(max_length=120)
    action: str = Field(max_length=32)
    subject_type: str = Field(max_length=32)
    subject_id: uuid.UUID | None = None
    ip: str = Field(default="", max_length=64)
    at: datetime = timestamp()
