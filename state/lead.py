"""One lead: contact details, where it came from, the conversation and its status."""

import asyncio
import uuid

import reflex as rx

from components.badges import status_badge
from components.conversation import history, thread
from components.layout import shell
from leadmachine.models import LeadStatus
from leadmachine.services import inbox
from leadmachine.services.errors import DomainError, NotFound
from state.base import SessionState, to_login


STATUSES = [status.value for status in LeadStatus]


class LeadState(SessionState):
    lead: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    events: list[dict[str, str]] = []
    missing: bool = False
    _marker: str = ""

    @rx.event
    async def load(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        await self._reload(viewer=self.actor())

    @rx.event
    async def poll(self):
        """Pick up the AI reply (or any change) while the page is open."""
        if not self._business_id:
            return
        marker = await asyncio.to_thread(inbox.activity_marker, self.business_id)
        if marker != self._marker:
            await self._reload()

    async def _reload(self, viewer=None):
        """`viewer` is passed when a person opens the lead, so the view is access-logged."""
        self._marker = await asyncio.to_thread(inbox.activity_marker, self.business_id)
        try:
            lead_id = uuid.UUID(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
            detail = await asyncio.to_thread(inbox.lead_detail, self.business_id, lead_id, viewer)
        except (ValueError, NotFound):
            self.missing, self.lead, self.messages, self.events = True, {}, [], []
            return
        lead = detail.lead
        self.missing = False
        self.lead = {
            "id": str(lead.id),
            "name": lead.name,
            "phone": lead.phone_e164,
            "email": lead.email or "",
            "message": lead.message,
            "status": lead.status,
            "created_at": lead.created_at.isoformat(),
            "device": " · ".join(part for part in (lead.browser, lead.os, lead.device) if part) or "Unknown",
            "country": lead.geo_country or "Unknown",
            "page_url": lead.page_url or "Unknown",
        }
        self.messages = [
            {
                "direction": m.direction,
                "body": m.body,
                "ai": "yes" if m.ai_generated else "",
                "status": m.status,
                "at": (m.sent_at or m.created_at).isoformat(),
            }
            for m in detail.messages
        ]
        self.events = [
            {
                "kind": e.kind,
                "text": _describe_event(e.kind, e.from_status, e.to_status),
                "who": e.actor_label or "system",
                "at": e.at.isoformat(),
            }
            for e in reversed(detail.events)
        ]

    @rx.event
    async def set_status(self, status: str):
        if not await self._sign_in_from_cookie():
            return to_login()
        try:
            await asyncio.to_thread(
                inbox.change_status,
                self.business_id,
                uuid.UUID(self.lead["id"]),
                status,
                self.user_id,
                self.user_name,
            )
        except DomainError as error:
            return rx.toast.error(str(error))
        await self._reload()
        return rx.toast.success(f"Status set to {status}.")


def _describe_event(kind: str, from_status: str | None, to_status: str | None) -> str:
    if kind == "created":
        return "Lead received from the widget"
    if kind == "status_changed":
        return f"Status changed from {from_status} to {to_status}"
    return kind.replace("_", " ").capitalize()


def lead_page() -> rx.Component:
    lead = LeadState.lead
    return shell(
        rx.moment(interval=1500, on_change=LeadState.poll, display="none"),
        rx.link("← Back to inbox", href="/inbox", size="2"),
        rx.cond(
            LeadState.missing,
            rx.callout("This lead does not exist or you cannot see it.", icon="info", margin_top="1em"),
            rx.grid(
                rx.card(
                    rx.vstack(
                        rx.heading("Conversation", size="4"),
                        thread(lead["message"], lead["created_at"], LeadState.messages),
                        spacing="3",
                    ),
                ),
                rx.vstack(
                    rx.card(
                        rx.vstack(
                            rx.heading(lead["name"], size="5"),
                            rx.hstack(status_badge(lead["status"])),
                            rx.data_list.root(
                                *[
                                    rx.data_list.item(
                                        rx.data_list.label(label),
                                        rx.data_list.value(lead[key], data_testid=f"detail-{key}"),
                                    )
                                    for label, key in (
                                        ("Phone", "phone"),
                                        ("Email", "email"),
                                        ("Device", "device"),
                                        ("Country", "country"),
                                        ("Page", "page_url"),
                                    )
                                ],
                                orientation="vertical",
                            ),
                            rx.el.label("Status", html_for="status", font_weight="600", font_size="14px"),
                            rx.select(
                                STATUSES,
                                value=lead["status"],
                                on_change=LeadState.set_status,
                                id="status",
                                aria_label="Lead status",
                            ),
                            spacing="3",
                        )
                    ),
                    rx.card(rx.vstack(rx.heading("History", size="3"), history(LeadState.events), spacing="2")),
                    spacing="4",
                    align="stretch",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                margin_top="1em",
            ),
        ),
    )
