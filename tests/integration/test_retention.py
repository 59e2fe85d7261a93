"""Logs are kept 30-180 days by purpose, and a scheduled job purges what is older."""

from datetime import timedelta

from sqlmodel import select

from leadmachine.db import identity_session, tenant_session
from leadmachine.models import AiLog, WebhookEvent
from leadmachine.models.base import utcnow
from leadmachine.services import retention


def test_every_log_window_is_within_30_to_180_days():
    assert retention.RETENTION_DAYS
    assert all(30 <= days <= 180 for days in retention.RETENTION_DAYS.values())


def test_every_log_table_has_a_window(admin_engine):
    from sqlalchemy import text

    with admin_engine.connect() as connection:
        source = connection.execute(text("SELECT prosrc FROM pg_proc WHERE proname = 'lm_purge_log'")).scalar_one()
    for table in retention.RETENTION_DAYS:
        assert f"DELETE FROM {table} " in source


def test_purge_removes_only_expired_rows(business):
    now = utcnow()
    with tenant_session(business.business_id) as session:
        for age in (89, 91):
            session.add(AiLog(business_id=business.business_id, model="m", outcome="ok", created_at=now - timedelta(days=age)))
        session.commit()
    with identity_session() as session:
        session.add(WebhookEvent(provider="twilio", event_id="old", received_at=now - timedelta(days=31)))
        session.add(WebhookEvent(provider="twilio", event_id="new", received_at=now))
        session.commit()
    removed = retention.purge_expired_logs()
    assert removed["ailog"] == 1 and removed["webhookevent"] == 1
    with tenant_session(business.business_id) as session:
        assert len(session.exec(select(AiLog)).all()) == 1
    with identity_session() as session:
        assert [e.event_id for e in session.exec(select(WebhookEvent)).all()] == ["new"]
