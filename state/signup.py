"""Sign-up: a business and its owner, then "check your email" with a resend button."""

import asyncio

import reflex as rx

from components.account_forms import done_panel, field, form_message, page_heading, submit_button, text_link
from components.layout import centered_card
from leadmachine.services import accounts
from leadmachine.services.errors import DomainError
from leadmachine.services.passwords import MIN_LENGTH
from state.account_form import AccountFormState

FIELDS = ("business_name", "owner_name", "email", "phone", "password")
SIGNUPS_PER_IP_PER_HOUR = 10
RESENDS_PER_IP_PER_HOUR = 5


class SignupState(AccountFormState, rx.State):
    sent_to: str = ""
    resent: bool = False

    @rx.event
    def reset_page(self):
        """A fresh form each time the page opens (state lives as long as the tab)."""
        self.errors, self.message, self.working, self.sent_to, self.resent = {}, "", False, "", False

    @rx.event
    async def submit(self, form: dict[str, str]):
        self._start()
        yield
        try:
            if await self._throttled("signup", SIGNUPS_PER_IP_PER_HOUR, 3600):
                return
            data = {name: str(form.get(name, "")) for name in FIELDS}
            await asyncio.to_thread(accounts.sign_up, data)
            self.sent_to = accounts.normalise_email(data["email"])
        except DomainError as error:
            self._show(error, FIELDS)
        finally:
            self.working = False

    @rx.event
    async def resend(self):
        self._start()
        yield
        try:
            if await self._throttled("verify-resend", RESENDS_PER_IP_PER_HOUR, 3600):
                return
            await asyncio.to_thread(accounts.resend_verification, self.sent_to)
            self.resent = True
        finally:
            self.working = False


def _form() -> rx.Component:
    errors = SignupState.errors
    return rx.el.form(
        rx.vstack(
            page_heading("Create your Lead Machine account"),
            form_message(SignupState.message),
            field("Business name", "business_name", errors.get("business_name", ""), required=True, auto_complete="organization"),
            field("Your name", "owner_name", errors.get("owner_name", ""), required=True, auto_complete="name"),
            field("Email", "email", errors.get("email", ""), type="email", required=True, auto_complete="email"),
            field(
                "Mobile phone", "phone", errors.get("phone", ""), type="tel", required=True, auto_complete="tel",
                hint="Include the area code.",
            ),
            field(
                "Password", "password", errors.get("password", ""), type="password", required=True,
                auto_complete="new-password", hint=f"At least {MIN_LENGTH} characters.",
            ),
            submit_button("Create account", SignupState.working),
            rx.text("Already have an account? ", text_link("Sign in", "/login"), size="2"),
            spacing="3",
            width="100%",
        ),
        on_submit=SignupState.submit,
    )


def _check_email() -> rx.Component:
    return done_panel(
        "Check your email",
        rx.text("We sent a link to ", rx.text.strong(SignupState.sent_to), ". Open it to confirm your email, then sign in."),
        rx.cond(SignupState.resent, rx.text("We sent another link.", size="2", color_scheme="green")),
        form_message(SignupState.message),
        rx.button(
            "Resend", on_click=SignupState.resend, variant="soft", loading=SignupState.working,
            disabled=SignupState.working,
        ),
        text_link("Go to sign in", "/login"),
    )


def signup_page() -> rx.Component:
    return centered_card(rx.cond(SignupState.sent_to != "", _check_email(), _form()))
