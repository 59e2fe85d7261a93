"""The two-way conversation: inbound texts, opt-outs, quiet hours, retries, drafts, nudges."""

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from leadmachine.db import tenant_session
from leadmachine.models import AiLog, DeliveryEvent, Lead, Message, OptOut, OutboxMessage
from leadmachine.providers import get_ai, get_sms
from leadmachine.providers.ai import AiProvider, LocalAi
from leadmachine.providers.sms import LocalSms, SmsProvider, SmsResult
from leadmachine.services import business_settings, conversations, delivery, followup
from leadmachine.services.errors import DomainError, ProviderRejected, ProviderUnavailable
from leadmachine.services.permissions import Actor

LA_NIGHT = datetime(2026, 6, 15, 9, 0, tzinfo=timezone.utc)  # 2am in Los Angeles
LA_MORNING = datetime(2026, 6, 15, 15, 0, tzinfo=timezone.utc)  # 8am


@pytest.fixture
def owner(business):
    return Actor(business.owner_id, "owner", "Olive Owner")


@pytest.fixture
def lead_id(post_lead):
    return uuid.UUID(post_lead().json()["lead_id"])


@pytest.fixture
def answered_lead(lead_id):
    assert followup.send_first_reply(lead_id, get_ai(), get_sms()) == followup.FollowupOutcome.SENT
    return lead_id


def messages(business, lead_id=None) -> list[Message]:
    with tenant_session(business.business_id) as session:
        query = select(Message).order_by(Message.created_at)
        if lead_id:
            query = query.where(Message.lead_id == lead_id)
        return session.exec(query).all()


def outbox(business) -> list[OutboxMessage]:
    with tenant_session(business.business_id) as session:
        return session.exec(select(OutboxMessage).order_by(OutboxMessage.created_at)).all()


def text_in(body: str, sid: str | None = None, sender: str = "+14155552671") -> conversations.InboundResult:
    return conversations.receive_inbound(sender, "+15005550006", body, sid or f"SM{uuid.uuid4().hex}", True)


class Recording(SmsProvider):
    """A carrier that records what it was asked to send, or fails as told."""

    name = "recording"
    confirms_opt_outs = False

    def __init__(self, error: Exception | None = None):
        self.sent, self.error = [], error

    def send(self, request):
        if self.error:
            raise self.error
        self.sent.append(request)
        return SmsResult(provider_id=f"SM{uuid.uuid4().hex}", status="queued")


def test_inbound_text_is_appended_and_answered_by_ai(business, answered_lead, run_jobs):
    result = text_in("Can you come tomorrow morning?")
    assert (result.outcome, result.lead_id) == (conversations.InboundOutcome.MESSAGE, answered_lead)
    run_jobs()
    thread = messages(business, answered_lead)
    assert [(m.direction, m.kind) for m in thread] == [
        ("outbound", "first_reply"), ("inbound", "inbound"), ("outbound", "ai_reply"),
    ]
    reply = thread[-1]
    assert reply.ai_generated and reply.status == "sent"
    assert "AI assistant" not in reply.body  # the disclosure rides on the first text only


def test_a_repeated_inbound_webhook_is_recorded_once(business, answered_lead):
    assert text_in("hello", sid="SM1").outcome == conversations.InboundOutcome.MESSAGE
    assert text_in("hello", sid="SM1").outcome == conversations.InboundOutcome.DUPLICATE
    assert len([m for m in messages(business) if m.direction == "inbound"]) == 1


def test_texts_from_unknown_numbers_are_ignored(answered_lead):
    assert text_in("hi", sender="+14155550000").outcome == conversations.InboundOutcome.UNKNOWN_SENDER


