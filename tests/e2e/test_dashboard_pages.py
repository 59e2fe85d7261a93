"""The signed-in settings pages in Chromium: team, settings, API keys, access log and
the member's own account, seen by the owner and by an invited agent."""

import re
import time
import uuid

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import select

from leadmachine.api.auth import SESSION_COOKIE
from leadmachine.db import identity_session
from leadmachine.models import DevEmail
from leadmachine.services import business_settings, sessions, team
from leadmachine.services.permissions import Actor
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.no_clean]

AGENT_PASSWORD = "a long and careful passphrase"
EMAIL_TIMEOUT_SECONDS = 30  # the app's own worker delivers emails, not the request
NOT_ALLOWED = {
    "/team": "Your role (agent) can't manage the team",
    "/settings": "Your role (agent) can't change the business settings",
    "/api-keys": "Your role (agent) can't manage API keys",
    "/access-log": "Your role (agent) can't view the access log",
}


def _unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:6]}"


def _invitation_token(email: str) -> str:
    """The token in the invitation the running app's worker put in the dev mailbox."""
    deadline = time.monotonic() + EMAIL_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        with identity_session() as session:
            emails = session.exec(select(DevEmail).where(DevEmail.to == email)).all()
        for sent in emails:
            if match := re.search(r"/invite\?token=([\w-]+)", sent.text):
                return match.group(1)
        time.sleep(0.3)
    raise AssertionError(f"no invitation email reached {email}")


def _open_as(browser, app, email: str, password: str):
    context = browser.new_context(base_url=app.base_url, viewport={"width": 1280, "height": 860})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, email, password)
    expect(page).to_have_url(re.compile(r"/inbox/?$"))
    return context, page


def test_invited_agent_is_kept_out_of_owner_pages_but_has_their_account(browser, signed_in_page, app):
    owner = signed_in_page
    agent_email = f"agent-{uuid.uuid4().hex[:8]}@example.test"
    owner.goto("/team")
    expect(owner.get_by_role("heading", name="Team")).to_be_visible()
    expect(owner.get_by_test_id("member-row").filter(has_text=app.owner_email)).to_contain_text("owner")

    owner.get_by_label("Email").fill(app.owner_email)
    owner.get_by_role("button", name="Send invitation").click()
    expect(owner.get_by_role("alert").filter(has_text="This person is already on your team.")).to_be_visible()
    owner.get_by_label("Email").fill(agent_email)
    owner.get_by_role("button", name="Send invitation").click()
    expect(owner.get_by_test_id("invitation-row").filter(has_text=agent_email)).to_contain_text("agent")
    expect(owner.get_by_label("Email")).to_have_value("")

    team.accept_invitation(_invitation_token(agent_email), AGENT_PASSWORD, "Ann Agent")
    owner.reload()
    ann = owner.get_by_test_id("member-row").filter(has_text=agent_email)
    expect(ann).to_contain_text("Ann Agent")
    expect(owner.get_by_test_id("invitation-row").filter(has_text=agent_email)).to_have_count(0)

    agent_context, agent = _open_as(browser, app, agent_email, AGENT_PASSWORD)
    try:
        for path, refusal in NOT_ALLOWED.items():
            agent.goto(path)
            expect(agent.get_by_test_id("not-allowed")).to_contain_text(refusal)
        nav = agent.get_by_role("navigation", name="Main")
        for label in ("Team", "Settings", "API keys", "Access log"):
            expect(nav.get_by_role("link", name=label)).to_have_count(0)
        agent.goto("/account")
        expect(agent.get_by_role("heading", name="Your account")).to_be_visible()
        expect(agent.get_by_test_id("session-row").filter(has_text="This device")).to_have_count(1)

        ann.get_by_role("button", name="Remove").click()
        dialog = owner.get_by_role("alertdialog")
        expect(dialog).to_contain_text("Remove Ann Agent?")
        expect(dialog).to_contain_text("They are signed out at once")
        dialog.get_by_role("button", name="Remove").click()
        expect(owner.get_by_test_id("member-row").filter(has_text=agent_email)).to_have_count(0)

        agent.reload()
        expect(agent).to_have_url(re.compile(r"/login/?$"))
    finally:
        agent_context.close()


