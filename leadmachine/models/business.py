"""A business (the tenant) and its profile, which the AI replies from."""

import uuid
from datetime import datetime

from sqlalchemy import Column
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from leadmachine.models.base import id_field, timestamp


class Business(SQLModel, table=True):
    id: uuid.UUID = id_field()
    name: str = Field(max_length=200)
    public_key: str = Field(unique=True, max_length=64)
    default_region: str = Field(default="US", max_length=2)
    timezone: str = Field(default="America/New_York", max_length=64)
    description: str = ""
    services: str = ""
    service_area: str = ""
    hours: str = ""
    contact_phone: str = ""
    booking_link: str = ""
    tone: str = Field(default="friendly", max_length=32)
    faq: str = ""
    widget_color: str = Field(default="#2563eb", max_length=7)
    widget_greeting: str = Field(default="Leave your details and we'll text you back within minutes.", max_length=200)
    widget_button_text: str = Field(default="Text us", max_length=40)
    widget_position: str = Field(default="right", max_length=5)
    ai_mode: str = Field(default="auto", max_length=8)
    nudge_after_hours: int = 24
    max_nudges: int = 1
    sms_number: str = Field(default="", max_length=20)
    allowed_domains: list[str] = Field(default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]"))
    created_at: datetime = timestamp()
