"""The visitor's side in Chromium: the served widget page and the widget.js loader."""

import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.no_clean]

THANKS = "Thanks, we got it!"


@pytest.fixture
def host_site(app):
    """A business's own page with only our script tag on it, on another origin.

    Served for real on `localhost` (the app is on 127.0.0.1): Chromium refuses to let a
    page that did not come from a local address load scripts from a loopback one.
    """
    page_html = (
        "<!doctype html><html lang=en><head><title>Bright Smile Plumbing</title></head>"
        "<body><h1>Emergency plumbing</h1><p>Burst pipe? We come out 24/7.</p>"
        f'<script src="{app.base_url}/widget.js" data-key="{app.widget_key}"></script></body></html>'
    ).encode()

    class HostPage(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page_html)))
            self.end_headers()
            self.wfile.write(page_html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), HostPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}/emergency-plumbing"
    server.shutdown()
    server.server_close()
    thread.join()


def _stored_names(app) -> set[str]:
    return {lead["name"] for lead in app.leads()}


def test_empty_widget_submission_shows_inline_errors_and_stores_nothing(page, app):
    stored_before = _stored_names(app)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.goto(f"/w/{app.widget_key}")

    page.get_by_role("button", name="Send").click()

    for field in ("name", "phone", "message"):
        expect(page.locator(f"#{field}-err")).to_have_text("Please fill this in.")
        expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#consent-err")).to_have_text("Please tick the box to agree to receive text messages.")
    expect(page.get_by_label("Your name")).to_be_focused()
    expect(page.get_by_role("status")).to_have_text("Please correct the highlighted fields.")
    expect(page.get_by_role("heading", name=THANKS)).to_be_hidden()
    assert posts == []
    assert _stored_names(app) == stored_before


def test_widget_focuses_the_first_field_still_wrong(page, app):
    page.goto(f"/w/{app.widget_key}")
    page.get_by_label("Your name").fill("Nina Partial")

    page.get_by_role("button", name="Send").click()

    expect(page.get_by_label("Mobile phone")).to_be_focused()
    expect(page.locator("#name-err")).to_be_hidden()
    expect(page.get_by_label("Your name")).to_have_attribute("aria-invalid", "false")


def test_widget_shows_the_servers_error_for_an_invalid_phone(page, app):
    name = f"Ivan Invalid {uuid.uuid4().hex[:6]}"
    page.goto(f"/w/{app.widget_key}")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Mobile phone").fill("12")
    page.get_by_label("How can we help?").fill("My sink is blocked.")
    page.get_by_role("checkbox").check()

    page.get_by_role("button", name="Send").click()

    expect(page.locator("#phone-err")).to_have_text("Enter a valid phone number, including the area code.")
    expect(page.get_by_label("Mobile phone")).to_be_focused()
    expect(page.get_by_role("button", name="Send")).to_be_enabled()
    assert name not in _stored_names(app)


def test_widget_js_adds_a_floating_button_that_opens_the_form(page, app, host_site):
    name = f"Lara Loader {uuid.uuid4().hex[:6]}"
    page.goto(host_site)

    button = page.get_by_role("button", name="Text us")
    expect(button).to_be_visible()
    expect(button).to_have_css("position", "fixed")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.locator("iframe")).to_have_count(0)

    button.click()

    expect(button).to_have_attribute("aria-expanded", "true")
    frame = page.frame_locator("iframe[title='Contact form']")
    expect(frame.get_by_role("heading", name="Bright Smile Plumbing")).to_be_visible()
    frame.get_by_label("Your name").fill(name)
    frame.get_by_label("Mobile phone").fill("(415) 555-0142")
    frame.get_by_label("How can we help?").fill("Water heater is leaking.")
    frame.get_by_role("checkbox").check()
    frame.get_by_role("button", name="Send").click()
    expect(frame.get_by_role("heading", name=THANKS)).to_be_visible()

    stored = next(lead for lead in app.leads() if lead["name"] == name)
    assert app.lead(stored["id"])["lead"]["page_url"] == host_site

    button.click()
    expect(page.locator("#lm-widget")).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
