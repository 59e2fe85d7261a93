"""Taking in a lead: validate what the visitor sent, store it with its consent, at once.

The row is the source of truth. The caller enqueues the follow-up after the commit,
and the sweeper (jobs/maintenance.py) catches any lead whose follow-up never ran.
"""

import uuid
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator
from pydantic.functional_validators import BeforeValidator

from leadmachine.db import business_for_widget_key, tenant_session
from leadmachine.models import Business, ConsentRecord, Lead, LeadEvent
from leadmachine.models.base import utcnow
from leadmachine.services.business_settings import host_allowed
from leadmachine.services.errors import DomainError, InvalidInput, NotFound
from leadmachine.services.validation import EMAIL_PATTERN, field_errors, strip_control_chars, to_e164
from leadmachine.services.visitors import VisitorContext, country_for_ip, describe_device

CONSENT_VERSION = "sms-consent-v1"
CONSENT_REQUIRED = "Please tick the box to agree to receive text messages."


def consent_text(business_name: str) -> str:
    """The exact words beside the consent box; stored with every lead (TCPA/CTIA)."""
    return (
        f"I agree to receive text messages from {business_name} about my request, "
        "including automated replies written by AI. Consent is not a condition of purchase. "
        "Msg & data rates may apply. Reply STOP to opt out, HELP for help."
    )


def _clean(value: Any) -> Any:
    return strip_control_chars(value).strip() if isinstance(value, str) else value


CleanStr = Annotated[str, BeforeValidator(_clean)]


class WidgetSubmission(BaseModel):
    """The widget's JSON body. Unknown fields are ignored; types are strict."""

    model_config = ConfigDict(extra="ignore", strict=True)

    name: CleanStr = Field(min_length=1, max_length=100)
    phone: CleanStr = Field(min_length=1, max_length=40)
    message: CleanStr = Field(min_length=1, max_length=2000)
    consent: StrictBool
    email: CleanStr | None = Field(None, max_length=254, pattern=rf"^$|{EMAIL_PATTERN}")
    page_url: CleanStr = Field("", max_length=2000)
    referrer: CleanStr = Field("", max_length=2000)
    utm: dict[str, Annotated[CleanStr, Field(max_length=200)]] = Field(default_factory=dict)
    website: CleanStr = ""  # honeypot: hidden from people, filled by bots

    @field_validator("consent")
    @classmethod
    def _consent_given(cls, value: bool) -> bool:
        if not value:
            raise ValueError(CONSENT_REQUIRED)
        return value

    @field_validator("utm")
    @classmethod
    def _few_utm_keys(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > 10:
            raise ValueError("At most 10 UTM parameters.")
        return {key[:50]: text for key, text in value.items()}


@dataclass(frozen=True)
class WidgetBusiness:
    id: uuid.UUID
    name: str
    public_key: str
    default_region: str
    greeting: str
    color: str
    button_text: str
    position: str
    allowed_domains: list[str]

    @property
    def consent_text(self) -> str:
        return consent_text(self.name)


def widget_business(public_key: str) -> WidgetBusiness:
    """The business behind a widget key; NotFound for unknown or malformed keys."""
    if not public_key or len(public_key) > 64:
        raise NotFound("Unknown widget key.")
    business_id = business_for_widget_key(public_key)
    if business_id is None:
        raise NotFound("Unknown widget key.")
    return intake_business(business_id)


def intake_business(business_id: uuid.UUID) -> WidgetBusiness:
    with tenant_session(business_id) as session:
        business = session.get(Business, business_id)
        return WidgetBusiness(
            business.id, business.name, business.public_key, business.default_region, business.widget_greeting,
            business.widget_color, business.widget_button_text, business.widget_position, business.allowed_domains,
        )


def parse_submission(payload: Any, default_region: str) -> tuple[WidgetSubmission, str]:
    """A validated submission and its E.164 phone; InvalidInput lists every bad field."""
    if not isinstance(payload, dict):
        raise InvalidInput({"body": "Send a JSON object."})
    try:
        submission = WidgetSubmission.model_validate(payload)
        errors: dict[str, str] = {}
    except ValidationError as error:
        submission = None
        errors = field_errors(error)
    phone = payload.get("phone")
    phone_e164 = None
    if "phone" not in errors and isinstance(phone, str):
        phone_e164 = to_e164(_clean(phone), default_region)
        if phone_e164 is None:
            errors["phone"] = "Enter a valid phone number, including the area code."
    if "consent" in errors:
        errors["consent"] = CONSENT_REQUIRED
    if errors:
        raise InvalidInput(errors)
    return submission, phone_e164


class DomainNotAllowed(DomainError):
    pass


def check_page_allowed(business: WidgetBusiness, page_url: str) -> None:
    """The widget works only on the business's allowed websites (when it lists any)."""
    if not page_url:
        return  # our own hosted page, opened directly
    try:
        host = urlsplit(page_url).hostname or ""
    except ValueError:
        host = ""
    if not host_allowed(business.allowed_domains, host):
        raise DomainNotAllowed(f"This contact form is not enabled on {host or 'this website'}.")


def is_bot(submission: WidgetSubmission) -> bool:
    return bool(submission.website)


def create_lead(
    business: WidgetBusiness,
    submission: WidgetSubmission,
    phone_e164: str,
    visitor: VisitorContext,
    source: str = "widget",
) -> uuid.UUID:
    """Store the lead, its consent and its first event in one transaction."""
    device = describe_device(visitor.user_agent)
    now = utcnow()
    with tenant_session(business.id) as session:
        consent = ConsentRecord(
            business_id=business.id,
            phone_e164=phone_e164,
            text=business.consent_text,
            version=CONSENT_VERSION,
            ip=visitor.ip[:64],
            page_url=submission.page_url,
            given_at=now,
        )
        lead = Lead(
            business_id=business.id,
            name=submission.name,
            phone_e164=phone_e164,
            email=submission.email or None,
            message=submission.message,
            source=source,
            page_url=submission.page_url,
            referrer=submission.referrer or visitor.referrer[:2000],
            utm=submission.utm,
            ip=visitor.ip[:64],
            user_agent=visitor.user_agent[:512],
            browser=device.browser,
            os=device.os,
            device=device.device,
            geo_country=country_for_ip(visitor.ip),
            consent_id=consent.id,
            created_at=now,
            last_activity_at=now,
        )
        session.add(consent)
        session.add(lead)
        session.flush()
        session.add(
            LeadEvent(business_id=business.id, lead_id=lead.id, kind="created", to_status=lead.status, actor_label=source, at=now)
        )
        session.commit()
        return lead.id
