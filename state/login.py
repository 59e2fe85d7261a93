"""The sign-in page's state: only the error to show and the email to keep."""

import reflex as rx


class LoginState(rx.State):
    @rx.var
    def error(self) -> str:
        if self.router.url.query_parameters.get("error") == "invalid":
            return "That email and password don't match. Try again."
        return ""

    @rx.var
    def email(self) -> str:
        return self.router.url.query_parameters.get("email", "")
