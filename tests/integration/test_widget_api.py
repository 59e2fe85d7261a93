"""The public lead-intake contract: stored at once, clear 4xx for bad input, never 500."""

import html
import uuid

import pytest
from sqlmodel import select

from leadmachine.db import tenant_session
from leadmachine.models import ConsentRecord, Lead, LeadEvent
from leadmachine.services.leads import CONSENT_VERSION, consent_text

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def stored_leads(business_id):
    with tenant_session(business_id) as session:
        return session.exec(select(Lead)).all()


def test_valid_lead_is_stored_with_metadata_and_consent(post_lead, business):
    response = post_lead(
        {
            "name": "Jane Doe",
            "phone": "(415) 555-2671",
            "message": "My sink is leaking",
            "consent": True,
            "page_url": "https://acme.test/contact",
            "utm": {"utm_source": "google"},
        },
        headers={"User-Agent": IPHONE, "Referer": "https://acme.test/contact"},
    )
    assert response.status_code == 201
    lead_id = uuid.UUID(response.json()["lead_id"])
    with tenant_session(business.business_id) as session:
        lead = session.get(Lead, lead_id)
        consent = session.get(ConsentRecord, lead.consent_id)
        events = session.exec(select(LeadEvent).where(LeadEvent.lead_id == lead_id)).all()
    assert lead.phone_e164 == "+14155552671"
    assert (lead.browser, lead.os, lead.device) == ("Mobile Safari", "iOS", "iPhone")
    assert lead.page_url == "https://acme.test/contact"
    assert lead.referrer == "https://acme.test/contact"
    assert lead.utm == {"utm_source": "google"}
    assert lead.ip == "testclient"
    assert consent.text == consent_text("Acme Plumbing")
    assert consent.version == CONSENT_VERSION
    assert consent.phone_e164 == "+14155552671"
    assert [event.kind for event in events] == ["created"]


def test_invalid_lead_gets_422_listing_every_bad_field(post_lead, business):
    response = post_lead({"name": "", "phone": "12", "message": "", "consent": False})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert set(error["fields"]) == {"name", "phone", "message", "consent"}
    assert stored_leads(business.business_id) == []


def test_unknown_widget_key_is_404(post_lead):
    response = post_lead(key="wk_does_not_exist")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "content, content_type",
    [
        (b"not json", "application/json"),
        (b"\xff\xfe\xfa", "application/json"),
        (b'{"name": "a\\u0000b"', "application/json"),
        (b"[]", "application/json"),
        (b"null", "application/json"),
        (b'"string"', "application/json"),
        (b"[" * 100_000, "application/json"),
        (b"name=Jane", "application/x-www-form-urlencoded"),
        (b"{}", "text/plain"),
        (b"", ""),
        (b'{"name": "' + b"x" * 100_000 + b'"}', "application/json"),
    ],
)
def test_no_body_causes_a_server_error(client, business, content, content_type):
    response = client.post(
        f"/api/v1/widget/{business.widget_key}/leads", content=content, headers={"Content-Type": content_type}
    )
    assert 400 <= response.status_code < 500
    assert set(response.json()["error"]) == {"code", "message", "fields"}


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", None), ("name", 5), ("name", ["x"]), ("name", {"a": 1}), ("name", "x" * 5000),
        ("phone", 4155552671), ("phone", "\x00\x00"), ("phone", "+" + "9" * 39),
        ("message", True), ("message", "m" * 10_000), ("consent", "yes"), ("consent", 1),
        ("utm", "source"), ("utm", {"k": 5}), ("utm", {str(i): "v" for i in range(50)}),
        ("email", 7), ("page_url", ["u"]),
    ],
)
def test_wrong_types_and_sizes_are_422_not_500(post_lead, field, value):
    body = {"name": "Jane", "phone": "(415) 555-2671", "message": "Hi", "consent": True, field: value}
    response = post_lead(body)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


def test_nul_bytes_are_stripped_and_the_lead_kept(post_lead, business):
    response = post_lead({"name": "Ja\x00ne", "phone": "(415) 555-2671", "message": "He\x00llo", "consent": True})
    assert response.status_code == 201
    [lead] = stored_leads(business.business_id)
    assert (lead.name, lead.message) == ("Jane", "Hello")


def test_honeypot_submissions_look_accepted_but_are_not_stored(post_lead, business):
    response = post_lead(
        {"name": "Bot", "phone": "(415) 555-2671", "message": "spam", "consent": True, "website": "http://spam.test"}
    )
    assert response.status_code == 201
    assert stored_leads(business.business_id) == []


def test_too_many_leads_from_one_ip_get_429_with_retry_after(post_lead, monkeypatch):
    monkeypatch.setenv("LEADMACHINE_WIDGET_LIMIT_PER_IP", "3")
    from leadmachine.config import get_settings

    get_settings.cache_clear()
    statuses = [post_lead().status_code for _ in range(4)]
    get_settings.cache_clear()
    assert statuses == [201, 201, 201, 429]
    limited = post_lead()
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"


def test_widget_page_shows_business_and_unticked_consent(client, business):
    response = client.get(f"/w/{business.widget_key}")
    assert response.status_code == 200
    page = response.text
    assert "Acme Plumbing" in page
    assert html.escape(consent_text("Acme Plumbing")) in page
    assert 'type="checkbox"' in page and "checked" not in page.split('id="consent"')[1].split(">")[0]
    assert "frame-ancestors" in response.headers["content-security-policy"]


def test_widget_page_for_unknown_key_is_404(client):
    assert client.get("/w/wk_nope").status_code == 404


def test_widget_loader_script_is_served(client):
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "data" in response.text and "iframe" in response.text


def test_behind_a_trusted_proxy_the_visitor_ip_comes_from_x_forwarded_for(post_lead, business, monkeypatch):
    from leadmachine.config import get_settings

    monkeypatch.setenv("LEADMACHINE_TRUSTED_PROXY_HOPS", "1")
    get_settings.cache_clear()
    try:
        post_lead(headers={"X-Forwarded-For": "10.0.0.9, 81.2.69.142"})
    finally:
        get_settings.cache_clear()
    [lead] = stored_leads(business.business_id)
    assert (lead.ip, lead.geo_country) == ("81.2.69.142", "GB")


def test_pages_are_compressed_for_browsers_that_accept_gzip(client, business):
    response = client.get(f"/w/{business.widget_key}", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
