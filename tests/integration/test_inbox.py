"""What owners read and change: lead lists, status changes with who and when."""

import uuid

import pytest

from leadmachine.providers import get_ai, get_sms
from leadmachine.services import inbox
from leadmachine.services.errors import InvalidInput
from leadmachine.services.followup import send_first_reply


def test_inbox_lists_newest_first_with_preview_and_ai_badge(post_lead, business):
    first = uuid.UUID(post_lead().json()["lead_id"])
    second = uuid.UUID(
        post_lead({"name": "Sam", "phone": "(415) 555-2672", "message": "x " * 200, "consent": True}).json()["lead_id"]
    )
    send_first_reply(first, get_ai(), get_sms())
    leads = inbox.list_leads(business.business_id)
    assert [lead.id for lead in leads] == [second, first]
    assert [lead.ai_replied for lead in leads] == [False, True]
    assert len(leads[0].preview) == inbox.PREVIEW_LENGTH and leads[0].preview.endswith("…")


def test_empty_inbox_is_empty(business):
    assert inbox.list_leads(business.business_id) == []


def test_status_change_is_recorded_with_who_and_when(post_lead, business):
    lead_id = uuid.UUID(post_lead().json()["lead_id"])
    inbox.change_status(business.business_id, lead_id, "qualified", business.owner_id, "Olive Owner")
    inbox.change_status(business.business_id, lead_id, "qualified", business.owner_id, "Olive Owner")
    detail = inbox.lead_detail(business.business_id, lead_id)
    assert detail.lead.status == "qualified"
    created, changed = detail.events
    assert (changed.kind, changed.from_status, changed.to_status) == ("status_changed", "new", "qualified")
    assert (changed.actor_user_id, changed.actor_label) == (business.owner_id, "Olive Owner")
    assert created.at <= changed.at


def test_unknown_status_is_refused_with_the_choices(post_lead, business):
    lead_id = uuid.UUID(post_lead().json()["lead_id"])
    with pytest.raises(InvalidInput) as caught:
        inbox.change_status(business.business_id, lead_id, "archived", business.owner_id, "Olive")
    assert "new, contacted, qualified, won, lost" in caught.value.fields["status"]


def test_activity_marker_changes_when_a_lead_arrives_or_changes(post_lead, business):
    before = inbox.activity_marker(business.business_id)
    lead_id = uuid.UUID(post_lead().json()["lead_id"])
    arrived = inbox.activity_marker(business.business_id)
    send_first_reply(lead_id, get_ai(), get_sms())
    replied = inbox.activity_marker(business.business_id)
    assert len({before, arrived, replied}) == 3


def test_inbox_shows_scheduled_drafted_and_opted_out_leads(post_lead, business, monkeypatch, quiet_hours_on):
    from datetime import datetime, timezone

    from leadmachine.services import conversations, delivery

    monkeypatch.setattr(delivery, "utcnow", lambda: datetime(2026, 6, 15, 9, 0, tzinfo=timezone.utc))  # 2am LA
    lead_id = uuid.UUID(post_lead().json()["lead_id"])
    send_first_reply(lead_id, get_ai(), get_sms())
    [summary] = inbox.list_leads(business.business_id)
    assert summary.reply_state == "scheduled"
    conversations.receive_inbound("+14155552671", "", "STOP", "SMstop", True)
    [summary] = inbox.list_leads(business.business_id)
    assert summary.reply_state == "opted out"
