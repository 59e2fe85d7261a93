"""The Reflex app: dashboard pages, with our Starlette routes mounted in front."""

import reflex as rx

from leadmachine.api import build_api
from leadmachine.log import configure_logging
from state.inbox import InboxState, inbox_page
from state.lead import LeadState, lead_page
from state.login import login_page

configure_logging()

app = rx.App(api_transformer=build_api())
app.add_page(login_page, route="/login", title="Sign in · Lead Machine")
app.add_page(inbox_page, route="/inbox", title="Inbox · Lead Machine", on_load=InboxState.load)
app.add_page(inbox_page, route="/", title="Inbox · Lead Machine", on_load=InboxState.load)
app.add_page(lead_page, route="/leads/[lead_id]", title="Lead · Lead Machine", on_load=LeadState.load)
