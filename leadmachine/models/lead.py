"""A lead, what happened to it, and the SMS consent it gave."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from leadmachine.models.base import business_fk, id_field, timestamp


class LeadStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    WON = "won"
    LOST = "lost"


class FollowupState(StrEnum):
    """Where the first automated reply stands; the sweeper re-enqueues PENDING ones."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class ConsentRecord(SQLModel, table=True):
    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    phone_e164: str = Field(max_length=20)
    text: str
    version: str = Field(max_length=32)
    ip: str = Field(default="", max_length=64)
    page_url: str = Field(default="", max_length=2000)
    given_at: datetime = timestamp()


class Lead(SQLModel, table=True):
    __table_args__ = (
        Index("ix_lead_business_activity", "business_id", "last_activity_at"),
        Index("ix_lead_followup_pending", "followup_state", "created_at"),
    )

    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    name: str = Field(max_length=100)
    phone_e164: str = Field(max_length=20)
    email: str | None = Field(default=None, max_length=254)
    message: str = Field(max_length=2000)
    status: str = Field(default=LeadStatus.NEW, max_length=16)
    source: str = Field(default="widget", max_length=16)
    page_url: str = Field(default="", max_length=2000)
    referrer: str = Field(default="", max_length=2000)
    utm: dict = Field(default_factory=dict, sa_column=Column(JSONB, nullable=False))
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=512)
    browser: str = Field(default="", max_length=64)
    os: str = Field(default="", max_length=64)
    device: str = Field(default="", max_length=64)
    geo_country: str = Field(default="", max_length=2)
    consent_id: uuid.UUID | None = Field(default=None, foreign_key="consentrecord.id")
    ai_enabled: bool = True  # False once a person takes over, until re-enabled
    ai_mode: str | None = Field(default=None, max_length=8)  # overrides the business's mode
    nudges_sent: int = 0
    last_inbound_at: datetime | None = timestamp(nullable=True)
    last_outbound_at: datetime | None = timestamp(nullable=True)
    followup_state: str = Field(default=FollowupState.PENDING, max_length=16)
    created_at: datetime = timestamp()
    last_activity_at: datetime = timestamp()
    first_reply_at: datetime | None = timestamp(nullable=True)


class LeadEvent(SQLModel, table=True):
    """The lead's history: creation and every status change, with who and when."""

    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    lead_id: uuid.UUID = Field(foreign_key="lead.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=32)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str | None = Field(default=None, max_length=16)
    actor_user_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    actor_label: str = Field(default="", max_length=100)
    at: datetime = timestamp()
