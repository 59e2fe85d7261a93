"""The sign-in page's state: only the error to show and the email to keep."""

import reflex as rx

from components.layout import centered_card
from leadmachine.api.auth import EMAIL_COOKIE
from state.base import cookie_value


LOGIN_MESSAGES = {
    "invalid": "That email and password don't match. Try again.",
    "locked": "Too many failed attempts. Wait 15 minutes, or reset your password.",
    "unverified": "Confirm your email first: open the link we sent you (check spam too).",
    "expired": "Your sign-in expired. Enter your password again.",
    "code": "That code is not right. Try again, or use a recovery code.",
}


class LoginState(rx.State):
    @rx.var
    def error(self) -> str:
        return LOGIN_MESSAGES.get(self.router.url.query_parameters.get("error", ""), "")

    @rx.var
    def email(self) -> str:
        """Right after a failed attempt, the email typed (kept in a cookie, not the URL);
        on a plain visit to /login the field starts empty."""
        if not self.router.url.query_parameters.get("error"):
            return ""
        return cookie_value(self.router.headers.cookie, EMAIL_COOKIE) or ""


def login_page() -> rx.Component:
    return centered_card(
        rx.el.form(
            rx.vstack(
                rx.heading("Sign in to Lead Machine", size="6"),
                rx.cond(
                    LoginState.error != "",
                    rx.callout(LoginState.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
                ),
                rx.el.label("Email", html_for="email", font_weight="600"),
                rx.input(id="email", name="email", type="email", default_value=LoginState.email, required=True, auto_complete="username", width="100%", size="3"),
                rx.el.label("Password", html_for="password", font_weight="600"),
                rx.input(id="password", name="password", type="password", required=True, auto_complete="current-password", width="100%", size="3"),
                rx.button("Sign in", type="submit", width="100%", size="3"),
                rx.hstack(
                    rx.link("Forgot your password?", href="/forgot-password", size="2"),
                    rx.link("Create an account", href="/signup", size="2", weight="medium"),
                    justify="between",
                    width="100%",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            action="/auth/login",
            method="post",
            # A real form post (the session cookie is set HttpOnly by /auth/login):
            # without this, rx.el.form adds an on_submit that prevents the browser's submit.
            on_submit=None,
        )
    )
