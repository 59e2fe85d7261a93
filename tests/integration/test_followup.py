"""The first reply: AI-written, disclosed as AI, sent once, never lost."""

import uuid

import pytest
import redis
from sqlmodel import select

from leadmachine.db import tenant_session
from leadmachine.models import AiLog, FollowupState, Lead, Message, OutboxMessage
from leadmachine.providers import get_ai, get_sms
from leadmachine.providers.sms import SmsProvider, SmsRequest
from leadmachine.queues import FOLLOWUP, queue
from leadmachine.services.errors import ProviderRejected
from leadmachine.services.followup import FollowupOutcome, ai_disclosure, send_first_reply
from leadmachine.services.sweeper import enqueue_missed_followups, missed_followups
from datetime import timedelta


def lead_id_from(response) -> uuid.UUID:
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["lead_id"])


def rows(business_id, model):
    with tenant_session(business_id) as session:
        return session.exec(select(model)).all()


def test_submitting_a_lead_enqueues_its_followup(post_lead):
    lead_id = lead_id_from(post_lead())
    jobs = queue(FOLLOWUP).get_jobs()
    assert [(job.func_name, job.args) for job in jobs] == [("jobs.followup.send_followup", (str(lead_id),))]


def test_first_reply_is_ai_written_disclosed_and_recorded(post_lead, business):
    lead_id = lead_id_from(post_lead())
    assert send_first_reply(lead_id, get_ai(), get_sms()) is FollowupOutcome.SENT

    [message] = rows(business.business_id, Message)
    assert message.ai_generated and message.direction == "outbound"
    assert message.status == "sent" and message.provider == "local"
    assert message.body.startswith("Hi Jane")
    assert message.body.endswith(ai_disclosure("Acme Plumbing"))
    [outbox] = rows(business.business_id, OutboxMessage)
    assert (outbox.to, outbox.body, outbox.provider_id) == ("+14155552671", message.body, message.provider_id)
    [log] = rows(business.business_id, AiLog)
    assert log.lead_id == lead_id and log.model == get_ai().model and log.outcome == "ok"
    assert log.input_tokens > 0 and log.output_tokens > 0
    [lead] = rows(business.business_id, Lead)
    assert lead.followup_state == FollowupState.SENT
    assert lead.created_at <= message.sent_at == lead.first_reply_at


def test_running_the_job_twice_sends_one_message(post_lead, business):
    lead_id = lead_id_from(post_lead())
    outcomes = [send_first_reply(lead_id, get_ai(), get_sms()) for _ in range(3)]
    assert outcomes == [FollowupOutcome.SENT, FollowupOutcome.ALREADY_HANDLED, FollowupOutcome.ALREADY_HANDLED]
    assert len(rows(business.business_id, Message)) == 1
    assert len(rows(business.business_id, OutboxMessage)) == 1


def test_a_crash_after_the_send_does_not_send_twice(post_lead, business):
    """The carrier accepted the text but our commit never happened: the retry reuses the
    same idempotency key, so the provider records one text."""
    lead_id = lead_id_from(post_lead())

    class CrashAfterSend(SmsProvider):
        name = "local"

        def send(self, request: SmsRequest):
            get_sms().send(request)
            raise ConnectionError("worker died")

    with pytest.raises(ConnectionError):
        send_first_reply(lead_id, get_ai(), CrashAfterSend())
    assert send_first_reply(lead_id, get_ai(), get_sms()) is FollowupOutcome.SENT
    assert len(rows(business.business_id, OutboxMessage)) == 1
    assert len(rows(business.business_id, Message)) == 1


def test_a_permanent_refusal_is_recorded_and_not_retried(post_lead, business):
    lead_id = lead_id_from(post_lead())

    class Refusing(SmsProvider):
        name = "refusing"

        def send(self, request):
            raise ProviderRejected("The number is not a mobile number.")

    assert send_first_reply(lead_id, get_ai(), Refusing()) is FollowupOutcome.REJECTED
    [message] = rows(business.business_id, Message)
    assert (message.status, message.error) == ("failed", "The number is not a mobile number.")
    assert rows(business.business_id, Lead)[0].followup_state == FollowupState.FAILED
    assert missed_followups(older_than=timedelta(0)) == []


def test_a_deleted_lead_is_skipped():
    assert send_first_reply(uuid.uuid4(), get_ai(), get_sms()) is FollowupOutcome.LEAD_GONE


def test_lead_is_kept_and_answered_201_when_redis_is_down(post_lead, business, monkeypatch):
    from leadmachine import queues

    dead = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    monkeypatch.setattr(queues, "redis_connection", lambda: dead)
    from leadmachine.services import ratelimit

    monkeypatch.setattr(ratelimit, "redis_connection", lambda: dead)
    lead_id = lead_id_from(post_lead())
    [lead] = rows(business.business_id, Lead)
    assert lead.id == lead_id and lead.followup_state == FollowupState.PENDING


def test_sweeper_enqueues_followups_that_never_ran_once(post_lead):
    lead_id = lead_id_from(post_lead())
    queue(FOLLOWUP).empty()
    assert missed_followups(older_than=timedelta(hours=1)) == []
    assert missed_followups(older_than=timedelta(0)) == [lead_id]
    assert enqueue_missed_followups(older_than=timedelta(0)) == 1
    assert enqueue_missed_followups(older_than=timedelta(0)) == 0
    assert [job.args for job in queue(FOLLOWUP).get_jobs()] == [(str(lead_id),)]


def test_sweeper_skips_leads_already_answered(post_lead):
    lead_id = lead_id_from(post_lead())
    send_first_reply(lead_id, get_ai(), get_sms())
    assert missed_followups(older_than=timedelta(0)) == []
