"""Accepting a team invitation: people with an account confirm with their password,
new people choose a name and password (the emailed link proved the address is theirs)."""

import asyncio

import reflex as rx

from components.account_forms import done_panel, field, form_message, link_button, page_heading, submit_button
from components.layout import centered_card
from leadmachine.services import team
from leadmachine.services.errors import DomainError
from leadmachine.services.passwords import MIN_LENGTH
from state.account_form import AccountFormState


class InviteState(AccountFormState, rx.State):
    loaded: bool = False
    valid: bool = False
    business_name: str = ""
    email: str = ""
    role: str = ""
    has_account: bool = False
    joined: bool = False

    @rx.event
    async def load(self):
        self.errors, self.message, self.working, self.joined = {}, "", False, False
        self.loaded = self.valid = False
        try:
            details = await asyncio.to_thread(team.invitation_details, self._token())
        except DomainError as error:
            self.message = str(error)
        else:
            self.valid = True
            self.business_name, self.email, self.role = details.business_name, details.email, details.role
            self.has_account = details.has_account
        self.loaded = True

    @rx.event
    async def accept(self, form: dict[str, str]):
        self._start()
        yield
        try:
            await asyncio.to_thread(
                team.accept_invitation, self._token(), str(form.get("password", "")), str(form.get("name", ""))
            )
            self.joined = True
        except DomainError as error:
            self._show(error, ("name", "password"))
        finally:
            self.working = False

    def _token(self) -> str:
        return self.router.url.query_parameters.get("token", "")


def _form() -> rx.Component:
    errors = InviteState.errors
    return rx.el.form(
        rx.vstack(
            page_heading("Join " + InviteState.business_name + " as " + InviteState.role),
            rx.text("You were invited as ", rx.text.strong(InviteState.email), "."),
            form_message(InviteState.message),
            rx.cond(
                InviteState.has_account,
                field(
                    "Your Lead Machine password", "password", errors.get("password", ""), type="password",
                    required=True, auto_complete="current-password",
                ),
                rx.fragment(
                    field("Your name", "name", errors.get("name", ""), required=True, auto_complete="name"),
                    field(
                        "Choose a password", "password", errors.get("password", ""), type="password", required=True,
                        auto_complete="new-password", hint=f"At least {MIN_LENGTH} characters.",
                    ),
                ),
            ),
            submit_button("Join " + InviteState.business_name, InviteState.working),
            spacing="3",
            width="100%",
        ),
        on_submit=InviteState.accept,
    )


def _invalid() -> rx.Component:
    return rx.vstack(
        page_heading("This invitation can't be used"),
        form_message(InviteState.message),
        rx.text("Ask the person who invited you to send a new invitation.", color_scheme="gray"),
        spacing="3",
        width="100%",
    )


def invite_page() -> rx.Component:
    return centered_card(
        rx.cond(
            ~InviteState.loaded,
            rx.center(rx.spinner(size="3"), padding="2em", aria_label="Loading the invitation"),
            rx.cond(
                InviteState.joined,
                done_panel(
                    "You joined " + InviteState.business_name + ".",
                    rx.text("Sign in to see the inbox."),
                    link_button("Sign in", "/login"),
                ),
                rx.cond(InviteState.valid, _form(), _invalid()),
            ),
        )
    )
