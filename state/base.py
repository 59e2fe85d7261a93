"""Who is signed in. Every dashboard page's state inherits from SessionState."""

import asyncio
import uuid
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from leadmachine.api.auth import SESSION_COOKIE
from leadmachine.services import sessions


def session_token(cookie_header: str) -> str | None:
    try:
        morsel = SimpleCookie(cookie_header).get(SESSION_COOKIE)
    except CookieError:
        return None
    return morsel.value if morsel else None


class SessionState(rx.State):
    user_name: str = ""
    business_name: str = ""
    role: str = ""
    _user_id: str = ""
    _business_id: str = ""

    async def _sign_in_from_cookie(self) -> bool:
        """Resolve the HttpOnly session cookie sent with the websocket handshake."""
        token = session_token(self.router.headers.cookie)
        user = await asyncio.to_thread(sessions.current_user, token)
        if user is None:
            self._user_id = self._business_id = ""
            return False
        self._user_id, self._business_id = str(user.user_id), str(user.business_id)
        self.user_name, self.business_name, self.role = user.name, user.business_name, user.role
        return True

    @property
    def business_id(self) -> uuid.UUID:
        return uuid.UUID(self._business_id)

    @property
    def user_id(self) -> uuid.UUID:
        return uuid.UUID(self._user_id)


def to_login():
    return rx.redirect("/login")
