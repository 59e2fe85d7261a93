"""Choosing a new password from an emailed link; every session of the account ends."""

import asyncio

import reflex as rx

from components.account_forms import done_panel, field, form_message, link_button, page_heading, submit_button, text_link
from components.layout import centered_card
from leadmachine.services import accounts
from leadmachine.services.errors import DomainError
from leadmachine.services.passwords import MIN_LENGTH
from state.account_form import AccountFormState


class ResetPasswordState(AccountFormState, rx.State):
    changed: bool = False

    @rx.event
    def reset_page(self):
        self.errors, self.message, self.working, self.changed = {}, "", False, False

    @rx.event
    async def submit(self, form: dict[str, str]):
        self._start()
        yield
        try:
            password, confirm = str(form.get("password", "")), str(form.get("confirm", ""))
            if password != confirm:
                self.errors = {"confirm": "The two passwords don't match."}
                return
            token = self.router.url.query_parameters.get("token", "")
            await asyncio.to_thread(accounts.reset_password, token, password)
            self.changed = True
        except DomainError as error:
            self._show(error, ("password",))
        finally:
            self.working = False


def reset_password_page() -> rx.Component:
    errors = ResetPasswordState.errors
    return centered_card(
        rx.cond(
            ResetPasswordState.changed,
            done_panel(
                "Password changed",
                rx.text("Password changed; every session was signed out. Sign in with your new password."),
                link_button("Sign in", "/login"),
            ),
            rx.el.form(
                rx.vstack(
                    page_heading("Choose a new password"),
                    form_message(ResetPasswordState.message),
                    field(
                        "New password", "password", errors.get("password", ""), type="password", required=True,
                        auto_complete="new-password", hint=f"At least {MIN_LENGTH} characters.",
                    ),
                    field(
                        "Confirm new password", "confirm", errors.get("confirm", ""), type="password", required=True,
                        auto_complete="new-password",
                    ),
                    submit_button("Change password", ResetPasswordState.working),
                    text_link("Ask for a new link", "/forgot-password"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=ResetPasswordState.submit,
            ),
        )
    )
