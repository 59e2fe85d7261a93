"""Automated texts to a lead: the first reply, AI answers to their texts, and nudges.

Each is idempotent: the lead row is locked while the message is written, and every
message carries a unique idempotency key, so a job that runs twice (a retry, the
sweeper, a duplicate enqueue) writes and sends one text. Delivery itself, with the
opt-out and quiet-hours checks, is `delivery.deliver`.

Guardrails: the reply is trimmed to two SMS segments with the AI disclosure kept on
the first automated text; a model error or timeout falls back to a safe template, so a
lead is always answered; when the model asks for a person (HANDOFF) the AI pauses for
that lead and a short holding text goes out instead.
"""

import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlmodel import select

from leadmachine.db import business_for_lead, tenant_session
from leadmachine.models import AiLog, Business, Direction, FollowupState, Lead, Message, MessageKind, MessageStatus
from leadmachine.models.base import utcnow
from leadmachine.providers.ai import AiProvider, BusinessProfile, LocalAi, ReplyRequest
from leadmachine.providers.sms import SmsProvider
from leadmachine.services import compliance, optouts, prompts
from leadmachine.services.conversations import effective_mode, new_outbound
from leadmachine.services.delivery import DeliveryOutcome, deliver
from leadmachine.services.errors import ProviderRejected, ProviderUnavailable

SENT_STATUSES = (MessageStatus.SENT, MessageStatus.DELIVERED)


class FollowupOutcome(StrEnum):
    SENT = "sent"
    SCHEDULED = "scheduled"
    DRAFTED = "drafted"
    SKIPPED = "skipped"
    ALREADY_HANDLED = "already_handled"
    LEAD_GONE = "lead_gone"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Composed:
    body: str
    handoff: bool


def ai_disclosure(business_name: str) -> str:
    """Carried by the first automated text a lead receives (privacy policy section 7)."""
    return f"- {business_name}'s AI assistant. Reply STOP to opt out."


def holding_text(first_name: str) -> str:
    return f"Thanks {first_name}! A member of our team will text you back shortly."


def first_reply_key(lead_id: uuid.UUID) -> str:
    return f"first-reply:{lead_id}"


def _profile(business: Business) -> BusinessProfile:
    return BusinessProfile(
        name=business.name, description=business.description, services=business.services,
        service_area=business.service_area, hours=business.hours, booking_link=business.booking_link,
        tone=business.tone, faq=business.faq,
    )


def _conversation(session, lead: Lead, business: Business) -> tuple[tuple[str, str], ...]:
    """The thread as the model sees it: our texts without the appended disclosure,
    which is the sender's job, not something for the model to imitate."""
    messages = session.exec(
        select(Message).where(Message.lead_id == lead.id).order_by(Message.created_at)
    ).all()
    disclosure = ai_disclosure(business.name)
    turns = [("lead", lead.message)]
    for message in messages:
        if message.direction == Direction.INBOUND:
            turns.append(("lead", message.body))
        elif message.status in SENT_STATUSES:
            turns.append(("business", message.body.removesuffix(disclosure).rstrip()))
    return tuple(turns)


def _disclosed_before(session, lead: Lead) -> bool:
    return session.exec(
        select(Message.id).where(
            Message.lead_id == lead.id, Message.ai_generated, Message.status.in_(SENT_STATUSES)
        )
    ).first() is not None


def _compose(session, ai: AiProvider, business: Business, lead: Lead, request: ReplyRequest, disclose: bool) -> Composed:
    """Ask the AI, log the call, and apply the guardrails."""
    started = time.perf_counter()
    outcome, handoff = "ok", False
    try:
        reply = ai.compose_reply(request)
        text = reply.text
        handoff = prompts.is_handoff(text)
    except (ProviderUnavailable, ProviderRejected) as error:
        outcome = "fallback"
        reply = LocalAi().compose_reply(request)
        text = reply.text
        session.add(_log(business, lead, getattr(ai, "model", "unknown"), started, outcome, error))
    if outcome == "ok":
        session.add(_log(business, lead, reply.model, started, "handoff" if handoff else "ok", None, reply))
    if handoff:
        text = holding_text(request.lead_first_name)
    suffix = ai_disclosure(business.name) if disclose else ""
    return Composed(compliance.fit_two_segments(text, suffix), handoff)


def _log(business, lead, model, started, outcome, error=None, reply=None) -> AiLog:
    return AiLog(
        business_id=business.id, lead_id=lead.id, model=model[:64],
        input_tokens=reply.input_tokens if reply else 0, output_tokens=reply.output_tokens if reply else 0,
        latency_ms=reply.latency_ms if reply else round((time.perf_counter() - started) * 1000),
        outcome=outcome if error is None else f"{outcome}:{type(error).__name__}"[:32],
    )


def _write(session, business, lead, ai, request, kind, key, disclose) -> Message:
    composed = _compose(session, ai, business, lead, request, disclose)
    if composed.handoff:
        lead.ai_enabled = False
        session.add(lead)
    status = MessageStatus.DRAFT if effective_mode(business, lead) == "draft" and not composed.handoff else MessageStatus.QUEUED
    return new_outbound(session, lead, composed.body, kind, ai=True, key=key, status=status)


def _request(business: Business, lead: Lead, latest: str, conversation=()) -> ReplyRequest:
    return ReplyRequest(_profile(business), lead.name.split()[0], latest, conversation)


