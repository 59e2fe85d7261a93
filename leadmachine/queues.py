"""Queue names and the one way work is put on them.

Jobs are enqueued by dotted path, so web processes never import job code. Each
follow-up has a deterministic job id; `enqueue_once` skips a lead whose job is still
waiting or running, so the sweeper and the web request cannot pile up duplicates.
"""

import uuid
from functools import lru_cache

import redis
import structlog
from rq import Queue, Retry
from rq.job import Job, JobStatus
from rq.exceptions import NoSuchJobError

from leadmachine.config import get_settings
from leadmachine.providers.email import Email

FOLLOWUP = "followup"
MESSAGES = "messages"
PRIVACY = "privacy"
MAINTENANCE = "maintenance"
ALL_QUEUES = (FOLLOWUP, MESSAGES, PRIVACY, MAINTENANCE)

SEND_FOLLOWUP = "jobs.followup.send_followup"
SEND_EMAIL = "jobs.messages.send_email"
DELIVER_SMS = "jobs.messages.deliver_sms"
REPLY_TO_LEAD = "jobs.followup.reply_to_lead"
SEND_NUDGE = "jobs.followup.send_nudge"
NOTIFY_NEW_LEAD = "jobs.messages.notify_new_lead"
NETWORK_RETRY = Retry(max=3, interval=[5, 30, 120])
log = structlog.get_logger(__name__)
_ACTIVE = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


@lru_cache
def redis_connection() -> redis.Redis:
    url = get_settings().redis_url
    if not url:
        raise RuntimeError("REDIS_URL is not set and no embedded Redis was started")
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def queue(name: str) -> Queue:
    return Queue(name, connection=redis_connection())


def enqueue_once(queue_name: str, func: str, job_id: str, *args, retry: Retry | None = None) -> bool:
    """Enqueue unless a job with this id is still waiting or running."""
    connection = redis_connection()
    try:
        if Job.fetch(job_id, connection=connection).get_status() in _ACTIVE:
            return False
    except NoSuchJobError:
        pass
    queue(queue_name).enqueue(func, *args, job_id=job_id, retry=retry, result_ttl=60, failure_ttl=7 * 86400)
    return True


def enqueue_followup(lead_id: uuid.UUID) -> bool:
    return enqueue_once(
        FOLLOWUP, SEND_FOLLOWUP, f"followup-{lead_id}", str(lead_id), retry=NETWORK_RETRY
    )


def enqueue_new_lead_work(lead_id: uuid.UUID) -> None:
    """For requests that already committed the lead: the follow-up text first, then the
    team's email. If Redis is down the sweeper sends the follow-up later, so a queue
    failure must not turn into an error for the visitor."""
    try:
        enqueue_followup(lead_id)
        enqueue_new_lead_notification(lead_id)
    except Exception as error:
        log.warning("lead.enqueue_failed", lead_id=str(lead_id), error=type(error).__name__)


def enqueue_email(email: Email) -> None:
    """Account emails carry one-time links, so the job's payload expires quickly."""
    queue(MESSAGES).enqueue(
        SEND_EMAIL, email.to, email.subject, email.text, email.html,
        retry=Retry(max=3, interval=[10, 60, 300]), result_ttl=0, failure_ttl=86400,
    )


def enqueue_delivery(message_id: uuid.UUID) -> bool:
    return enqueue_once(MESSAGES, DELIVER_SMS, f"deliver-{message_id}", str(message_id), retry=NETWORK_RETRY)


def enqueue_ai_reply(lead_id: uuid.UUID, inbound_provider_id: str) -> bool:
    return enqueue_once(
        FOLLOWUP, REPLY_TO_LEAD, f"reply-{inbound_provider_id}"[:120], str(lead_id), inbound_provider_id,
        retry=NETWORK_RETRY,
    )


def enqueue_nudge(lead_id: uuid.UUID) -> bool:
    return enqueue_once(FOLLOWUP, SEND_NUDGE, f"nudge-{lead_id}", str(lead_id), retry=NETWORK_RETRY)


def enqueue_new_lead_notification(lead_id: uuid.UUID) -> bool:
    return enqueue_once(MESSAGES, NOTIFY_NEW_LEAD, f"notify-{lead_id}", str(lead_id), retry=NETWORK_RETRY)
