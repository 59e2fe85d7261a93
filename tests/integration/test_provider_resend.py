"""The Resend adapter, on the real SDK, against a local server speaking Resend's API;
and webhook signatures made the way Svix makes them."""

import base64
import json
import time

import pytest

from leadmachine.providers.email import Email, ResendEmail, verify_resend_signature
from leadmachine.services.errors import ProviderRejected, ProviderUnavailable
from tests.fakes import FakeResend, refusing_url, sign_resend_webhook

KEY = "re_test_key"
SENDER = "Lead Machine <notifications@leadmachine.ai>"
SECRET = "whsec_" + base64.b64encode(b"resend-webhook-test-secret-32byt").decode()
EVENT = json.dumps({"type": "email.bounced", "created_at": "2026-11-27T10:00:00Z",
                    "data": {"email_id": "4ef9a417-02e9-4d39-ad75-9611e0fcc33c", "to": ["owner@acme.test"]}}).encode()


@pytest.fixture
def resend_api():
    with FakeResend(KEY) as server:
        yield server


def adapter(url: str, key: str = KEY, timeout: float = 5.0) -> ResendEmail:
    return ResendEmail(api_key=key, sender=SENDER, api_url=url, timeout=timeout)


NEW_LEAD = Email(
    to="owner@acme.test",
    subject="New lead for Acme Plumbing: Jane",
    text="Jane just contacted Acme Plumbing.",
    html="<p><strong>Jane</strong> just contacted Acme Plumbing.</p>",
    tags={"kind": "new_lead"},
)


def test_send_posts_the_email_and_returns_its_id(resend_api):
    email_id = adapter(resend_api.url).send(NEW_LEAD)
    [sent] = resend_api.emails
    assert sent == {
        "from": SENDER,
        "to": ["owner@acme.test"],
        "subject": "New lead for Acme Plumbing: Jane",
        "text": "Jane just contacted Acme Plumbing.",
        "html": "<p><strong>Jane</strong> just contacted Acme Plumbing.</p>",
        "tags": [{"name": "kind", "value": "new_lead"}],
    }
    assert email_id and resend_api.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_a_text_only_email_sends_no_html_or_tags(resend_api):
    adapter(resend_api.url).send(Email(to="owner@acme.test", subject="Hi", text="Plain"))
    assert set(resend_api.emails[0]) == {"from", "to", "subject", "text"}


@pytest.mark.parametrize("status, name", [(422, "validation_error"), (403, "invalid_api_key")])
def test_a_4xx_is_rejected_with_resends_error_name(resend_api, status, name):
    resend_api.fail(status, message="Invalid `to` field.")
    with pytest.raises(ProviderRejected, match="Invalid `to` field") as rejected:
        adapter(resend_api.url).send(NEW_LEAD)
    assert rejected.value.code == name


def test_a_wrong_key_is_rejected(resend_api):
    with pytest.raises(ProviderRejected) as rejected:
        adapter(resend_api.url, key="re_wrong").send(NEW_LEAD)
    assert rejected.value.code == "invalid_api_key"


@pytest.mark.parametrize("status", [500, 502, 429])
def test_server_errors_and_rate_limits_are_unavailable(resend_api, status):
    resend_api.fail(status)
    with pytest.raises(ProviderUnavailable):
        adapter(resend_api.url).send(NEW_LEAD)


def test_a_timeout_is_unavailable(resend_api):
    resend_api.stall(3)
    with pytest.raises(ProviderUnavailable):
        adapter(resend_api.url, timeout=0.3).send(NEW_LEAD)


def test_a_refused_connection_is_unavailable():
    with refusing_url() as url, pytest.raises(ProviderUnavailable):
        adapter(url).send(NEW_LEAD)


def test_an_unlisted_api_url_is_refused_before_anything_is_sent():
    """P6: the adapter will not be pointed at a host outside the allow-list."""
    with pytest.raises(ProviderRejected, match="not a listed processor"):
        adapter("https://mail-relay.example.net")


def test_a_genuine_resend_signature_verifies():
    headers = sign_resend_webhook(SECRET, EVENT)
    assert verify_resend_signature(headers, EVENT, secret=SECRET)
    assert verify_resend_signature({name.title(): value for name, value in headers.items()}, EVENT, secret=SECRET)


def test_a_tampered_body_or_wrong_secret_does_not_verify():
    headers = sign_resend_webhook(SECRET, EVENT)
    assert not verify_resend_signature(headers, EVENT.replace(b"bounced", b"delivered"), secret=SECRET)
    other = "whsec_" + base64.b64encode(b"another-secret-another-secret-32").decode()
    assert not verify_resend_signature(headers, EVENT, secret=other)
    assert not verify_resend_signature({**headers, "svix-id": "msg_other"}, EVENT, secret=SECRET)
    assert not verify_resend_signature({**headers, "svix-signature": "v1,bm90IGEgc2lnbmF0dXJl"}, EVENT, secret=SECRET)
    assert not verify_resend_signature({}, EVENT, secret=SECRET)


def test_a_stale_or_future_timestamp_does_not_verify():
    """Replays: a signature older (or newer) than five minutes is refused even if genuine."""
    stale = sign_resend_webhook(SECRET, EVENT, timestamp=int(time.time()) - 6 * 60)
    future = sign_resend_webhook(SECRET, EVENT, timestamp=int(time.time()) + 6 * 60)
    recent = sign_resend_webhook(SECRET, EVENT, timestamp=int(time.time()) - 4 * 60)
    assert not verify_resend_signature(stale, EVENT, secret=SECRET)
    assert not verify_resend_signature(future, EVENT, secret=SECRET)
    assert verify_resend_signature(recent, EVENT, secret=SECRET)


def test_one_matching_signature_among_several_verifies():
    """Svix sends one signature per active secret during a rotation, space-separated."""
    headers = sign_resend_webhook(SECRET, EVENT)
    headers["svix-signature"] = "v1,b2xkLXNlY3JldC1zaWduYXR1cmU= " + headers["svix-signature"]
    assert verify_resend_signature(headers, EVENT, secret=SECRET)


def test_the_secret_comes_from_settings(monkeypatch):
    from leadmachine.config import get_settings

    headers = sign_resend_webhook(SECRET, EVENT)
    monkeypatch.setenv("RESEND_WEBHOOK_SECRET", SECRET)
    get_settings.cache_clear()
    try:
        assert verify_resend_signature(headers, EVENT)
    finally:
        monkeypatch.delenv("RESEND_WEBHOOK_SECRET")
        get_settings.cache_clear()
    assert not verify_resend_signature(headers, EVENT)  # no secret: nothing verifies
