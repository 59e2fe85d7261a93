"""The first automated reply to a new lead: AI writes it, SMS delivers it, once.

Idempotent: the lead row is locked for the duration and the message carries a unique
idempotency key, so a job that runs twice (a retry, the sweeper, a duplicate enqueue)
sends one text.
"""

import time
import uuid
from enum import StrEnum

from sqlmodel import select

from leadmachine.db import business_for_lead, tenant_session
from leadmachine.models import (
    AiLog,
    Business,
    Direction,
    FollowupState,
    Lead,
    Message,
    MessageStatus,
)
from leadmachine.models.base import utcnow
from leadmachine.providers.ai import AiProvider, BusinessProfile, ReplyRequest
from leadmachine.providers.sms import SmsProvider, SmsRequest
from leadmachine.services.errors import ProviderRejected


class FollowupOutcome(StrEnum):
    SENT = "sent"
    ALREADY_HANDLED = "already_handled"
    LEAD_GONE = "lead_gone"
    REJECTED = "rejected"


def ai_disclosure(business_name: str) -> str:
    """Appended to the first automated text a lead receives (privacy policy section 7)."""
    return f"- {business_name}'s AI assistant. Reply STOP to opt out."


def first_reply_key(lead_id: uuid.UUID) -> str:
    return f"first-reply:{lead_id}"


def send_first_reply(lead_id: uuid.UUID, ai: AiProvider, sms: SmsProvider) -> FollowupOutcome:
    business_id = business_for_lead(lead_id)
    if business_id is None:
        return FollowupOutcome.LEAD_GONE
    with tenant_session(business_id) as session:
        lead = session.exec(select(Lead).where(Lead.id == lead_id).with_for_update()).first()
        if lead is None:
            return FollowupOutcome.LEAD_GONE
        if lead.followup_state != FollowupState.PENDING or not lead.ai_enabled:
            return FollowupOutcome.ALREADY_HANDLED
        key = first_reply_key(lead_id)
        message = session.exec(select(Message).where(Message.idempotency_key == key)).first()
        if message is None:
            business = session.get(Business, business_id)
            message = _compose(session, business, lead, ai, key)
            message.provider = sms.name
        try:
            result = sms.send(SmsRequest(business_id, lead.phone_e164, message.body, key))
        except ProviderRejected as rejection:
            message.status = MessageStatus.FAILED
            message.error = str(rejection)
            lead.followup_state = FollowupState.FAILED
            session.commit()
            return FollowupOutcome.REJECTED
        now = utcnow()
        message.status = MessageStatus.SENT
        message.provider_id = result.provider_id
        message.sent_at = now
        lead.followup_state = FollowupState.SENT
        lead.first_reply_at = now
        lead.last_activity_at = now
        session.add_all([message, lead])
        session.commit()
        return FollowupOutcome.SENT


def _compose(session, business: Business, lead: Lead, ai: AiProvider, key: str) -> Message:
    started = time.perf_counter()
    reply = ai.compose_reply(
        ReplyRequest(
            business=BusinessProfile(
                name=business.name,
                description=business.description,
                services=business.services,
                service_area=business.service_area,
                hours=business.hours,
                booking_link=business.booking_link,
            ),
            lead_first_name=lead.name.split()[0],
            lead_message=lead.message,
        )
    )
    session.add(
        AiLog(
            business_id=business.id,
            lead_id=lead.id,
            model=reply.model,
            input_tokens=reply.input_tokens,
            output_tokens=reply.output_tokens,
            latency_ms=reply.latency_ms or round((time.perf_counter() - started) * 1000),
            outcome="ok",
        )
    )
    message = Message(
        business_id=business.id,
        lead_id=lead.id,
        direction=Direction.OUTBOUND,
        body=f"{reply.text} {ai_disclosure(business.name)}",
        ai_generated=True,
        idempotency_key=key,
    )
    session.add(message)
    session.flush()
    return message
