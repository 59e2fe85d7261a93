"""Periodic safety nets."""

import structlog

from leadmachine.services.sweeper import enqueue_missed_followups

log = structlog.get_logger(__name__)


def sweep_followups() -> int:
    """Enqueue follow-ups that never ran (Redis was down, a worker died mid-job)."""
    count = enqueue_missed_followups()
    if count:
        log.info("sweeper.enqueued", count=count)
    return count
