"""Message delivery: texts to leads, emails to people.

Retries (see leadmachine.queues) happen only when a job raises, and the providers
raise only ProviderUnavailable (network errors, 5xx). Permanent refusals are recorded
on the message (shown in the inbox) and the job ends.
"""

import uuid

import structlog

from leadmachine.providers import get_email, get_sms
from leadmachine.providers.email import Email
from leadmachine.services import delivery, notifications
from leadmachine.services.errors import ProviderRejected

log = structlog.get_logger(__name__)


def deliver_sms(message_id: str) -> str:
    return delivery.deliver(uuid.UUID(message_id), get_sms()).value


def send_email(to: str, subject: str, text: str, html: str = "") -> str:
    try:
        return get_email().send(Email(to=to, subject=subject, text=text, html=html))
    except ProviderRejected as rejection:
        log.warning("email.rejected", to=to, reason=str(rejection))
        return "rejected"


def notify_new_lead(lead_id: str) -> int:
    return notifications.notify_new_lead(uuid.UUID(lead_id), get_email())
