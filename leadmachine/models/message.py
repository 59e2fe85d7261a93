"""The conversation with a lead, the AI calls behind it, and the local outbox."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from leadmachine.models.base import business_fk, id_field, timestamp


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


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
    status: str = Field(default=MessageStatus.QUEUED, max_length=16)
    error: str | None = None
    idempotency_key: str | None = Field(default=None, unique=True, max_length=128)
    created_at: datetime = timestamp()
    sent_at: datetime | None = timestamp(nullable=True)


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
