"""Provider webhooks over HTTP: real signatures, idempotent, clear refusals."""

import base64
import hashlib
import hmac
import json
import time
import uuid

import pytest
from sqlmodel import select
from twilio.request_validator import RequestValidator

from leadmachine.config import DEV_RESEND_WEBHOOK_SECRET, DEV_TWILIO_WEBHOOK_TOKEN, get_settings
from leadmachine.db import identity_session, tenant_session
from leadmachine.models import DeliveryEvent, DevEmail, EmailEvent, Message, OptOut, User
from leadmachine.providers import get_ai, get_sms
from leadmachine.services import followup


def twilio_post(client, path: str, params: dict, token: str = DEV_TWILIO_WEBHOOK_TOKEN, signature: str | None = None):
    url = get_settings().base_url + path
    signature = signature if signature is not None else RequestValidator(token).compute_signature(url, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def resend_post(client, event: dict, secret: str = DEV_RESEND_WEBHOOK_SECRET, timestamp: int | None = None, event_id=None):
    body = json.dumps(event).encode()
    event_id = event_id or f"msg_{uuid.uuid4().hex}"
    timestamp = str(timestamp or int(time.time()))
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = base64.b64encode(hmac.new(key, f"{event_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
    headers = {"svix-id": event_id, "svix-timestamp": timestamp, "svix-signature": f"v1,{digest}", "content-type": "application/json"}
    return client.post("/webhooks/resend", content=body, headers=headers)


@pytest.fixture
def answered(post_lead):
    lead_id = uuid.UUID(post_lead().json()["lead_id"])
    followup.send_first_reply(lead_id, get_ai(), get_sms())
    return lead_id


def inbound(body: str, sid: str = "SMin1") -> dict:
    return {"MessageSid": sid, "From": "+14155552671", "To": "+15005550006", "Body": body, "NumMedia": "0"}


def test_signed_inbound_text_is_accepted_with_empty_twiml(client, business, answered):
    response = twilio_post(client, "/webhooks/twilio/inbound", inbound("Is tomorrow OK?"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/xml")
    assert "<Response/>" in response.text
    with tenant_session(business.business_id) as session:
        assert session.exec(select(Message).where(Message.direction == "inbound")).one().body == "Is tomorrow OK?"


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl"])
def test_unsigned_or_forged_webhooks_are_refused(client, business, answered, signature):
    response = twilio_post(client, "/webhooks/twilio/inbound", inbound("STOP"), signature=signature)
    assert response.status_code == 403
    forged = twilio_post(client, "/webhooks/twilio/inbound", inbound("STOP"), token="someone-elses-token")
    assert forged.status_code == 403
    with tenant_session(business.business_id) as session:
        assert session.exec(select(OptOut)).all() == []


def test_stop_by_webhook_twice_records_one_opt_out(client, business, answered):
    for _ in range(2):
        assert twilio_post(client, "/webhooks/twilio/inbound", inbound("Stop", sid="SMstop")).status_code == 200
    with tenant_session(business.business_id) as session:
        assert len(session.exec(select(OptOut)).all()) == 1
        assert len(session.exec(select(Message).where(Message.direction == "inbound")).all()) == 1


def test_status_callbacks_are_recorded_once_each(client, business, answered):
    with tenant_session(business.business_id) as session:
        sid = session.exec(select(Message)).one().provider_id
    params = {"MessageSid": sid, "MessageStatus": "delivered", "AccountSid": "AC123"}
    for _ in range(2):
        assert twilio_post(client, "/webhooks/twilio/status", params).status_code == 204
    failed = {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "30006"}
    assert twilio_post(client, "/webhooks/twilio/status", failed).status_code == 204
    with tenant_session(business.business_id) as session:
        statuses = [e.status for e in session.exec(select(DeliveryEvent).order_by(DeliveryEvent.at)).all()]
        message = session.exec(select(Message)).one()
    assert statuses == ["sent", "delivered", "undelivered"]
    assert (message.status, message.error_code) == ("undelivered", "30006")


def test_malformed_webhooks_get_4xx(client):
    assert twilio_post(client, "/webhooks/twilio/status", {"Foo": "bar"}).status_code == 422
    assert client.post("/webhooks/resend", content=b"garbage").status_code == 403


def test_production_without_a_token_refuses_every_twilio_webhook(client, monkeypatch, answered):
    monkeypatch.setenv("LEADMACHINE_ENV", "production")
    get_settings.cache_clear()
    try:
        headers = {"X-Forwarded-Proto": "https"}
        response = client.post("/webhooks/twilio/inbound", data=inbound("hi"), headers=headers)
    finally:
        get_settings.cache_clear()
    assert response.status_code == 403


def test_resend_bounce_stops_notifications_to_that_address(client, business, post_lead, run_jobs):
    with identity_session() as session:
        owner_email = session.get(User, business.owner_id).email
    post_lead()
    run_jobs()
    with identity_session() as session:
        notices = session.exec(select(DevEmail).where(DevEmail.to == owner_email)).all()
    assert len(notices) == 1 and "New lead for Acme Plumbing" in notices[0].subject
    assert "+1415" not in notices[0].text and "sink" not in notices[0].text.lower()

    event = {"type": "email.bounced", "data": {"email_id": "em_1", "to": [owner_email]}}
    assert resend_post(client, event, event_id="msg_1").status_code == 200
    assert resend_post(client, event, event_id="msg_1").status_code == 200  # a retry
    with identity_session() as session:
        assert len(session.exec(select(EmailEvent)).all()) == 1
        assert session.get(User, business.owner_id).email_bounced_at is not None
    from leadmachine.services import sessions

    assert sessions.current_user(sessions.start_session(business.owner_id)).email_bounced  # the visible warning
    post_lead({"name": "Sam", "phone": "(415) 555-2672", "message": "Hi", "consent": True})
    run_jobs()
    with identity_session() as session:
        assert len(session.exec(select(DevEmail).where(DevEmail.to == owner_email)).all()) == 1


def test_stale_or_forged_resend_events_are_refused(client):
    event = {"type": "email.delivered", "data": {"email_id": "em_1", "to": ["a@b.test"]}}
    assert resend_post(client, event, timestamp=int(time.time()) - 3600).status_code == 403
    assert resend_post(client, event, secret="whsec_" + base64.b64encode(b"wrong").decode()).status_code == 403


def test_a_permanently_refused_email_is_not_retried(monkeypatch):
    import jobs.messages
    from leadmachine.providers.email import EmailProvider
    from leadmachine.services.errors import ProviderRejected

    class Refusing(EmailProvider):
        name = "refusing"

        def send(self, email):
            raise ProviderRejected("The address is on the suppression list.", code="validation_error")

    monkeypatch.setattr(jobs.messages, "get_email", lambda: Refusing())
    assert jobs.messages.send_email("gone@example.com", "Hi", "text") == "rejected"


def test_daily_digest_goes_at_8am_business_time_to_members_who_opted_in(business, post_lead, run_jobs):
    from datetime import datetime, timezone

    from leadmachine.providers import get_email
    from leadmachine.services import notifications, team

    post_lead()
    post_lead({"name": "Sam", "phone": "(415) 555-2672", "message": "Hi", "consent": True})
    eight_in_new_york = datetime(2026, 6, 15, 12, 0, tzinfo=timezone.utc)
    assert notifications.send_daily_digests(get_email(), eight_in_new_york) == 0  # nobody opted in
    team.set_notification(business.business_id, business.owner_id, "daily_digest", True)
    assert notifications.send_daily_digests(get_email(), eight_in_new_york.replace(hour=13)) == 0  # 9am there
    assert notifications.send_daily_digests(get_email(), eight_in_new_york) == 1
    with identity_session() as session:
        owner_email = session.get(User, business.owner_id).email
        digest = session.exec(select(DevEmail).where(DevEmail.subject.contains("yesterday"))).one()
    assert digest.to == owner_email and digest.subject == "Acme Plumbing: 2 new leads yesterday"
    assert "+1415" not in digest.text
