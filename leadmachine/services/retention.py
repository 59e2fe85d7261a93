"""How long each kind of log is kept, and the purge that enforces it.

The privacy policy (section 4) promises logs are kept 30 to 180 days depending on
purpose; each window below is within that range, and a test holds it there.
"""

from datetime import timedelta

from sqlalchemy import text

from leadmachine.db import identity_session
from leadmachine.models.base import utcnow

RETENTION_DAYS = {
    "ailog": 90,  # AI responses: model, tokens, latency, outcome
    "deliveryevent": 180,  # message delivery status from the carrier
    "webhookevent": 30,  # webhook idempotency keys; providers stop retrying within days
    "emailevent": 90,  # email delivery reports
    "accesslog": 180,  # who viewed, exported or deleted personal data
    "devemail": 30,  # development mailbox
    "outboxmessage": 30,  # development outbox
}


def purge_expired_logs() -> dict[str, int]:
    """Delete log rows older than their window; returns rows removed per kind."""
    now = utcnow()
    removed = {}
    with identity_session() as session:
        for kind, days in RETENTION_DAYS.items():
            removed[kind] = session.execute(
                text("SELECT lm_purge_log(:kind, :before)"), {"kind": kind, "before": now - timedelta(days=days)}
            ).scalar_one()
        session.commit()
    return removed
