"""Reading the dev mailbox: the emails the local email adapter kept instead of sending.

They carry live sign-in links (verification, password reset, invitations), so reading
them is refused outright in production, whatever the caller.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from leadmachine.config import get_settings
from leadmachine.db import identity_session
from leadmachine.models import DevEmail
from leadmachine.services.errors import DomainError

MAX_LIMIT = 200


class MailboxUnavailable(DomainError):
    pass


@dataclass(frozen=True)
class DevMail:
    id: uuid.UUID
    to: str
    subject: str
    text: str
    created_at: datetime


def list_emails(limit: int = 50) -> list[DevMail]:
    """The newest `limit` emails first (at most MAX_LIMIT)."""
    settings = get_settings()
    if settings.production or settings.resend_api_key:
        raise MailboxUnavailable("The dev mailbox is only for development without an email provider.")
    limit = max(1, min(int(limit), MAX_LIMIT))
    with identity_session() as session:
        rows = session.exec(
            select(DevEmail).order_by(DevEmail.created_at.desc(), DevEmail.id.desc()).limit(limit)
        ).all()
    return [DevMail(row.id, row.to, row.subject, row.text, row.created_at) for row in rows]
