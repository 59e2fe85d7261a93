"""Periodic safety nets and timers, run by the scheduler."""

import structlog

from leadmachine.providers import get_email

from leadmachine.services import notifications, retention, sweeper

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


def purge_expired_logs() -> dict[str, int]:
    """Logs are kept 30-180 days by purpose (privacy policy section 4)."""
    removed = retention.purge_expired_logs()
    log.info("retention.purged", **removed)
    return removed


def send_daily_digests() -> int:
    """Hourly: businesses where it is now 8am get their members' morning summary."""
    return notifications.send_daily_digests(get_email())
