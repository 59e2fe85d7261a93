"""The conversation with a lead, the AI calls behind it, and the local outbox."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from leadmachine.models.base import business_fk, id_field, timestamp


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class MessageStatus(StrEnum):
    DRAFT = "draft"  # written by the AI, waiting for the owner's approval
    SCHEDULED = "scheduled"  # held for quiet hours until scheduled_for
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    RECEIVED = "received"  # inbound
    CANCELLED = "cancelled"


class MessageKind(StrEnum):
    FIRST_REPLY = "first_reply"
    AI_REPLY = "ai_reply"
    NUDGE = "nudge"
    HUMAN = "human"
    SYSTEM = "system"  # opt-out confirmations, HELP answers
    INBOUND = "inbound"


class Message(SQLModel, table=True):
    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    lead_id: uuid.UUID = Field(foreign_key="lead.id", index=True, ondelete="CASCADE")
    direction: str = Field(max_length=16)
    channel: str = Field(default="sms", max_length=16)
    body: str
    ai_generated: bool = False
    provider: str = Field(default="", max_length=32)
    provider_id: str | None = Field(default=None, max_length=64)
    kind: str = Field(default=MessageKind.FIRST_REPLY, max_length=16)
    status: str = Field(default=MessageStatus.QUEUED, max_length=16)
    error: str | None = None
    error_code: str | None = Field(default=None, max_length=16)
    idempotency_key: str | None = Field(default=None, unique=True, max_length=128)
    sent_by_user_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = timestamp()
    scheduled_for: datetime | None = timestamp(nullable=True)
    sent_at: datetime | None = timestamp(nullable=True)


class DeliveryEvent(SQLModel, table=True):
    """A message's status timeline, as the carrier reported it."""

    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    message_id: uuid.UUID = Field(foreign_key="message.id", index=True, ondelete="CASCADE")
    status: str = Field(max_length=16)
    error_code: str | None = Field(default=None, max_length=16)
    at: datetime = timestamp()


class OptOut(SQLModel, table=True):
    """A number that said STOP to a business. Kept after START, as the compliance record."""

    __table_args__ = (Index("ix_optout_business_phone", "business_id", "phone_e164"),)

    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    phone_e164: str = Field(max_length=20)
    source: str = Field(max_length=32)
    keyword: str = Field(default="", max_length=32)
    opted_out_at: datetime = timestamp()
    resubscribed_at: datetime | None = timestamp(nullable=True)


class WebhookEvent(SQLModel, table=True):
    """Every provider callback we processed, so a repeated delivery is ignored."""

    __table_args__ = (UniqueConstraint("provider", "event_id", name="uq_webhookevent_provider_event"),)

    id: uuid.UUID = id_field()
    provider: str = Field(max_length=16)
    event_id: str = Field(max_length=128)
    received_at: datetime = timestamp(index=True)


class EmailEvent(SQLModel, table=True):
    """Resend's delivery reports for the emails we sent."""

    id: uuid.UUID = id_field()
    provider_id: str = Field(max_length=64, index=True)
    to: str = Field(max_length=254)
    event_type: str = Field(max_length=32)
    at: datetime = timestamp()


class AiLog(SQLModel, table=True):
    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    lead_id: uuid.UUID | None = Field(default=None, foreign_key="lead.id", ondelete="SET NULL")
    model: str = Field(max_length=64)
    input_tokens: int = 0
    output_tokens: int = 0
    latency_ms: int = 0
    outcome: str = Field(max_length=32)
    created_at: datetime = timestamp(index=True)


class OutboxMessage(SQLModel, table=True):
    """What the local adapters 'sent': the dev outbox, so the product works offline."""

    id: uuid.UUID = id_field()
    business_id: uuid.UUID = business_fk()
    channel: str = Field(max_length=16)
    to: str = Field(max_length=254)
    subject: str = ""
    body: str
    provider_id: str = Field(unique=True, max_length=64)
    created_at: datetime = timestamp()


class DevEmail(SQLModel, table=True):
    """Emails the local email adapter 'sent': the dev mailbox (embedded/dev mode only).

    Account emails (verification, password reset, invitations) go to people, not to a
    tenant's leads, so this table has no business_id.
    """

    id: uuid.UUID = id_field()
    to: str = Field(max_length=254, index=True)
    subject: str = Field(max_length=200)
    text: str
    html: str = ""
    created_at: datetime = timestamp(index=True)