def test_widget_setting_is_saved_and_still_there_after_reload(signed_in_page, context, app):
    page = signed_in_page
    before = httpx.get(f"{app.base_url}/api/v1/widget/{app.widget_key}/config", params={"host": "a.test"}).json()
    button_text = _unique("Ask us")
    try:
        page.goto("/settings")
        page.get_by_role("tab", name="Widget").click()
        expect(page.get_by_test_id("embed-snippet")).to_have_text(
            f'<script src="{app.base_url}/widget.js" data-key="{app.widget_key}" async></script>'
        )
        page.get_by_label("Button text").fill(button_text)
        page.get_by_label("Allowed websites").fill("not a website!")
        page.get_by_role("button", name="Save widget").click()
        expect(page.get_by_role("alert").filter(has_text="is not a website address")).to_be_visible()

        page.get_by_label("Allowed websites").fill("")
        page.get_by_role("button", name="Save widget").click()
        expect(page.get_by_text("Widget saved.")).to_be_visible()
        expect(page.get_by_test_id("widget-preview-button")).to_have_text(button_text)

        page.reload()
        page.get_by_role("tab", name="Widget").click()
        expect(page.get_by_label("Button text")).to_have_value(button_text)
        config = httpx.get(f"{app.base_url}/api/v1/widget/{app.widget_key}/config", params={"host": "a.test"}).json()
        assert config["button_text"] == button_text
    finally:
        _restore_widget(context, before["button_text"])


def _restore_widget(context, button_text: str) -> None:
    """Other browser tests share the demo business: put its button text back, as the
    owner signed in to this browser."""
    token = next(cookie["value"] for cookie in context.cookies() if cookie["name"] == SESSION_COOKIE)
    owner = sessions.current_user(token)
    actor = Actor(owner.user_id, owner.role, owner.name)
    business_settings.update(owner.business_id, actor, {"widget_button_text": button_text})


def test_new_api_key_is_shown_once_works_and_stops_working_when_revoked(signed_in_page, app):
    page = signed_in_page
    name = _unique("Zapier")
    page.goto("/api-keys")
    page.get_by_label("Key name").fill(name)
    page.get_by_role("button", name="Create key").click()

    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("won't be shown again")
    key = dialog.get_by_test_id("new-api-key").inner_text().strip()
    assert key.startswith("lm_live_")
    bearer = {"Authorization": f"Bearer {key}"}
    assert httpx.get(f"{app.base_url}/api/v1/leads", headers=bearer).status_code == 200
    dialog.get_by_role("button", name="I've copied it").click()
    expect(dialog).to_have_count(0)

    row = page.get_by_test_id("api-key-row").filter(has_text=name)
    expect(row).to_contain_text(key[:12] + "…")
    expect(row).to_contain_text("Active")
    page.reload()
    expect(row).to_be_visible()
    assert key not in page.content()

    row.get_by_role("button", name="Revoke").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text(f"Revoke {name}?")
    confirm.get_by_role("button", name="Revoke key").click()
    expect(row).to_contain_text("Revoked")
    assert httpx.get(f"{app.base_url}/api/v1/leads", headers=bearer).status_code == 401


def test_opening_a_lead_is_listed_in_the_access_log(signed_in_page, app):
    page = signed_in_page
    name = _unique("Logan")
    lead_id = app.submit_lead(name, "+1 415 555 0142", "Boiler making a knocking noise.")
    page.goto(f"/leads/{lead_id}")
    expect(page.get_by_role("heading", name=name)).to_be_visible()

    page.goto("/access-log")
    row = page.get_by_test_id("access-row").filter(has=page.locator(f'a[href="/leads/{lead_id}"]'))
    expect(row).to_contain_text("lead.view")
    expect(row).to_contain_text(app.owner_name)

    page.get_by_label("Action").click()
    page.get_by_role("option", name="lead.export").click()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("Nothing matches")).to_be_visible()
    page.get_by_role("button", name="Clear").click()
    expect(row).to_be_visible()
