"""Telling the team about new leads by email, and hearing back about bounces."""

import uuid
from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

import structlog

from sqlalchemy import func, text
from sqlmodel import select

from leadmachine.config import get_settings
from leadmachine.db import business_for_lead, identity_session, tenant_session
from leadmachine.models import Business, EmailEvent, Lead, Membership, Message, MessageStatus, Role, User
from leadmachine.models.base import utcnow
from leadmachine.providers.email import Email, EmailProvider
from leadmachine.services.errors import ProviderRejected

log = structlog.get_logger(__name__)

NOTIFIED_ROLES = (Role.OWNER, Role.ADMIN)
DIGEST_HOUR = 8
BOUNCE_EVENTS = {"email.bounced", "email.complained"}


def new_lead_email(business: Business, lead: Lead, to: str) -> Email:
    """Only what the owner needs to act: the first name and a link, not the phone or
    message, which stay behind the sign-in."""
    link = f"{get_settings().base_url}/leads/{lead.id}"
    first_name = lead.name.split()[0]
    text = f"{first_name} just contacted {business.name} through your website.\n\nOpen the lead: {link}"
    html = (
        f"<p><strong>{escape(first_name)}</strong> just contacted {escape(business.name)} through your website.</p>"
        f"<p><a href=\"{escape(link)}\">Open the lead</a></p>"
    )
    return Email(to=to, subject=f"New lead for {business.name}: {first_name}", text=text, html=html, tags={"kind": "new_lead"})


def notify_new_lead(lead_id: uuid.UUID, email: EmailProvider) -> int:
    """Email owners and admins who opted in and whose address has not bounced."""
    business_id = business_for_lead(lead_id)
    if business_id is None:
        return 0
    with tenant_session(business_id) as session:
        lead = session.get(Lead, lead_id)
        business = session.get(Business, business_id)
        recipients = session.exec(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.business_id == business_id,
                Membership.role.in_(NOTIFIED_ROLES),
                Membership.notify_new_leads,
                User.email_bounced_at.is_(None),
                User.email_verified_at.is_not(None),
            )
        ).all()
    sent = 0
    for address in recipients:
        try:
            email.send(new_lead_email(business, lead, address))
            sent += 1
        except ProviderRejected as rejection:  # permanent: no retry; other recipients still get theirs
            log.warning("email.rejected", to=address, reason=str(rejection))
    return sent


def record_email_event(event_type: str, provider_id: str, recipients: list[str]) -> None:
    """Keep the event; a bounce or complaint stops notifications to that address."""
    with identity_session() as session:
        for address in recipients:
            session.add(EmailEvent(provider_id=provider_id[:64], to=address[:254], event_type=event_type[:32]))
            if event_type in BOUNCE_EVENTS:
                user = session.exec(select(User).where(User.email == address.lower())).first()
                if user and user.email_bounced_at is None:
                    user.email_bounced_at = utcnow()
                    session.add(user)
        session.commit()


def digest_due(timezone: str, now: datetime) -> bool:
    """The digest goes at 8am in the business's time zone (the scheduler asks hourly)."""
    return now.astimezone(ZoneInfo(timezone)).hour == DIGEST_HOUR


def send_daily_digests(email: EmailProvider, now: datetime | None = None) -> int:
    """Yesterday at a glance for members who opted in, at 8am their business's time."""
    now = now or utcnow()
    with identity_session() as session:
        businesses = session.execute(text("SELECT business_id, timezone FROM lm_digest_businesses()")).all()
    sent = 0
    for business_id, timezone in businesses:
        if digest_due(timezone, now):
            sent += _send_digest(business_id, email, now)
    return sent


def _send_digest(business_id: uuid.UUID, email: EmailProvider, now: datetime) -> int:
    since = now - timedelta(days=1)
    with tenant_session(business_id) as session:
        business = session.get(Business, business_id)
        new_leads = session.exec(select(func.count(Lead.id)).where(Lead.created_at >= since)).one()
        waiting = session.exec(
            select(func.count(Message.id)).where(Message.status.in_((MessageStatus.DRAFT, MessageStatus.FAILED)))
        ).one()
        recipients = session.exec(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.business_id == business_id,
                Membership.daily_digest,
                User.email_bounced_at.is_(None),
                User.email_verified_at.is_not(None),
            )
        ).all()
    link = f"{get_settings().base_url}/inbox"
    lines = [
        f"{business.name}, the last 24 hours:",
        f"New leads: {new_leads}",
        f"Texts waiting for you (drafts to approve, failures to look at): {waiting}",
    ]
    sent = 0
    for address in recipients:
        message = Email(
            to=address,
            subject=f"{business.name}: {new_leads} new lead{'s' if new_leads != 1 else ''} yesterday",
            text="\n".join(lines) + f"\n\nOpen the inbox: {link}",
            html="".join(f"<p>{escape(line)}</p>" for line in lines) + f'<p><a href="{escape(link)}">Open the inbox</a></p>',
            tags={"kind": "daily_digest"},
        )
        try:
            email.send(message)
            sent += 1
        except ProviderRejected as rejection:
            log.warning("email.rejected", to=address, reason=str(rejection))
    return sent
