"""The Reflex app: dashboard pages, with our Starlette routes mounted in front."""

import reflex as rx

from leadmachine.api import build_api
from leadmachine.log import configure_logging
from state.access_log import AccessLogState, access_log_page
from state.account import AccountState, account_page
from state.api_keys import ApiKeysState, api_keys_page
from state.dev_mailbox import DevMailboxState, dev_mailbox_page
from state.dev_outbox import DevOutboxState, dev_outbox_page
from state.forgot_password import ForgotPasswordState, forgot_password_page
from state.inbox import InboxState, inbox_page
from state.invite import InviteState, invite_page
from state.lead import LeadState, lead_page
from state.login import login_page
from state.login_2fa import login_2fa_page
from state.reset_password import ResetPasswordState, reset_password_page
from state.settings import SettingsState, settings_page
from state.signup import SignupState, signup_page
from state.team import TeamState, team_page
from state.verify_email import VerifyEmailState, verify_email_page

configure_logging()

app = rx.App(api_transformer=build_api())
app.add_page(login_page, route="/login", title="Sign in · Lead Machine")
app.add_page(inbox_page, route="/inbox", title="Inbox · Lead Machine", on_load=InboxState.load)
app.add_page(inbox_page, route="/", title="Inbox · Lead Machine", on_load=InboxState.load)
app.add_page(lead_page, route="/leads/[lead_id]", title="Lead · Lead Machine", on_load=LeadState.load)
app.add_page(signup_page, route="/signup", title="Create an account · Lead Machine", on_load=SignupState.reset_page)
app.add_page(verify_email_page, route="/verify-email", title="Confirm your email · Lead Machine", on_load=VerifyEmailState.reset_page)
app.add_page(forgot_password_page, route="/forgot-password", title="Reset your password · Lead Machine", on_load=ForgotPasswordState.reset_page)
app.add_page(reset_password_page, route="/reset-password", title="Choose a new password · Lead Machine", on_load=ResetPasswordState.reset_page)
app.add_page(login_2fa_page, route="/login/2fa", title="Two-step sign-in · Lead Machine")
app.add_page(invite_page, route="/invite", title="Join a team · Lead Machine", on_load=InviteState.load)
app.add_page(dev_mailbox_page, route="/dev/mailbox", title="Dev mailbox · Lead Machine", on_load=DevMailboxState.load)
app.add_page(team_page, route="/team", title="Team · Lead Machine", on_load=TeamState.load)
app.add_page(settings_page, route="/settings", title="Settings · Lead Machine", on_load=SettingsState.load)
app.add_page(account_page, route="/account", title="Your account · Lead Machine", on_load=AccountState.load)
app.add_page(api_keys_page, route="/api-keys", title="API keys · Lead Machine", on_load=ApiKeysState.load)
app.add_page(access_log_page, route="/access-log", title="Access log · Lead Machine", on_load=AccessLogState.load)
app.add_page(dev_outbox_page, route="/dev/outbox", title="Dev outbox · Lead Machine", on_load=DevOutboxState.load)
