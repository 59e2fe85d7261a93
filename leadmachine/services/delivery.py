"""Handing one outbound text to the carrier, and recording what the carrier says of it.

`deliver` re-checks everything at the moment of sending (the row, not the queue, is the
truth): the message is still pending, the number has not opted out, the AI is not
paused for an automated text, and it is not quiet hours where the recipient is.
"""

import uuid
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import select

from leadmachine.config import get_settings
from leadmachine.db import identity_session, tenant_session
from leadmachine.models import Business, DeliveryEvent, Lead, Message, MessageKind, MessageStatus, WebhookEvent
from leadmachine.models.base import utcnow
from leadmachine.providers.sms import SmsProvider, SmsRequest
from leadmachine.services import compliance, optouts
from leadmachine.services.errors import ProviderRejected

AUTOMATED = {MessageKind.FIRST_REPLY, MessageKind.AI_REPLY, MessageKind.NUDGE}
OPTED_OUT_CODE = "21610"
# Later statuses never go back to earlier ones when callbacks arrive out of order.
STATUS_ORDER = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENT: 1,
    MessageStatus.DELIVERED: 2,
    MessageStatus.UNDELIVERED: 2,
    MessageStatus.FAILED: 2,
}


class DeliveryOutcome(StrEnum):
    SENT = "sent"
    SCHEDULED = "scheduled"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    FAILED = "failed"


def _business_of(message_id: uuid.UUID) -> uuid.UUID | None:
    with identity_session() as session:
        return session.execute(text("SELECT lm_message_business(:id)"), {"id": message_id}).scalar_one_or_none()


def status_callback_url() -> str:
    return f"{get_settings().base_url}/webhooks/twilio/status"


def deliver(message_id: uuid.UUID, sms: SmsProvider) -> DeliveryOutcome:
    business_id = _business_of(message_id)
    if business_id is None:
        return DeliveryOutcome.SKIPPED
    with tenant_session(business_id) as session:
        message = session.exec(select(Message).where(Message.id == message_id).with_for_update()).first()
        if message is None or message.status not in (MessageStatus.QUEUED, MessageStatus.SCHEDULED):
            return DeliveryOutcome.SKIPPED
        lead = session.get(Lead, message.lead_id)
        business = session.get(Business, business_id)
        automated = message.kind in AUTOMATED
        if message.kind != MessageKind.SYSTEM and optouts.active_opt_out(session, lead.phone_e164):
            return _cancel(session, message, "The recipient opted out.")
        if automated and not lead.ai_enabled:
            return _cancel(session, message, "A person took over this conversation.")
        if message.kind == MessageKind.NUDGE and (lead.last_inbound_at or lead.status != "new"):
            return _cancel(session, message, "The lead replied or moved on before the nudge went out.")
        now = utcnow()
        window = get_settings().quiet_window()
        if automated and (held_until := compliance.next_allowed_time(lead.phone_e164, business.timezone, now, window)):
            message.status, message.scheduled_for = MessageStatus.SCHEDULED, held_until
            session.add(message)
            session.commit()
            return DeliveryOutcome.SCHEDULED
        request = SmsRequest(
            business_id, lead.phone_e164, message.body, message.idempotency_key or str(message.id),
            status_callback=status_callback_url(),
        )
        try:
            result = sms.send(request)
        except ProviderRejected as rejection:
            message.status, message.error = MessageStatus.FAILED, str(rejection)
            message.error_code = str(rejection.code) if rejection.code else None
            session.add(DeliveryEvent(business_id=business_id, message_id=message.id, status="failed", error_code=message.error_code))
            if message.error_code == OPTED_OUT_CODE:
                optouts.record_opt_out(session, business_id, lead.phone_e164, source="provider_21610")
            session.add(message)
            session.commit()
            return DeliveryOutcome.FAILED
        message.status = MessageStatus.SENT
        message.provider, message.provider_id, message.sent_at = sms.name, result.provider_id, now
        lead.last_outbound_at = lead.last_activity_at = now
        session.add_all([message, lead, DeliveryEvent(business_id=business_id, message_id=message.id, status=result.status or "sent")])
        session.commit()
        return DeliveryOutcome.SENT


def _cancel(session, message: Message, reason: str) -> DeliveryOutcome:
    message.status, message.error = MessageStatus.CANCELLED, reason
    session.add(message)
    session.commit()
    return DeliveryOutcome.CANCELLED


def first_time(provider: str, event_id: str) -> bool:
    """Record a webhook delivery; False if this exact event was processed before."""
    with identity_session() as session:
        inserted = session.execute(
            insert(WebhookEvent)
            .values(id=uuid.uuid4(), provider=provider, event_id=event_id[:128], received_at=utcnow())
            .on_conflict_do_nothing(constraint="uq_webhookevent_provider_event")
            .returning(WebhookEvent.id)
        ).first()
        session.commit()
    return inserted is not None


def record_status(provider_message_id: str, status: str, error_code: str | None) -> bool:
    """Apply a carrier status callback; False when the message is unknown."""
    with identity_session() as session:
        row = session.execute(
            text("SELECT message_id, business_id FROM lm_provider_message(:pid)"), {"pid": provider_message_id}
        ).first()
    if row is None:
        return False
    message_id, business_id = row
    status = status.lower()
    with tenant_session(business_id) as session:
        message = session.exec(select(Message).where(Message.id == message_id).with_for_update()).one()
        session.add(DeliveryEvent(business_id=business_id, message_id=message_id, status=status[:16], error_code=error_code))
        if status in STATUS_ORDER and STATUS_ORDER[status] >= STATUS_ORDER.get(message.status, 0):
            message.status = status
            if error_code:
                message.error_code = error_code
                message.error = message.error or f"The carrier reported error {error_code}."
        lead = session.get(Lead, message.lead_id)
        if error_code == OPTED_OUT_CODE:
            optouts.record_opt_out(session, business_id, lead.phone_e164, source="provider_21610")
        lead.last_activity_at = utcnow()
        session.add_all([message, lead])
        session.commit()
    return True
