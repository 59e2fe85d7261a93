"""The first reply to a new lead.

Retries: RQ retries this job (see leadmachine.queues.enqueue_followup) only when it
raises, and it raises only for ProviderUnavailable (network errors, provider 5xx).
A permanent refusal is recorded on the message and the job ends.
"""

import uuid

import structlog

from leadmachine.providers import get_ai, get_sms
from leadmachine.services.followup import send_first_reply

log = structlog.get_logger(__name__)


def send_followup(lead_id: str) -> str:
    outcome = send_first_reply(uuid.UUID(lead_id), get_ai(), get_sms())
    log.info("followup.done", lead_id=lead_id, outcome=outcome)
    return outcome.value
