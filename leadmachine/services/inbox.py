"""What owners read and change in the inbox: lead lists, one lead's story, its status."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

from leadmachine.db import tenant_session
from leadmachine.models import Business, DeliveryEvent, Lead, LeadEvent, LeadStatus, Message, MessageStatus, OptOut
from leadmachine.models.base import utcnow
from leadmachine.services import audit, optouts
from leadmachine.services.errors import InvalidInput, NotFound
from leadmachine.services.permissions import Actor

PREVIEW_LENGTH = 90
ATTENTION = (MessageStatus.DRAFT, MessageStatus.FAILED, MessageStatus.SCHEDULED)


@dataclass(frozen=True)
class LeadSummary:
    id: uuid.UUID
    name: str
    phone: str
    preview: str
    status: str
    created_at: datetime
    ai_replied: bool
    reply_state: str  # "" or what the owner should know: scheduled, draft, failed, opted out


@dataclass(frozen=True)
class LeadDetail:
    lead: Lead
    events: list[LeadEvent]
    messages: list[Message]
    timelines: dict[uuid.UUID, list[str]]  # message id -> carrier statuses, oldest first
    opted_out: bool
    ai_mode: str  # the mode in force: the lead's override or the business's


def list_leads(business_id: uuid.UUID, limit: int = 100) -> list[LeadSummary]:
    with tenant_session(business_id) as session:
        leads = session.exec(select(Lead).order_by(Lead.created_at.desc()).limit(limit)).all()
        lead_ids = [lead.id for lead in leads]
        pending = dict(
            session.exec(
                select(Message.lead_id, func.min(Message.status))
                .where(Message.lead_id.in_(lead_ids), Message.status.in_(ATTENTION))
                .group_by(Message.lead_id)
            ).all()
        )
        opted_out = set(
            session.exec(
                select(OptOut.phone_e164).where(
                    OptOut.resubscribed_at.is_(None), OptOut.phone_e164.in_({lead.phone_e164 for lead in leads})
                )
            ).all()
        )
    return [
        LeadSummary(
            id=lead.id,
            name=lead.name,
            phone=lead.phone_e164,
            preview=_preview(lead.message),
            status=lead.status,
            created_at=lead.created_at,
            ai_replied=lead.first_reply_at is not None,
            reply_state="opted out" if lead.phone_e164 in opted_out else pending.get(lead.id, ""),
        )
        for lead in leads
    ]


def activity_marker(business_id: uuid.UUID) -> str:
    """Changes whenever a lead arrives or changes: lets an open inbox refresh cheaply."""
    with tenant_session(business_id) as session:
        count, latest = session.exec(select(func.count(Lead.id), func.max(Lead.last_activity_at))).one()
    return f"{count}:{latest.isoformat() if latest else ''}"


def lead_detail(business_id: uuid.UUID, lead_id: uuid.UUID, viewer: Actor | None = None) -> LeadDetail:
    """One lead's story. Pass `viewer` when a person or key opens it: that view is
    recorded in the access log (refreshes of an open page are not)."""
    with tenant_session(business_id) as session:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise NotFound("That lead does not exist or was deleted.")
        events = session.exec(
            select(LeadEvent).where(LeadEvent.lead_id == lead_id).order_by(LeadEvent.at)
        ).all()
        messages = session.exec(
            select(Message).where(Message.lead_id == lead_id).order_by(Message.created_at)
        ).all()
        timelines: dict[uuid.UUID, list[str]] = {}
        for event in session.exec(
            select(DeliveryEvent)
            .where(DeliveryEvent.message_id.in_([m.id for m in messages]))
            .order_by(DeliveryEvent.at)
        ).all():
            timelines.setdefault(event.message_id, []).append(event.status)
        opted_out = optouts.active_opt_out(session, lead.phone_e164) is not None
        ai_mode = lead.ai_mode or session.get(Business, business_id).ai_mode
    if viewer is not None:
        audit.record(business_id, viewer, "lead.view", "lead", lead_id)
    return LeadDetail(lead, list(events), list(messages), timelines, opted_out, ai_mode)


def change_status(
    business_id: uuid.UUID, lead_id: uuid.UUID, new_status: str, actor_user_id: uuid.UUID, actor_label: str
) -> None:
    """Move a lead in the pipeline; every change is recorded with who and when."""
    if new_status not in set(LeadStatus):
        raise InvalidInput({"status": f"Choose one of: {', '.join(LeadStatus)}."})
    with tenant_session(business_id, actor_user_id) as session:
        lead = session.exec(select(Lead).where(Lead.id == lead_id).with_for_update()).first()
        if lead is None:
            raise NotFound("That lead does not exist or was deleted.")
        if lead.status == new_status:
            return
        now = utcnow()
        session.add(
            LeadEvent(
                business_id=business_id,
                lead_id=lead_id,
                kind="status_changed",
                from_status=lead.status,
                to_status=new_status,
                actor_user_id=actor_user_id,
                actor_label=actor_label,
                at=now,
            )
        )
        lead.status = new_status
        lead.last_activity_at = now
        session.add(lead)
        session.commit()


def _preview(message: str) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= PREVIEW_LENGTH else flat[: PREVIEW_LENGTH - 1] + "…"