@pytest.mark.parametrize("keyword", ["STOP", "stop", "Opt Out", "unsubscribe", "QUIT"])
def test_stop_opts_out_at_once_with_one_confirmation(business, answered_lead, run_jobs, keyword):
    assert text_in(keyword).outcome == conversations.InboundOutcome.OPTED_OUT
    run_jobs()
    with tenant_session(business.business_id) as session:
        [opt_out] = session.exec(select(OptOut)).all()
    assert (opt_out.phone_e164, opt_out.source) == ("+14155552671", "keyword")
    confirmations = [m for m in messages(business) if m.kind == "system"]
    assert len(confirmations) == 1 and "unsubscribed" in confirmations[0].body
    assert confirmations[0].status == "sent"


def test_no_confirmation_when_the_carrier_confirms_opt_outs_itself(business, answered_lead):
    conversations.receive_inbound("+14155552671", "", "STOP", "SM9", False)
    assert [m for m in messages(business) if m.kind == "system"] == []


def test_no_automated_text_reaches_an_opted_out_number(business, answered_lead, post_lead, run_jobs):
    text_in("STOP")
    run_jobs()
    sent_before = len(outbox(business))
    # A new lead from the same number, an AI reply job, a nudge: all checked at send time.
    second = uuid.UUID(post_lead().json()["lead_id"])
    assert followup.send_first_reply(second, get_ai(), get_sms()) == followup.FollowupOutcome.SKIPPED
    assert followup.send_ai_reply(answered_lead, "SMx", get_ai(), get_sms()) == followup.FollowupOutcome.SKIPPED
    with tenant_session(business.business_id) as session:
        lead = session.get(Lead, answered_lead)
        queued = conversations.new_outbound(session, lead, "sneaky", "ai_reply", ai=True)
        session.commit()
    assert delivery.deliver(queued.id, get_sms()) == delivery.DeliveryOutcome.CANCELLED
    assert len(outbox(business)) == sent_before


def test_start_resubscribes_and_help_answers_with_the_business_contact(business, owner, answered_lead, run_jobs):
    business_settings.update(business.business_id, owner, {"contact_phone": "+14155550100"})
    text_in("STOP")
    assert text_in("start").outcome == conversations.InboundOutcome.OPTED_IN
    assert text_in("HELP").outcome == conversations.InboundOutcome.HELP
    run_jobs()
    help_reply = [m for m in messages(business) if m.kind == "system"][-1]
    assert "Acme Plumbing" in help_reply.body and "+14155550100" in help_reply.body
    with tenant_session(business.business_id) as session:
        assert session.exec(select(OptOut)).one().resubscribed_at is not None


def test_carrier_error_21610_records_an_opt_out(business, lead_id):
    carrier = Recording(ProviderRejected("Attempt to send to unsubscribed recipient", code=21610))
    assert followup.send_first_reply(lead_id, get_ai(), carrier) == followup.FollowupOutcome.REJECTED
    with tenant_session(business.business_id) as session:
        assert session.exec(select(OptOut)).one().source == "provider_21610"
    [message] = messages(business)
    assert (message.status, message.error_code) == ("failed", "21610")


def test_permanent_errors_fail_at_once_with_a_readable_reason(business, lead_id):
    carrier = Recording(ProviderRejected("The 'To' number is not a valid phone number.", code=21211))
    assert followup.send_first_reply(lead_id, get_ai(), carrier) == followup.FollowupOutcome.REJECTED
    [message] = messages(business)
    assert message.status == "failed" and "not a valid phone number" in message.error
    with tenant_session(business.business_id) as session:
        assert session.get(Lead, lead_id).followup_state == "failed"


def test_network_errors_raise_for_a_retry_and_the_retry_sends_once(business, lead_id):
    with pytest.raises(ProviderUnavailable):
        followup.send_first_reply(lead_id, get_ai(), Recording(ProviderUnavailable("timeout")))
    carrier = Recording()
    assert followup.send_first_reply(lead_id, get_ai(), carrier) == followup.FollowupOutcome.SENT
    assert followup.send_first_reply(lead_id, get_ai(), carrier) == followup.FollowupOutcome.ALREADY_HANDLED
    assert len(carrier.sent) == 1 and len(messages(business)) == 1


