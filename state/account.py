"""The signed-in person's own account: password, email, two-factor sign-in, sessions.

Open to every role: each service here acts on the caller's own user id, taken from the
session cookie, never from the page.
"""

import asyncio
import uuid

import reflex as rx

from components.account_security import recovery_codes_panel, sessions_table
from components.dashboard_forms import field, field_error, submit, text_input
from components.layout import shell
from components.page import confirm, copyable, empty_state, guarded, page_header, section
from leadmachine.services import accounts, sessions, twofactor
from leadmachine.services.errors import DomainError, InvalidInput
from state.base import SessionState, session_token, to_login


class AccountState(SessionState):
    email: str = ""
    loaded: bool = False
    busy: str = ""  # which form is waiting for the server
    password_errors: dict[str, str] = {}
    email_errors: dict[str, str] = {}
    email_sent_to: str = ""
    two_factor_on: bool = False
    enrolment_secret: str = ""
    enrolment_uri: str = ""
    code_errors: dict[str, str] = {}
    disable_errors: dict[str, str] = {}
    recovery_codes: list[str] = []
    sessions: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        user = await asyncio.to_thread(sessions.current_user, session_token(self.router.headers.cookie))
        self.email = user.email if user else ""
        self.two_factor_on = await asyncio.to_thread(twofactor.is_enabled, self.user_id)
        self.password_errors = self.email_errors = self.code_errors = self.disable_errors = {}
        self.enrolment_secret = self.enrolment_uri = self.email_sent_to = ""
        self.recovery_codes = []
        await self._load_sessions()
        self.loaded = True

    async def _load_sessions(self):
        rows = await asyncio.to_thread(sessions.list_sessions, self.user_id, self.session_id)
        self.sessions = [
            {
                "id": str(row.id),
                "browser": row.browser,
                "os": row.os or "—",
                "device": row.device or "—",
                "ip": row.ip or "—",
                "country": row.country or "—",
                "last_seen": row.last_seen_at.isoformat(),
                "current": "yes" if row.current else "",
            }
            for row in rows
        ]

    async def _attempt(self, form_name: str, service, *args, errors: str = ""):
        """Call `service`; on InvalidInput fill the named errors var. True when it worked."""
        if errors:
            setattr(self, errors, {})
        self.busy = form_name
        try:
            return True, await asyncio.to_thread(service, *args)
        except InvalidInput as error:
            if errors:
                setattr(self, errors, error.fields)
                return False, None
            return False, rx.toast.error(str(error))
        except DomainError as error:
            return False, rx.toast.error(str(error))
        finally:
            self.busy = ""

    @rx.event
    async def change_password(self, form: dict):
        if not await self._sign_in_from_cookie():
            yield to_login()
            return
        self.busy = "password"
        yield
        ok, result = await self._attempt(
            "password", accounts.change_password, self.user_id,
            str(form.get("current_password", "")), str(form.get("new_password", "")), self.session_id,
            errors="password_errors",
        )
        if not ok:
            yield result
            return
        await self._load_sessions()
        yield [
            rx.set_value("current_password", ""),
            rx.set_value("new_password", ""),
            rx.toast.success("Password changed. Your other sessions were signed out."),
        ]

    @rx.event
    async def change_email(self, form: dict):
        if not await self._sign_in_from_cookie():
            yield to_login()
            return
        self.busy, self.email_sent_to = "email", ""
        yield
        new_email = str(form.get("email", ""))
        ok, result = await self._attempt(
            "email", accounts.request_email_change, self.user_id, str(form.get("password", "")), new_email,
            errors="email_errors",
        )
        if not ok:
            yield result
            return
        self.email_sent_to = accounts.normalise_email(new_email)
        yield [rx.set_value("email_password", ""), rx.set_value("email", "")]

    @rx.event
    async def start_two_factor(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        ok, result = await self._attempt("2fa", twofactor.start_enrolment, self.user_id)
        if not ok:
            return result
        self.enrolment_secret, self.enrolment_uri, self.code_errors = result.secret, result.uri, {}

    @rx.event
    def cancel_two_factor(self):
        self.enrolment_secret = self.enrolment_uri = ""
        self.code_errors = {}

    @rx.event
    async def confirm_two_factor(self, form: dict):
        if not await self._sign_in_from_cookie():
            yield to_login()
            return
        self.busy = "2fa"
        yield
        ok, result = await self._attempt(
            "2fa", twofactor.confirm_enrolment, self.user_id, str(form.get("code", "")), errors="code_errors"
        )
        if not ok:
            yield result
            return
        self.recovery_codes, self.two_factor_on = result, True
        self.enrolment_secret = self.enrolment_uri = ""
        yield rx.toast.success("Two-factor sign-in is on.")

    @rx.event
    def saved_recovery_codes(self):
        self.recovery_codes = []

    @rx.event
    async def disable_two_factor(self, form: dict):
        if not await self._sign_in_from_cookie():
            yield to_login()
            return
        self.busy = "disable"
        yield
        ok, result = await self._attempt(
            "disable", twofactor.disable, self.user_id, str(form.get("password", "")), errors="disable_errors"
        )
        if not ok:
            yield result
            return
        self.two_factor_on = False
        yield rx.toast.success("Two-factor sign-in is off.")

    @rx.event
    async def revoke_session(self, session_id: str):
        if not await self._sign_in_from_cookie():
            return to_login()
        ok, result = await self._attempt("sessions", sessions.revoke_session, self.user_id, uuid.UUID(session_id))
        await self._load_sessions()
        return rx.toast.success("That session was signed out.") if ok else result

    @rx.event
    async def end_other_sessions(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        ok, result = await self._attempt("sessions", sessions.end_all_sessions, self.user_id, self.session_id)
        await self._load_sessions()
        if not ok:
            return result
        return rx.toast.success(f"Signed out of {result} other session{'' if result == 1 else 's'}.")


def _busy(name: str):
    return AccountState.busy == name


def password_section() -> rx.Component:
    errors = AccountState.password_errors
    return section(
        "Password",
        "Changing it signs you out on every other device.",
        rx.form(
            rx.vstack(
                field("Current password", "current_password",
                      text_input("current_password", type="password", auto_complete="current-password", required=True),
                      errors),
                field("New password", "new_password",
                      text_input("new_password", type="password", auto_complete="new-password", required=True),
                      errors, hint="At least 10 characters; a few unrelated words work well."),
                submit("Change password", _busy("password")),
                spacing="3",
                align="start",
                width="100%",
            ),
            on_submit=AccountState.change_password,
            aria_label="Change password",
        ),
    )


def email_section() -> rx.Component:
    errors = AccountState.email_errors
    return section(
        "Email",
        "",
        rx.text("You sign in with ", rx.text(AccountState.email, as_="span", weight="bold"), ".", size="2"),
        rx.cond(
            AccountState.email_sent_to != "",
            rx.callout(
                "Check your new inbox to confirm: we sent a link to " + AccountState.email_sent_to
                + ". Until you open it, you keep signing in with your current email.",
                icon="mail_check",
                color_scheme="green",
                role="status",
            ),
        ),
        rx.form(
            rx.vstack(
                field("New email", "email",
                      text_input("email", type="email", auto_complete="email", required=True), errors),
                field("Your password", "email_password",
                      text_input("email_password", type="password", name="password", auto_complete="current-password",
                                 required=True),
                      errors, error_key="password"),
                submit("Change email", _busy("email")),
                spacing="3",
                align="start",
                width="100%",
            ),
            on_submit=AccountState.change_email,
            aria_label="Change email",
        ),
    )


def enrolment() -> rx.Component:
    return rx.vstack(
        rx.text(
            "1. In your authenticator app, add an account and enter this key (or open the link on the phone "
            "that has the app):",
            size="2",
        ),
        copyable(AccountState.enrolment_secret, "Copy the key", "totp-secret"),
        copyable(AccountState.enrolment_uri, "Copy the setup link", "totp-uri"),
        rx.text("2. Enter the 6-digit code the app shows:", size="2"),
        rx.form(
            rx.hstack(
                rx.box(
                    field("Code", "code",
                          text_input("code", auto_complete="one-time-code", input_mode="numeric", max_length=6,
                                     required=True, width="140px"),
                          AccountState.code_errors),
                ),
                submit("Turn on", _busy("2fa")),
                rx.button(
                    "Cancel", type="button", variant="soft", color_scheme="gray",
                    on_click=AccountState.cancel_two_factor,
                ),
                spacing="3",
                align="end",
            ),
            on_submit=AccountState.confirm_two_factor,
            aria_label="Confirm two-factor sign-in",
        ),
        spacing="3",
        width="100%",
        align="stretch",
    )


def two_factor_section() -> rx.Component:
    return section(
        "Two-factor sign-in",
        "After your password, sign-in asks for a code from an authenticator app on your phone.",
        rx.cond(
            AccountState.recovery_codes.length() > 0,
            recovery_codes_panel(AccountState.recovery_codes, AccountState.saved_recovery_codes),
            rx.cond(
                AccountState.two_factor_on,
                rx.vstack(
                    rx.hstack(rx.badge("On", color_scheme="green"), rx.text("Two-factor sign-in is on.", size="2")),
                    rx.form(
                        rx.hstack(
                            field("Password to turn it off", "disable_password",
                                  text_input("disable_password", name="password", type="password",
                                             auto_complete="current-password", required=True, width="240px")),
                            submit("Turn off", _busy("disable"), color_scheme="red", variant="soft"),
                            spacing="3",
                            align="end",
                        ),
                        field_error(AccountState.disable_errors, "password", "disable_password"),
                        on_submit=AccountState.disable_two_factor,
                        aria_label="Turn off two-factor sign-in",
                    ),
                    spacing="3",
                ),
                rx.cond(
                    AccountState.enrolment_secret != "",
                    enrolment(),
                    rx.hstack(
                        rx.badge("Off", color_scheme="gray"),
                        rx.button("Turn on two-factor sign-in", on_click=AccountState.start_two_factor,
                                  disabled=_busy("2fa")),
                        spacing="3",
                        align="center",
                    ),
                ),
            ),
        ),
    )


def sessions_section() -> rx.Component:
    return section(
        "Where you're signed in",
        "",
        rx.cond(
            AccountState.sessions.length() > 0,
            sessions_table(AccountState.sessions, AccountState.revoke_session, _busy("sessions")),
            empty_state("monitor", "No active sessions", "Sessions appear here when you sign in."),
        ),
        rx.box(
            confirm(
                rx.button("Log out everywhere else", variant="soft", color_scheme="red",
                          disabled=(AccountState.sessions.length() < 2) | _busy("sessions")),
                "Log out everywhere else?",
                "Every other browser and device signed in to your account is signed out at once. "
                "This one stays signed in.",
                "Log out everywhere else",
                AccountState.end_other_sessions,
            ),
        ),
    )


def account_page() -> rx.Component:
    return shell(
        page_header("Your account", "Only you see this page."),
        guarded(
            AccountState.loaded,
            None,
            "",
            rx.grid(
                password_section(), email_section(),
                columns=rx.breakpoints(initial="1", md="2"), spacing="5", width="100%",
            ),
            two_factor_section(),
            sessions_section(),
        ),
    )
