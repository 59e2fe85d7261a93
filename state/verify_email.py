"""Confirming an email from its link, by a button press: mail scanners prefetch links,
so merely opening the page (a GET) must not use up the single-use token.

A link that no longer works offers a new one: an unconfirmed owner cannot sign in,
sign up again or confirm by any other way, so without it they would be stuck.
"""

import asyncio

import reflex as rx

from components.account_forms import (
    done_panel,
    field,
    form_message,
    link_button,
    page_heading,
    submit_button,
    text_link,
)
from components.layout import centered_card
from leadmachine.services import accounts
from leadmachine.services.errors import DomainError
from state.account_form import AccountFormState

RESENDS_PER_IP_PER_HOUR = 5
RESENT = "If that email has an account waiting for confirmation, we sent a new link."


class VerifyEmailState(AccountFormState, rx.State):
    confirmed: bool = False
    failed: bool = False
    resent: bool = False

    @rx.event
    def reset_page(self):
        self.errors, self.message, self.working = {}, "", False
        self.confirmed = self.failed = self.resent = False

    @rx.event
    async def confirm(self):
        self._start()
        yield
        try:
            await asyncio.to_thread(accounts.verify_email, self.router.url.query_parameters.get("token", ""))
            self.confirmed = True
        except DomainError as error:
            self._show(error)
            self.failed = True
        finally:
            self.working = False

    @rx.event
    async def resend(self, form: dict[str, str]):
        self._start()
        yield
        try:
            email = str(form.get("email", "")).strip()[:254]
            if not email:
                self.errors = {"email": "Enter your email address."}
                return
            if await self._throttled("verify-resend", RESENDS_PER_IP_PER_HOUR, 3600):
                return
            await asyncio.to_thread(accounts.resend_verification, email)
            self.resent = True
        finally:
            self.working = False


def _confirm_form() -> rx.Component:
    return rx.el.form(
        rx.vstack(
            page_heading("Confirm your email"),
            rx.text("Press the button to confirm this email address for your Lead Machine account."),
            form_message(VerifyEmailState.message),
            submit_button("Confirm my email", VerifyEmailState.working),
            text_link("Back to sign in", "/login"),
            spacing="3",
            width="100%",
        ),
        on_submit=VerifyEmailState.confirm,
    )


def _new_link_form() -> rx.Component:
    return rx.el.form(
        rx.vstack(
            page_heading("Confirm your email"),
            form_message(VerifyEmailState.message),
            rx.text("Enter your email and we'll send you a new confirmation link."),
            field(
                "Email", "email", VerifyEmailState.errors.get("email", ""), type="email", required=True,
                auto_complete="email",
            ),
            submit_button("Send a new link", VerifyEmailState.working),
            text_link("Back to sign in", "/login"),
            spacing="3",
            width="100%",
        ),
        on_submit=VerifyEmailState.resend,
    )


def verify_email_page() -> rx.Component:
    return centered_card(
        rx.cond(
            VerifyEmailState.confirmed,
            done_panel(
                "Email confirmed",
                rx.text("Email confirmed. You can sign in now."),
                link_button("Sign in", "/login"),
            ),
            rx.cond(
                VerifyEmailState.resent,
                done_panel("Check your email", rx.text(RESENT), text_link("Back to sign in", "/login")),
                rx.cond(VerifyEmailState.failed, _new_link_form(), _confirm_form()),
            ),
        )
    )
