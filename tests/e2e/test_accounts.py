"""Signed-out account pages in Chromium: sign-up, email confirmation from the dev
mailbox, joining a team by invitation, password reset and the two-step sign-in."""

import re
import uuid

import pyotp
import pytest
from playwright.sync_api import expect

from leadmachine.api.auth import SESSION_COOKIE
from leadmachine.config import get_settings
from leadmachine.services import accounts, sessions, team, twofactor
from leadmachine.services.businesses import create_business
from leadmachine.services.permissions import Actor
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.no_clean]

PASSWORD = "a long and careful passphrase"
EMAIL_TIMEOUT_MS = 30_000  # emails are delivered by the app's worker, not by the request
OWNER_ONLY_NAV = ("Team", "Settings", "API keys", "Access log")


def _email(who: str) -> str:
    return f"{who}-{uuid.uuid4().hex[:8]}@example.test"


def _verified_owner(business: str) -> tuple[str, uuid.UUID]:
    """A ready account, made through the service as the operator command makes one."""
    email = _email("owner")
    created = create_business(business, email, "Olive Owner", PASSWORD)
    return email, created.owner_id


@pytest.fixture
def links_to_app(app, monkeypatch):
    """Emails this test process sends (through services) link to the running app."""
    monkeypatch.setenv("LEADMACHINE_BASE_URL", app.base_url)
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def open_page(page, path: str) -> None:
    """Go to `path` and let the app finish mounting: text typed into the server-rendered
    form before that can be replaced by the mounted one."""
    page.goto(path, wait_until="networkidle")


def follow_mailbox_link(page, to: str, path: str) -> None:
    """Open the dev mailbox and follow the newest `path` link emailed to `to`."""
    page.goto("/dev/mailbox")
    expect(page.get_by_role("heading", name="Dev mailbox")).to_be_visible()
    link = page.get_by_test_id("dev-email").filter(has_text=to).locator(f'a[href*="{path}?token="]')
    expect(link.first).to_be_visible(timeout=EMAIL_TIMEOUT_MS)
    link.first.click()
    expect(page).to_have_url(re.compile(re.escape(path) + r"/?\?token="))
    page.wait_for_load_state("networkidle")


def owner_actor(context) -> tuple[uuid.UUID, Actor]:
    """The signed-in owner of this browser, as the service layer sees them."""
    token = next(cookie["value"] for cookie in context.cookies() if cookie["name"] == SESSION_COOKIE)
    user = sessions.current_user(token)
    return user.business_id, Actor(user.user_id, user.role, user.name)


