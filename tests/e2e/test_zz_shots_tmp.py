import pytest
from playwright.sync_api import expect
pytestmark = [pytest.mark.e2e, pytest.mark.no_clean]

def test_shots(signed_in_page, app, context):
    page = signed_in_page
    lid = app.submit_lead("Marguerite Okonkwo-Fitzgerald", "+1 415 555 0111", "Hello! Our basement flooded last night after the storm and the sump pump seems to have stopped working entirely. Can you send someone today? We're at 42 Elm Street.", email="marg@example.com", page_url="https://brightsmile.example/services/emergency-flood-and-water-damage-repair?utm_source=google")
    page.wait_for_timeout(4000)
    page.screenshot(path="/tmp/e2e_scratch/inbox.png", full_page=True)
    page.goto(f"/leads/{lid}")
    expect(page.get_by_test_id("message")).to_have_count(1)
    page.wait_for_timeout(500)
    page.screenshot(path="/tmp/e2e_scratch/lead.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    page.screenshot(path="/tmp/e2e_scratch/lead_mobile.png", full_page=True)
    page.goto("/inbox")
    page.wait_for_timeout(1500)
    page.screenshot(path="/tmp/e2e_scratch/inbox_mobile.png", full_page=True)
    print(page.get_by_test_id("lead-row").first.evaluate("e => e.outerHTML")[:300])
