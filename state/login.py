"""The sign-in page's state: only the error to show and the email to keep."""

import reflex as rx

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
        return self.router.url.query_parameters.get("email", "")
