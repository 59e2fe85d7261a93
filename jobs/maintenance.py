"""Periodic safety nets and timers, run by the scheduler."""

import structlog

from leadmachine.services import sweeper

log = structlog.get_logger(__name__)


def sweep_followups() -> int:
    """Enqueue follow-ups that never ran (Redis was down, a worker died mid-job)."""
    count = sweeper.enqueue_missed_followups()
    if count:
        log.info("sweeper.enqueued", count=count)
    return count


def release_scheduled_messages() -> int:
    """Texts held for quiet hours whose time has come go back to delivery."""
    return sweeper.enqueue_due_scheduled()


def queue_due_nudges() -> int:
    """Leads that have not replied within the business's nudge window get one nudge."""
    return sweeper.enqueue_due_nudges()