def test_new_owner_signs_up_confirms_email_and_invites_an_agent_who_sees_only_agent_pages(
    browser, page, context, app, links_to_app
):
    business = f"Bright Dental {uuid.uuid4().hex[:4]}"
    owner_email = _email("owner")

    page.goto("/login")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create your Lead Machine account")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Business name").fill(business)
    page.get_by_label("Your name").fill("Dana Dentist")
    page.get_by_label("Email").fill(owner_email)
    page.get_by_label("Mobile phone").fill("(415) 555-0142")
    page.get_by_label("Password").fill("too short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_have_text("Use at least 10 characters.")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"We sent a link to {owner_email}")

    sign_in(page, owner_email, PASSWORD)  # not confirmed yet
    expect(page.get_by_role("alert")).to_contain_text("Confirm your email first")

    follow_mailbox_link(page, owner_email, "/verify-email")
    page.get_by_role("button", name="Confirm my email").click()
    expect(page.get_by_text("Email confirmed. You can sign in now.")).to_be_visible()
    page.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign in to Lead Machine")).to_be_visible()

    sign_in(page, owner_email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/inbox/?$"))
    expect(page.get_by_role("heading", name="No leads yet")).to_be_visible()
    expect(page.get_by_role("link", name="Team", exact=True)).to_be_visible()

    agent_email = _email("agent")
    business_id, owner = owner_actor(context)
    team.invite(business_id, owner, agent_email, "agent")

    agent_context = browser.new_context(base_url=app.base_url, viewport={"width": 390, "height": 760})
    try:
        agent = agent_context.new_page()
        follow_mailbox_link(agent, agent_email, "/invite")
        expect(agent.get_by_role("heading", name=f"Join {business} as agent")).to_be_visible()
        agent.get_by_label("Your name").fill("Avery Agent")
        agent.get_by_label("Choose a password").fill(PASSWORD)
        agent.get_by_role("button", name=f"Join {business}").click()
        expect(agent.get_by_role("heading", name=f"You joined {business}.")).to_be_visible()
        agent.get_by_role("link", name="Sign in").click()
        expect(agent.get_by_role("heading", name="Sign in to Lead Machine")).to_be_visible()
        sign_in(agent, agent_email, PASSWORD)

        expect(agent).to_have_url(re.compile(r"/inbox/?$"))
        expect(agent.get_by_role("heading", name="No leads yet")).to_be_visible()
        for label in ("Inbox", "Account"):
            expect(agent.get_by_role("link", name=label, exact=True)).to_be_visible()
        for label in OWNER_ONLY_NAV:
            expect(agent.get_by_role("link", name=label, exact=True)).to_have_count(0)
    finally:
        agent_context.close()


def test_used_invitation_link_is_refused_with_a_clear_message(page):
    page.goto("/invite?token=not-a-real-token")
    expect(page.get_by_role("heading", name="This invitation can't be used")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text(
        "This invitation is invalid, expired or already used. Ask for a new one."
    )


def test_a_dead_confirmation_link_offers_a_new_one_that_works(page, links_to_app):
    email = _email("late")
    accounts.sign_up({
        "business_name": "Late Locksmiths", "owner_name": "Lee Late", "email": email,
        "phone": "(415) 555-0150", "password": PASSWORD,
    })

    open_page(page, "/verify-email?token=expired-or-made-up")
    page.get_by_role("button", name="Confirm my email").click()
    expect(page.get_by_role("alert")).to_have_text("This link is invalid or has expired. Ask for a new one.")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send a new link").click()
    expect(page.get_by_text("If that email has an account waiting for confirmation, we sent a new link.")).to_be_visible()

    follow_mailbox_link(page, email, "/verify-email")
    page.get_by_role("button", name="Confirm my email").click()
    expect(page.get_by_text("Email confirmed. You can sign in now.")).to_be_visible()
    sign_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/inbox/?$"))


def test_wrong_password_and_unknown_email_get_the_same_error(page):
    email, _ = _verified_owner("Careful Clinic")
    for who, password in ((email, "not the password"), (_email("nobody"), PASSWORD)):
        sign_in(page, who, password)
        expect(page).to_have_url(re.compile(r"/login/?\?"))
        expect(page.get_by_role("alert")).to_have_text("That email and password don't match. Try again.")


def test_forgotten_password_is_reset_from_the_emailed_link(page):
    email, _ = _verified_owner("Reset Roofing")
    new_password = "a fresh and different passphrase"

    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_text("If an account exists for that email, we sent a reset link.")).to_be_visible()

    follow_mailbox_link(page, email, "/reset-password")
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("Confirm new password").fill("something else entirely")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_have_text("The two passwords don't match.")
    page.get_by_label("Confirm new password").fill(new_password)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed; every session was signed out.")).to_be_visible()

    sign_in(page, email, PASSWORD)
    expect(page.get_by_role("alert")).to_have_text("That email and password don't match. Try again.")
    sign_in(page, email, new_password)
    expect(page).to_have_url(re.compile(r"/inbox/?$"))


def test_unknown_email_gets_the_same_reset_answer(page):
    open_page(page, "/forgot-password")
    page.get_by_label("Email").fill(_email("nobody"))
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_text("If an account exists for that email, we sent a reset link.")).to_be_visible()


def test_reset_link_that_is_not_valid_is_refused(page):
    open_page(page, "/reset-password?token=made-up")
    page.get_by_label("New password", exact=True).fill("a fresh and different passphrase")
    page.get_by_label("Confirm new password").fill("a fresh and different passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("alert")).to_have_text("This link is invalid or has expired. Ask for a new one.")


def test_two_factor_sign_in_asks_for_the_code_and_explains_a_wrong_one(page):
    email, owner_id = _verified_owner("Secure Surgery")
    enrolment = twofactor.start_enrolment(owner_id)
    twofactor.confirm_enrolment(owner_id, pyotp.TOTP(enrolment.secret).now())

    sign_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/login/2fa/?$"))
    code = page.get_by_label("6-digit code")
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")
    code.fill("000000")
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/login/2fa/?\?error=code"))
    expect(page.get_by_role("alert")).to_have_text("That code is not right. Try again, or use a recovery code.")

    page.get_by_label("6-digit code").fill(pyotp.TOTP(enrolment.secret).now())
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/inbox/?$"))
