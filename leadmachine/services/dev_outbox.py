"""The dev outbox: texts the local SMS adapter kept, and replies simulated from leads.

Development only (refused in production): with no carrier attached, this is how a
person trying Lead Machine on a laptop sees the texts and plays the lead's side.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from leadmachine.config import get_settings
from leadmachine.db import tenant_session
from leadmachine.models import Business, Lead, OutboxMessage
from leadmachine.providers import get_sms
from leadmachine.services import conversations
from leadmachine.services.errors import DomainError, InvalidInput, NotFound


class OutboxUnavailable(DomainError):
    pass


@dataclass(frozen=True)
class OutboxText:
    to: str
    body: str
    created_at: datetime


def _require_development() -> None:
    if get_settings().production:
        raise OutboxUnavailable("The dev outbox is not available in production.")


def list_texts(business_id: uuid.UUID, limit: int = 100) -> list[OutboxText]:
    _require_development()
    with tenant_session(business_id) as session:
        rows = session.exec(
            select(OutboxMessage).where(OutboxMessage.channel == "sms").order_by(OutboxMessage.created_at.desc()).limit(limit)
        ).all()
    return [OutboxText(row.to, row.body, row.created_at) for row in rows]


def simulate_reply(business_id: uuid.UUID, lead_id: uuid.UUID, body: str) -> conversations.InboundResult:
    """Play the lead: their text arrives exactly as an inbound webhook's would."""
    _require_development()
    body = body.strip()
    if not 1 <= len(body) <= conversations.MAX_BODY:
        raise InvalidInput({"body": "Write the lead's text (1 to 1600 characters)."})
    with tenant_session(business_id) as session:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise NotFound("That lead does not exist.")
        to_number = session.get(Business, business_id).sms_number
    return conversations.receive_inbound(
        lead.phone_e164, to_number, body, f"SIM{uuid.uuid4().hex}", not get_sms().confirms_opt_outs
    )
