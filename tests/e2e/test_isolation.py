"""Another business's lead id in the URL shows nothing of it (IDOR), in the browser."""

import uuid

import pytest
from playwright.sync_api import expect

from leadmachine.services.businesses import create_business
from leadmachine.services.leads import create_lead, intake_business, parse_submission
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