def test_quiet_hours_hold_automated_texts_until_8am(business, lead_id, monkeypatch, quiet_hours_on):
    monkeypatch.setattr(delivery, "utcnow", lambda: LA_NIGHT)
    assert followup.send_first_reply(lead_id, get_ai(), get_sms()) == followup.FollowupOutcome.SCHEDULED
    [message] = messages(business)
    assert message.status == "scheduled" and message.scheduled_for == LA_MORNING
    assert outbox(business) == []
    monkeypatch.setattr(delivery, "utcnow", lambda: LA_MORNING)
    assert delivery.deliver(message.id, get_sms()) == delivery.DeliveryOutcome.SENT
    assert len(outbox(business)) == 1


def test_human_replies_go_out_at_night_and_pause_the_ai(business, owner, answered_lead, monkeypatch, run_jobs, quiet_hours_on):
    monkeypatch.setattr(delivery, "utcnow", lambda: LA_NIGHT)
    conversations.send_human_reply(business.business_id, owner, answered_lead, "Sure, I'll call you at 9.")
    run_jobs()
    human = messages(business)[-1]
    assert (human.kind, human.status, human.ai_generated, human.sent_by_user_id) == ("human", "sent", False, business.owner_id)
    text_in("Thanks!")
    run_jobs()
    assert messages(business)[-1].direction == "inbound"  # the AI stayed quiet
    conversations.set_ai_enabled(business.business_id, owner, answered_lead, True)
    with tenant_session(business.business_id) as session:
        assert session.get(Lead, answered_lead).ai_enabled


def test_agents_can_reply_but_not_to_opted_out_numbers(business, answered_lead):
    agent = Actor(None, "agent", "Ann Agent")
    text_in("STOP")
    with pytest.raises(DomainError, match="opted out"):
        conversations.send_human_reply(business.business_id, agent, answered_lead, "Hello?")


def test_draft_mode_waits_for_the_owners_approval(business, owner, lead_id, run_jobs):
    business_settings.update(business.business_id, owner, {"ai_mode": "draft"})
    assert followup.send_first_reply(lead_id, get_ai(), get_sms()) == followup.FollowupOutcome.DRAFTED
    [draft] = messages(business)
    assert draft.status == "draft" and outbox(business) == []
    conversations.approve_draft(business.business_id, owner, draft.id, "Hi Jane, edited by Olive.")
    run_jobs()
    [sent] = messages(business)
    assert (sent.status, sent.body) == ("sent", "Hi Jane, edited by Olive.")
    with pytest.raises(Exception):
        conversations.approve_draft(business.business_id, owner, draft.id)


def test_ai_mode_off_for_one_lead(business, owner, lead_id):
    conversations.set_lead_ai_mode(business.business_id, owner, lead_id, "off")
    assert followup.send_first_reply(lead_id, get_ai(), get_sms()) == followup.FollowupOutcome.SKIPPED
    assert messages(business) == []


def test_an_ai_failure_falls_back_to_a_template_so_the_lead_is_answered(business, lead_id):
    class Broken(AiProvider):
        model = "broken"

        def compose_reply(self, request):
            raise ProviderUnavailable("timed out")

    assert followup.send_first_reply(lead_id, Broken(), get_sms()) == followup.FollowupOutcome.SENT
    [message] = messages(business)
    assert message.body.startswith("Hi Jane") and message.body.endswith(followup.ai_disclosure("Acme Plumbing"))
    with tenant_session(business.business_id) as session:
        [log] = session.exec(select(AiLog)).all()
    assert log.outcome == "fallback:ProviderUnavailable"


def test_handoff_sends_a_holding_text_and_pauses_the_ai(business, lead_id):
    class WantsAPerson(AiProvider):
        model = "handoff"

        def compose_reply(self, request):
            return LocalAi().compose_reply(request).__class__("HANDOFF", "m", 1, 1, 1)

    followup.send_first_reply(lead_id, WantsAPerson(), get_sms())
    [message] = messages(business)
    assert message.body.startswith(followup.holding_text("Jane"))
    with tenant_session(business.business_id) as session:
        assert session.get(Lead, lead_id).ai_enabled is False


