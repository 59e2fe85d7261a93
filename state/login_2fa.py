"""The second sign-in step when two-factor is on: a real form post, like the password
step, because /auth/login/2fa answers by setting the HttpOnly session cookie."""

import reflex as rx

from components.account_forms import page_heading, text_link
from components.layout import centered_card
from state.login import LOGIN_MESSAGES

ERRORS = ("code", "locked", "expired")


class TwoFactorState(rx.State):
    use_recovery_code: bool = False

    @rx.event
    def toggle_recovery_code(self):
        """Recovery codes have letters: a phone must offer the full keyboard for them."""
        self.use_recovery_code = not self.use_recovery_code

    @rx.var
    def error(self) -> str:
        key = self.router.url.query_parameters.get("error", "")
        return LOGIN_MESSAGES[key] if key in ERRORS else ""


def login_2fa_page() -> rx.Component:
    return centered_card(
        rx.el.form(
            rx.vstack(
                page_heading("Two-step sign-in"),
                rx.text("Enter the 6-digit code from your authenticator app, or one of your recovery codes."),
                rx.cond(
                    TwoFactorState.error != "",
                    rx.callout(TwoFactorState.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
                ),
                rx.el.label(
                    rx.cond(TwoFactorState.use_recovery_code, "Recovery code", "6-digit code"),
                    html_for="code",
                    font_weight="600",
                ),
                rx.input(
                    id="code", name="code", type="text", required=True, auto_complete="one-time-code",
                    input_mode=rx.cond(TwoFactorState.use_recovery_code, "text", "numeric"), max_length=32, auto_focus=True, width="100%", size="3",
                    aria_invalid=rx.cond(TwoFactorState.error != "", "true", "false"),
                ),
                rx.button("Verify", type="submit", width="100%", size="3"),
                rx.button(
                    rx.cond(TwoFactorState.use_recovery_code, "Use my authenticator app", "Use a recovery code"),
                    type="button", variant="ghost", size="2", on_click=TwoFactorState.toggle_recovery_code,
                ),
                text_link("Start again", "/login"),
                spacing="3",
                width="100%",
            ),
            action="/auth/login/2fa",
            method="post",
            # A real form post (the session cookie is set HttpOnly by /auth/login/2fa):
            # without this, rx.el.form adds an on_submit that prevents the browser's submit.
            on_submit=None,
        )
    )
