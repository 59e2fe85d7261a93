"""Finding leads whose first reply never went out, across every business."""

from datetime import timedelta

from sqlalchemy import text

from leadmachine.db import identity_session
from leadmachine.models.base import utcnow
from leadmachine.queues import enqueue_followup

GRACE = timedelta(seconds=20)


def missed_followups(older_than: timedelta = GRACE, limit: int = 500) -> list:
    """Lead ids still pending after the grace period (through a narrow definer function)."""
    with identity_session() as session:
        rows = session.execute(
            text("SELECT lm_pending_followups(:before, :limit)"),
            {"before": utcnow() - older_than, "limit": limit},
        )
        return [row[0] for row in rows]


def enqueue_missed_followups(older_than: timedelta = GRACE) -> int:
    return sum(enqueue_followup(lead_id) for lead_id in missed_followups(older_than))