def test_replies_fit_two_segments(business, lead_id):
    class Verbose(AiProvider):
        model = "verbose"

        def compose_reply(self, request):
            return LocalAi().compose_reply(request).__class__("blah " * 300, "m", 1, 1, 1)

    followup.send_first_reply(lead_id, Verbose(), get_sms())
    [message] = messages(business)
    assert len(message.body) <= 306 and message.body.endswith(followup.ai_disclosure("Acme Plumbing"))


def test_status_callbacks_build_a_timeline_and_never_go_backwards(business, answered_lead):
    [message] = messages(business)
    for status, code in (("delivered", None), ("sent", None), ("undelivered", "30003")):
        assert delivery.record_status(message.provider_id, status, code)
    with tenant_session(business.business_id) as session:
        timeline = [e.status for e in session.exec(select(DeliveryEvent).order_by(DeliveryEvent.at)).all()]
        final = session.get(Message, message.id)
    assert timeline == ["sent", "delivered", "sent", "undelivered"]
    assert (final.status, final.error_code) == ("undelivered", "30003")
    assert not delivery.record_status("SMunknown", "delivered", None)


def test_webhook_events_are_processed_once():
    assert delivery.first_time("twilio", "status:SM1:delivered")
    assert not delivery.first_time("twilio", "status:SM1:delivered")


def test_a_nudge_goes_once_after_the_window_and_a_reply_cancels_it(business, answered_lead, run_jobs):
    from leadmachine.services import sweeper

    assert sweeper.enqueue_due_nudges() == 0  # not yet 24 hours
    with tenant_session(business.business_id) as session:
        lead = session.get(Lead, answered_lead)
        lead.last_outbound_at -= timedelta(hours=25)
        session.add(lead)
        session.commit()
    assert sweeper.enqueue_due_nudges() == 1
    run_jobs()
    assert [m.kind for m in messages(business)] == ["first_reply", "nudge"]
    assert sweeper.enqueue_due_nudges() == 0  # at most the business's max (1)
    assert followup.send_nudge(answered_lead, get_ai(), get_sms()) == followup.FollowupOutcome.SKIPPED


def test_no_nudge_after_the_lead_replied_or_the_status_changed(business, owner, answered_lead, post_lead):
    from leadmachine.services import inbox, sweeper

    text_in("Yes please")
    other = uuid.UUID(post_lead({"name": "Sam", "phone": "(415) 555-2672", "message": "Hi", "consent": True}).json()["lead_id"])
    followup.send_first_reply(other, get_ai(), get_sms())
    inbox.change_status(business.business_id, other, "contacted", owner.user_id, "Olive")
    with tenant_session(business.business_id) as session:
        for lead in session.exec(select(Lead)).all():
            lead.last_outbound_at -= timedelta(hours=48)
            session.add(lead)
        session.commit()
    assert sweeper.enqueue_due_nudges() == 0


def test_the_dev_outbox_lets_a_developer_play_the_lead(business, answered_lead, run_jobs, monkeypatch):
    from leadmachine.config import get_settings
    from leadmachine.services import dev_outbox

    dev_outbox.simulate_reply(business.business_id, answered_lead, "Do you work weekends?")
    run_jobs()
    texts = dev_outbox.list_texts(business.business_id)
    assert len(texts) == 2 and all(text.to == "+14155552671" for text in texts)
    monkeypatch.setenv("LEADMACHINE_ENV", "production")
    get_settings.cache_clear()
    try:
        with pytest.raises(dev_outbox.OutboxUnavailable):
            dev_outbox.simulate_reply(business.business_id, answered_lead, "hi")
    finally:
        get_settings.cache_clear()
