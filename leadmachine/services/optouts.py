"""Who said STOP. Checked inside the send path itself, never only when enqueueing."""

import uuid

from sqlmodel import Session, select

from leadmachine.models import Direction, Lead, Message, MessageStatus, OptOut
from leadmachine.models.base import utcnow

PENDING = (MessageStatus.DRAFT, MessageStatus.SCHEDULED, MessageStatus.QUEUED)


def active_opt_out(session: Session, phone_e164: str) -> OptOut | None:
    """The number's standing opt-out for the session's business (RLS scopes it)."""
    return session.exec(
        select(OptOut).where(OptOut.phone_e164 == phone_e164, OptOut.resubscribed_at.is_(None))
    ).first()


def record_opt_out(session: Session, business_id: uuid.UUID, phone_e164: str, source: str, keyword: str = "") -> bool:
    """Stop every automated text to this number for this business at once.

    Returns False when the number was already opted out. Pending texts to the number
    are cancelled in the same transaction, so nothing queued slips through."""
    if active_opt_out(session, phone_e164):
        return False
    session.add(OptOut(business_id=business_id, phone_e164=phone_e164, source=source, keyword=keyword))
    lead_ids = session.exec(select(Lead.id).where(Lead.phone_e164 == phone_e164)).all()
    if lead_ids:
        for message in session.exec(
            select(Message).where(
                Message.lead_id.in_(lead_ids),
                Message.direction == Direction.OUTBOUND,
                Message.status.in_(PENDING),
            )
        ).all():
            message.status = MessageStatus.CANCELLED
            message.error = "The recipient opted out."
            session.add(message)
    return True


def record_opt_in(session: Session, phone_e164: str) -> bool:
    opt_out = active_opt_out(session, phone_e164)
    if opt_out is None:
        return False
    opt_out.resubscribed_at = utcnow()
    session.add(opt_out)
    return True
