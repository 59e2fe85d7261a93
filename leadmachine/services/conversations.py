"""The two-way conversation: inbound texts, keywords, human replies and AI drafts."""

import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from leadmachine.db import identity_session, tenant_session
from leadmachine.models import Business, Direction, Lead, Message, MessageKind, MessageStatus
from leadmachine.models.base import utcnow
from leadmachine.queues import enqueue_delivery, enqueue_ai_reply
from leadmachine.services import compliance, optouts
from leadmachine.services.errors import DomainError, InvalidInput, NotFound
from leadmachine.services.permissions import Actor, Permission

AI_MODES = ("auto", "draft", "off")
MAX_BODY = 1600


class InboundOutcome(StrEnum):
    UNKNOWN_SENDER = "unknown_sender"
    DUPLICATE = "duplicate"
    OPTED_OUT = "opted_out"
    OPTED_IN = "opted_in"
    HELP = "help"
    MESSAGE = "message"


@dataclass(frozen=True)
class InboundResult:
    outcome: InboundOutcome
    lead_id: uuid.UUID | None = None
    business_id: uuid.UUID | None = None


def effective_mode(business: Business, lead: Lead) -> str:
    return lead.ai_mode or business.ai_mode


def new_outbound(session: Session, lead: Lead, body: str, kind: str, *, ai: bool, key: str | None = None,
                 status: str = MessageStatus.QUEUED, sent_by: uuid.UUID | None = None) -> Message:
    message = Message(
        business_id=lead.business_id, lead_id=lead.id, direction=Direction.OUTBOUND, body=body, kind=kind,
        ai_generated=ai, idempotency_key=key, status=status, sent_by_user_id=sent_by,
    )
    session.add(message)
    session.flush()
    return message


def help_text(business: Business) -> str:
    contact = f" Call {business.contact_phone} or reply here." if business.contact_phone else " Reply here and we'll help."
    return f"{business.name}: we answer questions about your request.{contact} Msg & data rates may apply. Reply STOP to opt out."


def receive_inbound(from_phone: str, to_phone: str, body: str, provider_id: str, confirms_opt_out: bool) -> InboundResult:
    """Append an inbound text to its lead's conversation and act on it.

    `confirms_opt_out` is False when the carrier already confirms STOP/START itself
    (Twilio Advanced Opt-Out), so the lead gets exactly one confirmation."""
    with identity_session() as session:
        row = session.execute(
            text("SELECT lead_id, business_id FROM lm_inbound_lead(:sender, :recipient)"),
            {"sender": from_phone, "recipient": to_phone},
        ).first()
    if row is None:
        return InboundResult(InboundOutcome.UNKNOWN_SENDER)
    lead_id, business_id = row
    now = utcnow()
    with tenant_session(business_id) as session:
        lead = session.exec(select(Lead).where(Lead.id == lead_id).with_for_update()).one()
        business = session.get(Business, business_id)
        session.add(
            Message(
                business_id=business_id, lead_id=lead_id, direction=Direction.INBOUND, kind=MessageKind.INBOUND,
                body=body[:MAX_BODY], status=MessageStatus.RECEIVED, provider_id=provider_id[:64],
                idempotency_key=f"inbound:{provider_id}"[:128], sent_at=now,
            )
        )
        try:
            session.flush()
        except IntegrityError:
            return InboundResult(InboundOutcome.DUPLICATE, lead_id, business_id)
        lead.last_inbound_at = lead.last_activity_at = now
        session.add(lead)
        outcome, reply = _act_on_keyword(session, business, lead, body, confirms_opt_out, provider_id)
        session.commit()
        reply_id = reply.id if reply else None
    if reply_id:
        enqueue_delivery(reply_id)
    elif outcome == InboundOutcome.MESSAGE and lead.ai_enabled and effective_mode(business, lead) != "off":
        enqueue_ai_reply(lead_id, provider_id)
    return InboundResult(outcome, lead_id, business_id)


