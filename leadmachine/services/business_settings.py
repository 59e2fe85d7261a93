"""A business's settings: the profile the AI answers from, the widget's look, and
which websites may show the widget."""

import re
import uuid
from typing import Literal
from zoneinfo import available_timezones

import phonenumbers
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from leadmachine.config import get_settings
from leadmachine.db import tenant_session
from leadmachine.models import Business
from leadmachine.services.errors import InvalidInput
from leadmachine.services.permissions import Actor, Permission
from leadmachine.services.validation import field_errors, to_e164

_HOSTNAME = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^localhost$")


class BusinessSettings(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    services: str = Field("", max_length=2000)
    service_area: str = Field("", max_length=500)
    hours: str = Field("", max_length=500)
    timezone: str = "America/New_York"
    tone: Literal["friendly", "professional", "casual"] = "friendly"
    faq: str = Field("", max_length=5000)
    booking_link: str = Field("", max_length=500, pattern=r"^$|^https?://\S+$")
    default_region: str = Field("US", min_length=2, max_length=2)
    contact_phone: str = Field("", max_length=40)  # after the region it is read in
    widget_color: str = Field("#2563eb", pattern=r"^#[0-9a-fA-F]{6}$")
    widget_greeting: str = Field("", max_length=200)
    widget_button_text: str = Field("Text us", min_length=1, max_length=40)
    widget_position: Literal["left", "right"] = "right"
    allowed_domains: list[str] = Field(default_factory=list, max_length=20)
    ai_mode: Literal["auto", "draft", "off"] = "auto"
    nudge_after_hours: int = Field(24, ge=1, le=24 * 14)
    max_nudges: int = Field(1, ge=0, le=2)
    sms_number: str = Field("", max_length=20, pattern=r"^$|^\+[1-9]\d{6,14}$")

    @field_validator("contact_phone")
    @classmethod
    def _real_phone(cls, value: str, info) -> str:
        if not value:
            return value
        phone = to_e164(value, info.data.get("default_region") or "US")
        if phone is None:
            raise ValueError("Enter a valid phone number, including the area code.")
        return phone

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError("Choose a time zone such as America/New_York.")
        return value

    @field_validator("default_region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        if value.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError("Use a two-letter country code such as US or GB.")
        return value.upper()

    @field_validator("allowed_domains")
    @classmethod
    def _hostnames(cls, values: list[str]) -> list[str]:
        cleaned = []
        for value in values:
            host = value.strip().lower().removeprefix("https://").removeprefix("http://").split("/")[0]
            if host and not _HOSTNAME.match(host):
                raise ValueError(f"'{value}' is not a website address such as example.com or *.example.com.")
            if host and host not in cleaned:
                cleaned.append(host)
        return cleaned


FIELDS = tuple(BusinessSettings.model_fields)

# The generic messages for a pattern or a fixed choice speak of emails and booleans;
# these fields deserve their own words.
_CHOICE_MESSAGES = {
    "booking_link": "Enter a web address starting with https://.",
    "widget_color": "Choose a colour such as #2563eb.",
    "tone": "Choose friendly, professional or casual.",
    "widget_position": "Choose left or right.",
}


def _errors(error: ValidationError) -> dict[str, str]:
    fields = field_errors(error)
    for item in error.errors(include_url=False):
        name = str(item["loc"][0]) if item["loc"] else ""
        if item["type"] in ("string_pattern_mismatch", "literal_error") and name in _CHOICE_MESSAGES:
            fields[name] = _CHOICE_MESSAGES[name]
    return fields


def read(business_id: uuid.UUID) -> BusinessSettings:
    with tenant_session(business_id) as session:
        business = session.get(Business, business_id)
        return BusinessSettings.model_validate({field: getattr(business, field) for field in FIELDS})


def update(business_id: uuid.UUID, actor: Actor, changes: dict) -> BusinessSettings:
    actor.require(Permission.CHANGE_SETTINGS)
    current = read(business_id).model_dump()
    try:
        updated = BusinessSettings.model_validate({**current, **changes})
    except ValidationError as error:
        raise InvalidInput(_errors(error)) from None
    with tenant_session(business_id, actor.user_id) as session:
        business = session.get(Business, business_id)
        for field, value in updated.model_dump().items():
            setattr(business, field, value)
        session.add(business)
        session.commit()
    return updated


def embed_snippet(business_id: uuid.UUID) -> str:
    """The one line a business pastes into its website. The widget key is public by
    design (it sits in every page that shows the widget), so no permission is needed."""
    with tenant_session(business_id) as session:
        key = session.get(Business, business_id).public_key
    return f'<script src="{get_settings().base_url}/widget.js" data-key="{key}" async></script>'


def host_allowed(allowed_domains: list[str], host: str) -> bool:
    """No list means any site; otherwise the host or a `*.` wildcard must match."""
    if not allowed_domains:
        return True
    host = host.lower().split(":")[0]
    for domain in allowed_domains:
        if domain.startswith("*.") and (host.endswith(domain[1:]) or host == domain[2:]):
            return True
        if host == domain:
            return True
    return False


def frame_ancestors(allowed_domains: list[str]) -> str:
    """The CSP frame-ancestors value for the widget page."""
    if not allowed_domains:
        return "*"
    return " ".join(f"https://{domain} http://{domain}" for domain in allowed_domains)
