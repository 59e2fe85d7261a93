"""Automated texts to leads: the first reply, answers to their texts, nudges.

Retries: RQ retries these jobs (see leadmachine.queues) only when they raise, and
they raise only for ProviderUnavailable from the SMS provider (network errors, 5xx).
AI failures never raise: the service falls back to a template reply. A permanent
refusal is recorded on the message and the job ends.
"""

import uuid

import structlog

from leadmachine.providers import get_ai, get_sms
from leadmachine.services import followup

log = structlog.get_logger(__name__)


def send_followup(lead_id: str) -> str:
    outcome = followup.send_first_reply(uuid.UUID(lead_id), get_ai(), get_sms())
    log.info("followup.done", lead_id=lead_id, outcome=outcome)
    return outcome.value


def reply_to_lead(lead_id: str, inbound_provider_id: str) -> str:
    return followup.send_ai_reply(uuid.UUID(lead_id), inbound_provider_id, get_ai(), get_sms()).value


def send_nudge(lead_id: str) -> str:
    return followup.send_nudge(uuid.UUID(lead_id), get_ai(), get_sms()).value