def _act_on_keyword(session, business, lead, body, confirms_opt_out, provider_id):
    key = f"keyword-reply:{provider_id}"[:128]
    if compliance.is_opt_out(body):
        optouts.record_opt_out(session, business.id, lead.phone_e164, source="keyword", keyword=compliance.keyword(body))
        reply = None
        if confirms_opt_out:
            reply = new_outbound(
                session, lead, f"{business.name}: you're unsubscribed and will get no more texts. Reply START to resubscribe.",
                MessageKind.SYSTEM, ai=False, key=key,
            )
        return InboundOutcome.OPTED_OUT, reply
    if compliance.is_opt_in(body):
        optouts.record_opt_in(session, lead.phone_e164)
        reply = None
        if confirms_opt_out:
            reply = new_outbound(
                session, lead, f"{business.name}: you're resubscribed. Reply STOP to opt out.", MessageKind.SYSTEM, ai=False, key=key
            )
        return InboundOutcome.OPTED_IN, reply
    if compliance.is_help(body):
        return InboundOutcome.HELP, new_outbound(session, lead, help_text(business), MessageKind.SYSTEM, ai=False, key=key)
    return InboundOutcome.MESSAGE, None


def _locked_lead(session, lead_id: uuid.UUID) -> Lead:
    lead = session.exec(select(Lead).where(Lead.id == lead_id).with_for_update()).first()
    if lead is None:
        raise NotFound("That lead does not exist or was deleted.")
    return lead


def send_human_reply(business_id: uuid.UUID, actor: Actor, lead_id: uuid.UUID, body: str) -> uuid.UUID:
    """A person answers from the inbox: sent by SMS, marked human, and the AI pauses."""
    actor.require(Permission.REPLY)
    body = body.strip()
    if not 1 <= len(body) <= MAX_BODY:
        raise InvalidInput({"body": f"Write 1 to {MAX_BODY} characters."})
    with tenant_session(business_id, actor.user_id) as session:
        lead = _locked_lead(session, lead_id)
        if optouts.active_opt_out(session, lead.phone_e164):
            raise DomainError("This person opted out of texts (they replied STOP). They must text START first.")
        message = new_outbound(session, lead, body, MessageKind.HUMAN, ai=False, sent_by=actor.user_id)
        lead.ai_enabled = False
        lead.last_activity_at = utcnow()
        session.add(lead)
        session.commit()
    enqueue_delivery(message.id)
    return message.id


def set_ai_enabled(business_id: uuid.UUID, actor: Actor, lead_id: uuid.UUID, enabled: bool) -> None:
    actor.require(Permission.REPLY)
    with tenant_session(business_id, actor.user_id) as session:
        lead = _locked_lead(session, lead_id)
        lead.ai_enabled = enabled
        lead.last_activity_at = utcnow()
        session.add(lead)
        session.commit()


def set_lead_ai_mode(business_id: uuid.UUID, actor: Actor, lead_id: uuid.UUID, mode: str | None) -> None:
    """Override the business's AI mode for one lead (None follows the business)."""
    actor.require(Permission.REPLY)
    if mode is not None and mode not in AI_MODES:
        raise InvalidInput({"ai_mode": "Choose auto, draft or off."})
    with tenant_session(business_id, actor.user_id) as session:
        lead = _locked_lead(session, lead_id)
        lead.ai_mode = mode
        session.add(lead)
        session.commit()


def approve_draft(business_id: uuid.UUID, actor: Actor, message_id: uuid.UUID, body: str | None = None) -> None:
    """Send an AI draft, as written or as edited by the owner."""
    actor.require(Permission.REPLY)
    with tenant_session(business_id, actor.user_id) as session:
        message = session.exec(select(Message).where(Message.id == message_id).with_for_update()).first()
        if message is None or message.status != MessageStatus.DRAFT:
            raise NotFound("That draft was already sent or discarded.")
        if body is not None:
            body = body.strip()
            if not 1 <= len(body) <= MAX_BODY:
                raise InvalidInput({"body": f"Write 1 to {MAX_BODY} characters."})
            message.body = body
        message.status = MessageStatus.QUEUED
        message.sent_by_user_id = actor.user_id
        session.add(message)
        session.commit()
    enqueue_delivery(message_id)


def discard_draft(business_id: uuid.UUID, actor: Actor, message_id: uuid.UUID) -> None:
    actor.require(Permission.REPLY)
    with tenant_session(business_id, actor.user_id) as session:
        message = session.get(Message, message_id)
        if message is None or message.status != MessageStatus.DRAFT:
            raise NotFound("That draft was already sent or discarded.")
        message.status = MessageStatus.CANCELLED
        message.error = f"Discarded by {actor.label}."
        session.add(message)
        session.commit()
