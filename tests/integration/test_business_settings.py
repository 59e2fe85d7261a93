"""Business settings, allowed widget domains, and the access log."""

import uuid

import pytest

from leadmachine.services import audit, business_settings, inbox
from leadmachine.services.errors import InvalidInput
from leadmachine.services.permissions import Actor, PermissionDenied


@pytest.fixture
def owner(business):
    return Actor(business.owner_id, "owner", "Olive Owner", "203.0.113.1")


def test_settings_are_validated_and_saved(business, owner):
    updated = business_settings.update(
        business.business_id,
        owner,
        {"tone": "professional", "widget_color": "#112233", "allowed_domains": ["https://Acme.test/contact"]},
    )
    assert (updated.tone, updated.widget_color, updated.allowed_domains) == ("professional", "#112233", ["acme.test"])
    assert business_settings.read(business.business_id).tone == "professional"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"widget_color": "red"}, "widget_color"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"default_region": "XX"}, "default_region"),
        ({"allowed_domains": ["not a domain!"]}, "allowed_domains"),
        ({"booking_link": "javascript:alert(1)"}, "booking_link"),
        ({"tone": "sarcastic"}, "tone"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_settings_are_refused_field_by_field(business, owner, change, field):
    with pytest.raises(InvalidInput) as caught:
        business_settings.update(business.business_id, owner, change)
    assert field in caught.value.fields


def test_agents_cannot_change_settings(business):
    with pytest.raises(PermissionDenied):
        business_settings.update(business.business_id, Actor(None, "agent", "Ann"), {"tone": "casual"})


def test_widget_refuses_pages_outside_the_allowed_domains(client, business, owner):
    business_settings.update(business.business_id, owner, {"allowed_domains": ["acme.test", "*.acme.io"]})
    body = {"name": "Jo", "phone": "(415) 555-2671", "message": "Hi", "consent": True}
    url = f"/api/v1/widget/{business.widget_key}/leads"
    refused = client.post(url, json={**body, "page_url": "https://evil.test/page"})
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "This contact form is not enabled on evil.test."
    for page in ("https://acme.test/contact", "https://shop.acme.io/", ""):
        assert client.post(url, json={**body, "page_url": page}).status_code == 201
    csp = client.get(f"/w/{business.widget_key}").headers["content-security-policy"]
    assert "frame-ancestors https://acme.test http://acme.test https://*.acme.io" in csp
    config = client.get(f"/api/v1/widget/{business.widget_key}/config", params={"host": "evil.test"}).json()
    assert config["allowed"] is False
    assert client.get(f"/api/v1/widget/{business.widget_key}/config", params={"host": "acme.test"}).json()["allowed"]


def test_widget_config_carries_the_look(client, business, owner):
    business_settings.update(
        business.business_id, owner, {"widget_color": "#aa0000", "widget_button_text": "Ask us", "widget_position": "left"}
    )
    response = client.get(f"/api/v1/widget/{business.widget_key}/config", params={"host": "any.test"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.json() == {"allowed": True, "button_text": "Ask us", "color": "#aa0000", "position": "left"}


def test_viewing_a_lead_is_recorded_and_listed_for_owners(post_lead, business, owner):
    lead_id = uuid.UUID(post_lead().json()["lead_id"])
    inbox.lead_detail(business.business_id, lead_id, viewer=owner)
    inbox.lead_detail(business.business_id, lead_id)  # a page refresh: not a new view
    [entry] = audit.list_access(business.business_id, owner)
    assert (entry.actor, entry.action, entry.subject_id, entry.ip) == ("Olive Owner", "lead.view", str(lead_id), "203.0.113.1")
    assert audit.list_access(business.business_id, owner, action="lead.export") == []
    assert audit.list_access(business.business_id, owner, who="olive") != []
    with pytest.raises(PermissionDenied):
        audit.list_access(business.business_id, Actor(None, "agent", "Ann"))


def test_api_reads_are_recorded_with_the_key(client, post_lead, business, owner):
    from leadmachine.services.api_keys import create_api_key

    lead_id = post_lead().json()["lead_id"]
    key = create_api_key(business.business_id, "Zapier")
    client.get(f"/api/v1/leads/{lead_id}", headers={"Authorization": f"Bearer {key}"})
    [entry] = audit.list_access(business.business_id, owner)
    assert entry.actor.startswith("API key Zapier") and entry.subject_id == lead_id


def test_contact_phone_is_checked_and_stored_in_e164(business, owner):
    with pytest.raises(InvalidInput) as caught:
        business_settings.update(business.business_id, owner, {"contact_phone": "12"})
    assert "contact_phone" in caught.value.fields
    saved = business_settings.update(business.business_id, owner, {"contact_phone": "(415) 555-0100"})
    assert saved.contact_phone == "+14155550100"


def test_access_log_who_filter_treats_wildcards_literally(post_lead, business, owner):
    lead_id = uuid.UUID(post_lead().json()["lead_id"])
    inbox.lead_detail(business.business_id, lead_id, viewer=owner)
    assert audit.list_access(business.business_id, owner, who="%") == []
    assert audit.list_access(business.business_id, owner, who="_live") == []
    assert len(audit.list_access(business.business_id, owner, who="Olive")) == 1
