"""The inbox: newest leads first, refreshed live while the page is open."""

import asyncio

import reflex as rx

from components.inbox import empty_inbox, lead_table
from components.layout import shell
from leadmachine.services import inbox
from state.base import SessionState, to_login


class InboxState(SessionState):
    leads: list[dict[str, str]] = []
    loaded: bool = False
    _marker: str = ""

    @rx.event
    async def load(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        await self._refresh()

    @rx.event
    async def poll(self):
        """Called every second by the page; reloads only when something changed."""
        if not self._business_id:
            return
        marker = await asyncio.to_thread(inbox.activity_marker, self.business_id)
        if marker != self._marker:
            await self._refresh()

    async def _refresh(self):
        self._marker = await asyncio.to_thread(inbox.activity_marker, self.business_id)
        summaries = await asyncio.to_thread(inbox.list_leads, self.business_id)
        self.leads = [
            {
                "id": str(s.id),
                "name": s.name,
                "phone": s.phone,
                "preview": s.preview,
                "status": s.status,
                "created_at": s.created_at.isoformat(),
                "ai_replied": "yes" if s.ai_replied else "",
                "reply_state": s.reply_state,
            }
            for s in summaries
        ]
        self.loaded = True


def inbox_page() -> rx.Component:
    return shell(
        rx.moment(interval=1000, on_change=InboxState.poll, display="none"),
        rx.hstack(
            rx.heading("Inbox", size="6"),
            rx.badge(
                InboxState.leads.length(), rx.cond(InboxState.leads.length() == 1, " lead", " leads"), variant="soft"
            ),
            align="center",
            spacing="3",
            margin_bottom="1em",
        ),
        rx.cond(
            InboxState.loaded,
            rx.cond(InboxState.leads.length() > 0, lead_table(InboxState.leads), empty_inbox()),
            rx.center(rx.spinner(size="3"), padding="3em"),
        ),
    )
