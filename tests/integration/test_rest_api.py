"""The business REST API and the health check."""

import uuid

from leadmachine.providers import get_ai, get_sms
from leadmachine.services.api_keys import create_api_key
from leadmachine.services.followup import send_first_reply


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_lead_detail_returns_lead_events_and_messages(client, business, post_lead):
    lead_id = uuid.UUID(post_lead().json()["lead_id"])
    send_first_reply(lead_id, get_ai(), get_sms())
    key = create_api_key(business.business_id, "test")

    response = client.get(f"/api/v1/leads/{lead_id}", headers=bearer(key))
    assert response.status_code == 200
    body = response.json()
    assert body["lead"]["id"] == str(lead_id)
    assert body["lead"]["phone_e164"] == "+14155552671"
    assert [event["kind"] for event in body["events"]] == ["created"]
    [message] = body["messages"]
    assert message["ai_generated"] is True and message["status"] == "sent"

    listing = client.get("/api/v1/leads", headers=bearer(key)).json()["leads"]
    assert [lead["id"] for lead in listing] == [str(lead_id)]
    assert listing[0]["ai_replied"] is True


def test_requests_without_a_valid_key_are_401(client, post_lead):
    lead_id = post_lead().json()["lead_id"]
    for headers in ({}, bearer("lm_live_wrong"), {"Authorization": "Basic abc"}):
        response = client.get(f"/api/v1/leads/{lead_id}", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_another_businesses_lead_is_404_not_403(client, post_lead, make_business):
    lead_id = post_lead().json()["lead_id"]
    other_key = create_api_key(make_business("Other Co").business_id, "other")
    assert client.get(f"/api/v1/leads/{lead_id}", headers=bearer(other_key)).status_code == 404
    assert client.get("/api/v1/leads/not-a-uuid", headers=bearer(other_key)).status_code == 404
    assert client.get("/api/v1/leads", headers=bearer(other_key)).json() == {"leads": []}


def test_healthz_reports_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "redis": True}


def test_healthz_reports_redis_down(client, monkeypatch):
    import redis

    from leadmachine.api import health

    monkeypatch.setattr(health, "redis_connection", lambda: redis.Redis(port=1, socket_connect_timeout=0.2))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] is False and response.json()["database"] is True


def test_every_response_carries_security_headers(client, business):
    page = client.get(f"/w/{business.widget_key}")
    api = client.get("/healthz")
    for response in (page, api):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert api.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in api.headers["content-security-policy"]
    assert "x-frame-options" not in page.headers


def test_unknown_routes_and_methods_are_4xx(client):
    assert client.get("/api/v1/nope").status_code == 404
    assert client.get("/api/v1/widget/wk_x/leads").status_code == 405


def test_leads_can_be_created_through_the_api(client, business):
    key = create_api_key(business.business_id, "crm")
    response = client.post(
        "/api/v1/leads",
        json={"name": "Ray", "phone": "(415) 555-2673", "message": "From our CRM", "consent": True},
        headers=bearer(key),
    )
    assert response.status_code == 201
    lead = client.get(f"/api/v1/leads/{response.json()['lead_id']}", headers=bearer(key)).json()["lead"]
    assert (lead["source"], lead["phone_e164"]) == ("api", "+14155552673")
    bad = client.post("/api/v1/leads", json={"name": ""}, headers=bearer(key))
    assert bad.status_code == 422 and "phone" in bad.json()["error"]["fields"]
    assert client.post("/api/v1/leads", json={}).status_code == 401


def test_api_requests_are_rate_limited_per_key(client, business, monkeypatch):
    from leadmachine.config import get_settings

    monkeypatch.setenv("LEADMACHINE_API_LIMIT_PER_KEY", "2")
    get_settings.cache_clear()
    key = create_api_key(business.business_id, "busy")
    statuses = [client.get("/api/v1/leads", headers=bearer(key)).status_code for _ in range(3)]
    get_settings.cache_clear()
    assert statuses == [200, 200, 429]


def test_production_redirects_plain_http_to_https_and_sends_hsts(client, monkeypatch):
    from leadmachine.config import get_settings

    monkeypatch.setenv("LEADMACHINE_ENV", "production")
    get_settings.cache_clear()
    try:
        redirect = client.get("/healthz?x=1", follow_redirects=False)
        secure = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    finally:
        get_settings.cache_clear()
    assert redirect.status_code == 308 and redirect.headers["location"] == "https://testserver/healthz?x=1"
    assert secure.status_code == 200
    assert secure.headers["strict-transport-security"].startswith("max-age=31536000")
