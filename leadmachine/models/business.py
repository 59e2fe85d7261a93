"""A business (the tenant) and its profile, which the AI replies from."""

import uuid
from datetime import datetime

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
    created_at: datetime = timestamp()
