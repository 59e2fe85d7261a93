"""One lead: contact details, where it came from, the conversation and its status."""

import asyncio
import uuid

import reflex as rx

from components.badges import status_badge
from components.conversation import history, reply_box, thread
from components.layout import shell
from leadmachine.models import LeadStatus
from leadmachine.services import conversations, dev_outbox, inbox
from leadmachine.services.errors import DomainError, NotFound
from state.base import SessionState, to_login


STATUSES = [status.value for status in LeadStatus]


AI_MODE_CHOICES = {"business": "Follow business setting", "auto": "Auto-send", "draft": "Draft for approval", "off": "Off"}


class LeadState(SessionState):
    lead: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    events: list[dict[str, str]] = []
    missing: bool = False
    reply_text: str = ""
    sending: bool = False
    draft_edits: dict[str, str] = {}
    lead_reply: str = ""
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
            "opted_out": "yes" if detail.opted_out else "",
            "ai_enabled": "yes" if lead.ai_enabled else "",
            "ai_mode": detail.ai_mode,
            "ai_mode_choice": lead.ai_mode or "business",
        }
        self.messages = [
            {
                "id": str(m.id),
                "direction": m.direction,
                "kind": m.kind,
                "body": m.body,
                "ai": "yes" if m.ai_generated else "",
                "human": "yes" if m.kind == "human" else "",
                "status": m.status,
                "at": (m.sent_at or m.created_at).isoformat(),
                "scheduled_for": m.scheduled_for.isoformat() if m.scheduled_for else "",
                "error": m.error or "",
                "timeline": " → ".join(detail.timelines.get(m.id, [])),
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


    @rx.event
    def set_reply_text(self, value: str):
        self.reply_text = value[:1600]

    @rx.event
    def set_draft_edit(self, message_id: str, value: str):
        self.draft_edits = {**self.draft_edits, message_id: value[:1600]}

    async def _act(self, service, *args, success: str) -> tuple[bool, object]:
        """Re-check the session, call one service as the signed-in person, reload.
        Returns whether it worked and the feedback event to show."""
        if not await self._sign_in_from_cookie():
            return False, to_login()
        try:
            await asyncio.to_thread(service, self.business_id, self.actor(), *args)
        except DomainError as error:
            fields = getattr(error, "fields", {})
            return False, rx.toast.error(next(iter(fields.values()), str(error)))
        await self._reload()
        return True, rx.toast.success(success)

    @rx.event
    async def send_reply(self):
        self.sending = True
        yield
        sent, feedback = await self._act(
            conversations.send_human_reply, uuid.UUID(self.lead["id"]), self.reply_text,
            success="Sent. The AI is paused for this lead until you resume it.",
        )
        self.sending = False
        if sent:
            self.reply_text = ""
        yield feedback

    @rx.event
    def set_lead_reply(self, value: str):
        self.lead_reply = value[:1600]

    @rx.event
    async def simulate_lead_reply(self):
        """Development only: play the lead's side, as if their text came from the carrier."""
        if not await self._sign_in_from_cookie():
            return to_login()
        try:
            await asyncio.to_thread(dev_outbox.simulate_reply, self.business_id, uuid.UUID(self.lead["id"]), self.lead_reply)
        except DomainError as error:
            fields = getattr(error, "fields", {})
            return rx.toast.error(next(iter(fields.values()), str(error)))
        self.lead_reply = ""
        await self._reload()

    @rx.event
    async def resume_ai(self):
        lead_id = uuid.UUID(self.lead["id"])
        return (await self._act(conversations.set_ai_enabled, lead_id, True, success="The AI will answer this lead again."))[1]

    @rx.event
    async def set_ai_mode(self, choice: str):
        mode = None if choice == "business" else choice
        return (await self._act(conversations.set_lead_ai_mode, uuid.UUID(self.lead["id"]), mode, success="AI mode saved."))[1]

    @rx.event
    async def approve_draft(self, message_id: str):
        edited = self.draft_edits.get(message_id)
        return (await self._act(conversations.approve_draft, uuid.UUID(message_id), edited, success="Draft sent."))[1]

    @rx.event
    async def discard_draft(self, message_id: str):
        return (await self._act(conversations.discard_draft, uuid.UUID(message_id), success="Draft discarded."))[1]


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
                        thread(
                            lead["message"], lead["created_at"], LeadState.messages,
                            LeadState.set_draft_edit, LeadState.approve_draft, LeadState.discard_draft,
                        ),
                        reply_box(
                            LeadState.reply_text, LeadState.sending, lead["opted_out"] != "",
                            LeadState.set_reply_text, LeadState.send_reply,
                        ),
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
                            rx.cond(lead["opted_out"] != "", rx.badge("Opted out of texts", color_scheme="red")),
                            rx.el.label("AI replies", html_for="ai-mode", font_weight="600", font_size="14px"),
                            rx.select.root(
                                rx.select.trigger(id="ai-mode", aria_label="AI replies for this lead"),
                                rx.select.content(
                                    *[rx.select.item(label, value=value) for value, label in AI_MODE_CHOICES.items()]
                                ),
                                value=lead["ai_mode_choice"],
                                on_change=LeadState.set_ai_mode,
                            ),
                            rx.cond(
                                lead["ai_enabled"] == "",
                                rx.hstack(
                                    rx.badge("AI paused: a person took over", color_scheme="amber"),
                                    rx.button("Resume AI", size="1", variant="soft", on_click=LeadState.resume_ai),
                                    align="center",
                                    spacing="2",
                                    wrap="wrap",
                                ),
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
                    rx.cond(
                        LeadState.dev_mode,
                        rx.card(
                            rx.form(
                                rx.vstack(
                                    rx.heading("Play the lead (development only)", size="3"),
                                    rx.text(
                                        "No carrier is attached, so texts go to the dev outbox. Type what the lead "
                                        "texts back (try STOP, START or HELP).",
                                        size="2",
                                        color_scheme="gray",
                                    ),
                                    rx.input(
                                        value=LeadState.lead_reply,
                                        on_change=LeadState.set_lead_reply,
                                        aria_label="The lead's text",
                                        placeholder="The lead's text…",
                                        width="100%",
                                    ),
                                    rx.button("Receive as the lead", type="submit", variant="soft"),
                                    spacing="2",
                                ),
                                on_submit=lambda _form: LeadState.simulate_lead_reply(),
                                reset_on_submit=False,
                            )
                        ),
                    ),
                    spacing="4",
                    align="stretch",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                margin_top="1em",
            ),
        ),
    )
