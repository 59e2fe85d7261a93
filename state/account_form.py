"""What every public account form keeps: per-field errors, one message, a busy flag."""

import asyncio
import math

import reflex as rx

from leadmachine.services import ratelimit
from leadmachine.services.errors import DomainError


class AccountFormState(rx.State, mixin=True):
    """Mixed into each page's State so every page keeps its own copy of these vars."""

    errors: dict[str, str] = {}
    message: str = ""
    working: bool = False

    def _start(self) -> None:
        self.errors, self.message, self.working = {}, "", True

    def _show(self, error: DomainError, shown: tuple[str, ...] = ()) -> None:
        """Errors for the `shown` fields go next to them; anything else becomes the message."""
        fields = dict(getattr(error, "fields", {}) or {})
        self.errors = {name: text for name, text in fields.items() if name in shown}
        rest = [text for name, text in fields.items() if name not in shown]
        self.message = " ".join(rest) if rest else ("" if self.errors else str(error))

    async def _throttled(self, action: str, limit: int, window_seconds: int) -> bool:
        """Count one attempt from this client's IP; on refusal, say when to come back."""
        ip = self.router.session.client_ip or "unknown"
        wait = await asyncio.to_thread(ratelimit.retry_after, f"{action}:ip:{ip}", limit, window_seconds)
        if wait:
            minutes = math.ceil(wait / 60)
            self.message = (
                f"Too many attempts from your network. Try again in {minutes} minute{'s' if minutes != 1 else ''}."
            )
        return bool(wait)
