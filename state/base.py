"""Who is signed in. Every dashboard page's state inherits from SessionState."""

import asyncio
import uuid
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from leadmachine.api.auth import SESSION_COOKIE
from leadmachine.config import get_settings
from leadmachine.services import sessions
from leadmachine.services.errors import DomainError
from leadmachine.services.permissions import MATRIX, Actor, Permission, Role


def cookie_value(cookie_header: str, name: str) -> str | None:
    try:
        morsel = SimpleCookie(cookie_header).get(name)
    except CookieError:
        return None
    return morsel.value if morsel else None


def session_token(cookie_header: str) -> str | None:
    return cookie_value(cookie_header, SESSION_COOKIE)


class SessionState(rx.State):
    """Signed-in user; `permissions` drives what the navigation and pages offer,
    while every service call checks the permission again on the server."""

    user_name: str = ""
    business_name: str = ""
    role: str = ""
    permissions: list[str] = []
    email_bounced: bool = False
    dev_mode: bool = False  # shows the dev outbox and mailbox links; never in production
    businesses: list[dict[str, str]] = []  # when the user belongs to more than one
    business_id_text: str = ""
    _businesses_for: str = ""
    _user_id: str = ""
    _business_id: str = ""
    _session_id: str = ""
    _role: str = ""  # authoritative copy: backend-only, never settable from the browser

    async def _sign_in_from_cookie(self) -> bool:
        """Resolve the HttpOnly session cookie sent with the websocket handshake."""
        token = session_token(self.router.headers.cookie)
        user = await asyncio.to_thread(sessions.current_user, token)
        if user is None:
            self._user_id = self._business_id = self._session_id = self._role = ""
            self.permissions = []
            return False
        self._user_id, self._business_id = str(user.user_id), str(user.business_id)
        self.business_id_text = self._business_id
        self._session_id = str(user.session_id)
        self.user_name, self.business_name, self.role = user.name, user.business_name, user.role
        self._role = user.role
        self.email_bounced = user.email_bounced
        self.dev_mode = not get_settings().production
        if self._businesses_for != self._session_id:  # once per session, not on every event
            choices = await asyncio.to_thread(sessions.businesses_of, user.user_id)
            self.businesses = [{"id": str(c.id), "name": c.name} for c in choices] if len(choices) > 1 else []
            self._businesses_for = self._session_id
        self.permissions = sorted(MATRIX.get(Role(user.role), ()))
        return True

    def actor(self) -> Actor:
        return Actor(self.user_id, self._role, self.user_name, self.router.session.client_ip or "")

    @property
    def session_id(self) -> uuid.UUID:
        return uuid.UUID(self._session_id)

    @rx.event
    async def switch_business(self, business_id: str):
        if not await self._sign_in_from_cookie():
            return to_login()
        try:
            await asyncio.to_thread(sessions.switch_business, self.user_id, self.session_id, uuid.UUID(business_id))
        except (DomainError, ValueError):
            return rx.toast.error("You are not a member of that business.")
        return rx.redirect("/inbox", replace=True)

    @property
    def business_id(self) -> uuid.UUID:
        return uuid.UUID(self._business_id)

    @property
    def user_id(self) -> uuid.UUID:
        return uuid.UUID(self._user_id)


def to_login():
    return rx.redirect("/login")


def can(permission: Permission) -> rx.Var:
    """For components: true when the signed-in role has `permission`."""
    return SessionState.permissions.contains(permission.value)
