"""Another business's lead id in the URL shows nothing of it (IDOR), in the browser."""

import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

from leadmachine.services import dev_mailbox, team
from leadmachine.services.businesses import create_business
from leadmachine.services.leads import create_lead, intake_business, parse_submission
from leadmachine.services.permissions import Actor
from leadmachine.services.visitors import VisitorContext

pytestmark = [pytest.mark.e2e, pytest.mark.no_clean]


def test_another_businesses_lead_is_not_shown(signed_in_page):
    other = create_business(f"Rival {uuid.uuid4().hex[:6]}", f"rival-{uuid.uuid4().hex[:6]}@rival.test", "Rex", "a long rival passphrase")
    business = intake_business(other.business_id)
    submission, phone = parse_submission(
        {"name": "Secret Sally", "phone": "(415) 555-0199", "message": "Private plans", "consent": True}, "US"
    )
    lead_id = create_lead(business, submission, phone, VisitorContext())

    page = signed_in_page
    page.goto(f"/leads/{lead_id}")
    expect(page.get_by_text("This lead does not exist or you cannot see it.")).to_be_visible()
    expect(page.get_by_text("Secret Sally")).to_have_count(0)
    page.goto("/inbox")
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    expect(page.get_by_text("Secret Sally")).to_have_count(0)


def invitation_token(email: str) -> str:
    """The app's own worker delivers the invitation to the dev mailbox; wait for it."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for mail in dev_mailbox.list_emails(20):
            if mail.to == email and (match := re.search(r"/invite\?token=([\w-]+)", mail.text)):
                return match.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no invitation email to {email}")


def test_a_member_of_two_businesses_switches_in_the_top_bar(page, app):
    name = f"Second Shop {uuid.uuid4().hex[:6]}"
    second = create_business(name, f"boss-{uuid.uuid4().hex[:6]}@second.test", "Bo", "a long second passphrase")
    team.invite(second.business_id, Actor(second.owner_id, "owner", "Bo"), app.owner_email, "admin")
    team.accept_invitation(invitation_token(app.owner_email), app.owner_password)

    sign_in(page, app.owner_email, app.owner_password)
    switcher = page.get_by_role("combobox", name="Switch business")
    expect(switcher).to_be_visible()
    switcher.click()
    page.get_by_role("option", name=name).click()
    expect(switcher).to_have_text(name)
    expect(page.get_by_role("link", name="Team")).to_be_visible()  # an admin there
    switcher.click()
    page.get_by_role("option", name="Bright Smile Plumbing").click()
    expect(switcher).to_have_text("Bright Smile Plumbing")