def send_first_reply(lead_id: uuid.UUID, ai: AiProvider, sms: SmsProvider) -> FollowupOutcome:
    business_id = business_for_lead(lead_id)
    if business_id is None:
        return FollowupOutcome.LEAD_GONE
    with tenant_session(business_id) as session:
        lead = session.exec(select(Lead).where(Lead.id == lead_id).with_for_update()).first()
        if lead is None:
            return FollowupOutcome.LEAD_GONE
        if lead.followup_state != FollowupState.PENDING:
            return FollowupOutcome.ALREADY_HANDLED
        business = session.get(Business, business_id)
        if not lead.ai_enabled or effective_mode(business, lead) == "off":
            lead.followup_state = FollowupState.SENT
            session.add(lead)
            session.commit()
            return FollowupOutcome.SKIPPED
        key = first_reply_key(lead_id)
        message = session.exec(select(Message).where(Message.idempotency_key == key)).first()
        if message is None:
            message = _write(session, business, lead, ai, _request(business, lead, lead.message), MessageKind.FIRST_REPLY, key, True)
        if message.status == MessageStatus.DRAFT:
            lead.followup_state = FollowupState.SENT
            session.add(lead)
        session.commit()
        message_id, drafted = message.id, message.status == MessageStatus.DRAFT
    if drafted:
        return FollowupOutcome.DRAFTED
    outcome = deliver(message_id, sms)
    _finish_first_reply(business_id, lead_id, message_id, outcome)
    return {
        DeliveryOutcome.SENT: FollowupOutcome.SENT,
        DeliveryOutcome.SCHEDULED: FollowupOutcome.SCHEDULED,
        DeliveryOutcome.FAILED: FollowupOutcome.REJECTED,
    }.get(outcome, FollowupOutcome.SKIPPED)


def _finish_first_reply(business_id, lead_id, message_id, outcome: DeliveryOutcome) -> None:
    with tenant_session(business_id) as session:
        lead = session.exec(select(Lead).where(Lead.id == lead_id).with_for_update()).one()
        message = session.get(Message, message_id)
        lead.followup_state = FollowupState.FAILED if outcome == DeliveryOutcome.FAILED else FollowupState.SENT
        if message.sent_at and lead.first_reply_at is None:
            lead.first_reply_at = message.sent_at
        session.add(lead)
        session.commit()


def send_ai_reply(lead_id: uuid.UUID, inbound_provider_id: str, ai: AiProvider, sms: SmsProvider) -> FollowupOutcome:
    """Answer the lead's latest text, according to the AI mode."""
    business_id = business_for_lead(lead_id)
    if business_id is None:
        return FollowupOutcome.LEAD_GONE
    key = f"ai-reply:{inbound_provider_id}"[:128]
    with tenant_session(business_id) as session:
        lead = session.exec(select(Lead).where(Lead.id == lead_id).with_for_update()).first()
        if lead is None:
            return FollowupOutcome.LEAD_GONE
        business = session.get(Business, business_id)
        if not lead.ai_enabled or effective_mode(business, lead) == "off" or optouts.active_opt_out(session, lead.phone_e164):
            return FollowupOutcome.SKIPPED
        message = session.exec(select(Message).where(Message.idempotency_key == key)).first()
        if message is None:
            history = _conversation(session, lead, business)
            latest = history[-1][1] if history and history[-1][0] == "lead" else ""
            request = _request(business, lead, latest, history[:-1] if latest else history)
            message = _write(session, business, lead, ai, request, MessageKind.AI_REPLY, key, not _disclosed_before(session, lead))
        session.commit()
    return _deliver_unless_draft(message, sms)


def send_nudge(lead_id: uuid.UUID, ai: AiProvider, sms: SmsProvider) -> FollowupOutcome:
    """One follow-up when the lead has not replied; conditions re-checked here, not only
    when the scheduler picked the lead."""
    business_id = business_for_lead(lead_id)
    if business_id is None:
        return FollowupOutcome.LEAD_GONE
    with tenant_session(business_id) as session:
        lead = session.exec(select(Lead).where(Lead.id == lead_id).with_for_update()).first()
        if lead is None:
            return FollowupOutcome.LEAD_GONE
        business = session.get(Business, business_id)
        if not nudge_due(lead, business) or optouts.active_opt_out(session, lead.phone_e164):
            return FollowupOutcome.SKIPPED
        lead.nudges_sent += 1
        key = f"nudge:{lead_id}:{lead.nudges_sent}"
        request = _request(business, lead, "", _conversation(session, lead, business))
        message = _write(session, business, lead, ai, request, MessageKind.NUDGE, key, not _disclosed_before(session, lead))
        session.add(lead)
        session.commit()
    return _deliver_unless_draft(message, sms)


def _deliver_unless_draft(message: Message, sms: SmsProvider) -> FollowupOutcome:
    """Called after the commit: a draft waits for the owner, anything else goes out."""
    if message.status == MessageStatus.DRAFT:
        return FollowupOutcome.DRAFTED
    return FollowupOutcome.SENT if deliver(message.id, sms) == DeliveryOutcome.SENT else FollowupOutcome.SKIPPED


def nudge_due(lead: Lead, business: Business) -> bool:
    return (
        lead.status == "new"
        and lead.ai_enabled
        and effective_mode(business, lead) != "off"
        and lead.followup_state == FollowupState.SENT
        and lead.last_inbound_at is None
        and lead.nudges_sent < business.max_nudges
        and lead.last_outbound_at is not None
        and utcnow() - lead.last_outbound_at >= timedelta(hours=business.nudge_after_hours)
    )
