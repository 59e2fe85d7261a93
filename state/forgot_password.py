"""Asking for a password reset link. The answer is the same whether or not the email
has an account, so the page cannot be used to find out who is a customer."""

import asyncio

import reflex as rx

from components.account_forms import done_panel, field, form_message, page_heading, submit_button, text_link
from components.layout import centered_card
from leadmachine.services import accounts
from state.account_form import AccountFormState

SENT = "If an account exists for that email, we sent a reset link."
REQUESTS_PER_IP_PER_HOUR = 10


class ForgotPasswordState(AccountFormState, rx.State):
    sent: bool = False

    @rx.event
    def reset_page(self):
        self.errors, self.message, self.working, self.sent = {}, "", False, False

    @rx.event
    async def submit(self, form: dict[str, str]):
        self._start()
        yield
        try:
            email = str(form.get("email", "")).strip()
            if not email:
                self.errors = {"email": "Enter your email address."}
                return
            if await self._throttled("reset", REQUESTS_PER_IP_PER_HOUR, 3600):
                return
            await asyncio.to_thread(accounts.request_password_reset, email[:254])
            self.sent = True
        finally:
            self.working = False


def forgot_password_page() -> rx.Component:
    return centered_card(
        rx.cond(
            ForgotPasswordState.sent,
            done_panel(
                "Check your email",
                rx.text(SENT, " The link works once, for one hour."),
                text_link("Back to sign in", "/login"),
            ),
            rx.el.form(
                rx.vstack(
                    page_heading("Reset your password"),
                    rx.text("Enter the email you sign in with and we'll send you a link to choose a new password."),
                    form_message(ForgotPasswordState.message),
                    field(
                        "Email", "email", ForgotPasswordState.errors.get("email", ""), type="email", required=True,
                        auto_complete="username",
                    ),
                    submit_button("Send reset link", ForgotPasswordState.working),
                    text_link("Back to sign in", "/login"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=ForgotPasswordState.submit,
            ),
        )
    )
