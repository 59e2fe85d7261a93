"""The two-way conversation in the browser: AI reply, the lead texts back through the
signed inbound webhook, the owner answers by hand, the lead texts STOP."""

import time
import uuid

import httpx
import pytest
from playwright.sync_api import expect
from twilio.request_validator import RequestValidator

from leadmachine.config import DEV_TWILIO_WEBHOOK_TOKEN

pytestmark = [pytest.mark.e2e, pytest.mark.no_clean]
PHONE = "+14155550177"


def text_from_lead(app, body: str) -> None:
    """What Twilio would POST when the lead texts us, signed as Twilio signs it."""
    url = f"{app.base_url}/webhooks/twilio/inbound"
    params = {"MessageSid": f"SM{uuid.uuid4().hex}", "From": PHONE, "To": "", "Body": body}
    signature = RequestValidator(DEV_TWILIO_WEBHOOK_TOKEN).compute_signature(url, params)
    response = httpx.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)
    assert response.status_code == 200, response.text


def outbound(app, lead_id: str) -> list[dict]:
    return [m for m in app.lead(lead_id)["messages"] if m["direction"] == "outbound"]


def test_lead_texts_back_owner_answers_then_stop_ends_automated_texts(signed_in_page, app):
    page = signed_in_page
    name = f"Theo {uuid.uuid4().hex[:6]}"
    lead_id = app.submit_lead(name, PHONE, "Do you fix boilers?")
    page.goto(f"/leads/{lead_id}")
    messages = page.get_by_test_id("message")
    expect(messages.filter(has_text="Reply STOP to opt out.")).to_have_count(1)

    text_from_lead(app, "Great, can someone come on Friday?")
    expect(messages.filter(has_text="can someone come on Friday?").first).to_be_visible()  # live, no reload
    expect(messages).to_have_count(3)  # first reply, the lead's text, the AI's answer (which quotes it)

    page.get_by_label("Reply by text").fill("Hi Theo, Sam here. Friday 10am works.")
    page.get_by_role("button", name="Send", exact=True).click()
    human = messages.filter(has_text="Friday 10am works.")
    expect(human).to_be_visible()
    expect(human.get_by_text("Human", exact=True)).to_be_visible()
    expect(page.get_by_text("AI paused: a person took over")).to_be_visible()

    page.get_by_role("button", name="Resume AI").click()
    expect(page.get_by_text("AI paused: a person took over")).to_be_hidden()
    text_from_lead(app, "STOP")
    expect(page.get_by_text("Opted out of texts")).to_be_visible()
    expect(messages.filter(has_text="you're unsubscribed")).to_have_count(1)
    expect(page.get_by_text("This person replied STOP")).to_be_visible()
    sent_after_stop = len(outbound(app, lead_id))

    text_from_lead(app, "Actually, one more question?")
    expect(messages.filter(has_text="one more question?")).to_be_visible()
    time.sleep(3)  # time enough for the worker to have answered, were it allowed to
    assert len(outbound(app, lead_id)) == sent_after_stop

    page.get_by_role("link", name="Dev outbox").click()
    expect(page.get_by_role("heading", name="Dev outbox")).to_be_visible()
    expect(page.get_by_text("Friday 10am works.")).to_be_visible()
    expect(page.get_by_text("you're unsubscribed").first).to_be_visible()
