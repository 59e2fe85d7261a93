"""The owner's side in Chromium: sign-in, the live inbox and one lead's page."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.no_clean]

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
AI_REPLY_TIMEOUT_MS = 30_000


def _unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:6]}"


def _lead_row(page, name: str):
    return page.get_by_test_id("lead-row").filter(has_text=name)


def test_visitor_lead_reaches_owner_inbox_with_ai_reply(browser, page, app):
    name = _unique("Vera")
    message = "Our kitchen tap is dripping, can someone come this week?"
    source_page = "https://brightsmile.example/taps"
    visitor = browser.new_context(base_url=app.base_url, user_agent=IPHONE, viewport={"width": 390, "height": 760})
    try:
        widget = visitor.new_page()
        widget.goto(f"/w/{app.widget_key}?page={source_page}")
        widget.get_by_label("Your name").fill(name)
        widget.get_by_label("Mobile phone").fill("(415) 555-0123")
        widget.get_by_label("How can we help?").fill(message)
        widget.get_by_role("checkbox").check()
        widget.get_by_role("button", name="Send").click()
        thanks = widget.get_by_role("heading", name="Thanks, we got it!")
        expect(thanks).to_be_visible()
        expect(widget.locator("#f")).to_be_hidden()
    finally:
        visitor.close()

    sign_in(page, app.owner_email, app.owner_password)
    expect(page).to_have_url(re.compile(r"/inbox/?$"))
    row = _lead_row(page, name)
    expect(row).to_contain_text("+14155550123")
    expect(row.get_by_text("AI replied")).to_be_visible(timeout=AI_REPLY_TIMEOUT_MS)

    row.get_by_role("link", name=name).click()
    expect(page).to_have_url(re.compile(r"/leads/[0-9a-f-]{36}/?$"))
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    details = {
        "phone": "+14155550123",
        "device": "Mobile Safari · iOS · iPhone",
        "country": "Unknown",
        "page_url": source_page,
    }
    for key, value in details.items():
        expect(page.get_by_test_id(f"detail-{key}")).to_have_text(value)
    expect(page.get_by_text(message, exact=True)).to_be_visible()
    reply = page.get_by_test_id("message").filter(has_text="Hi Vera, thanks for contacting Bright Smile Plumbing!")
    expect(reply).to_be_visible()
    expect(reply.get_by_text("AI", exact=True)).to_be_visible()
    expect(reply).to_contain_text("Reply STOP to opt out.")


def test_wrong_password_shows_an_error_and_keeps_the_email(page, app):
    sign_in(page, app.owner_email, "not the password")

    expect(page).to_have_url(re.compile(r"/login/?\?"))
    expect(page.get_by_role("alert")).to_have_text("That email and password don't match. Try again.")
    expect(page.get_by_label("Email")).to_have_value(app.owner_email)
    page.goto("/inbox")
    expect(page).to_have_url(re.compile(r"/login/?$"))


def test_status_change_is_recorded_in_history_with_the_owners_name(signed_in_page, app):
    page = signed_in_page
    name = _unique("Sam")
    lead_id = app.submit_lead(name, "+1 212 555 0199", "Quote for a new boiler, please.")
    page.goto(f"/leads/{lead_id}")
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    history = page.get_by_test_id("lead-event")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Lead received from the widget")

    page.get_by_role("combobox", name="Status").click()
    page.get_by_role("option", name="contacted").click()

    changed = history.filter(has_text="Status changed from new to contacted")
    expect(changed).to_contain_text(f"by {app.owner_name}")
    expect(page.get_by_role("combobox", name="Status")).to_have_text("contacted")
    events = app.lead(lead_id)["events"]
    assert [(e["kind"], e["to_status"], e["actor_label"]) for e in events][-1] == (
        "status_changed", "contacted", app.owner_name
    )
    page.reload()
    expect(history.filter(has_text="Status changed from new to contacted")).to_have_count(1)


def test_new_lead_appears_in_the_open_inbox_without_reload(signed_in_page, app):
    page = signed_in_page
    loaded = page.get_by_test_id("lead-row").or_(page.get_by_role("heading", name="No leads yet"))
    expect(loaded.first).to_be_visible()
    page.evaluate("window.__sameDocument = true")
    name = _unique("Lena Live")

    app.submit_lead(name, "+1 415 555 0177", "Is anyone free tomorrow morning?")

    expect(_lead_row(page, name)).to_be_visible(timeout=5_000)
    assert page.evaluate("window.__sameDocument === true"), "the inbox reloaded instead of updating live"


def test_sign_out_returns_to_login_and_the_inbox_needs_signing_in_again(signed_in_page, context):
    page = signed_in_page
    session_cookies = context.cookies()

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/login/?$"))
    expect(page.get_by_role("heading", name="Sign in to Lead Machine")).to_be_visible()
    page.goto("/inbox")
    expect(page).to_have_url(re.compile(r"/login/?$"))
    context.add_cookies(session_cookies)  # the old cookie is dead on the server too
    page.goto("/inbox")
    expect(page).to_have_url(re.compile(r"/login/?$"))
