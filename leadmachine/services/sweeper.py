"""Cross-business scans that find work due: each through a narrow definer function."""

from datetime import timedelta

from sqlalchemy import text

from leadmachine.db import identity_session
from leadmachine.models.base import utcnow
from leadmachine.queues import enqueue_delivery, enqueue_followup, enqueue_nudge

GRACE = timedelta(seconds=20)
BATCH = 500


def _ids(function: str, moment) -> list:
    with identity_session() as session:
        rows = session.execute(text(f"SELECT {function}(:moment, :limit)"), {"moment": moment, "limit": BATCH})
        return [row[0] for row in rows]


def missed_followups(older_than: timedelta = GRACE) -> list:
    """Lead ids whose first reply is still pending after the grace period."""
    return _ids("lm_pending_followups", utcnow() - older_than)


def enqueue_missed_followups(older_than: timedelta = GRACE) -> int:
    return sum(enqueue_followup(lead_id) for lead_id in missed_followups(older_than))


def enqueue_due_scheduled() -> int:
    return sum(enqueue_delivery(message_id) for message_id in _ids("lm_due_scheduled_messages", utcnow()))


def enqueue_due_nudges() -> int:
    return sum(enqueue_nudge(lead_id) for lead_id in _ids("lm_due_nudges", utcnow()))
