"""The dev outbox: every text the local SMS adapter 'sent' for this business.

Development only (the service refuses in production). Emails are in the dev mailbox.
"""

import asyncio

import reflex as rx

from components.badges import relative_time
from components.layout import shell
from components.page import guarded, page_header, section
from leadmachine.services import dev_outbox
from leadmachine.services.errors import DomainError
from state.base import SessionState, to_login


class DevOutboxState(SessionState):
    texts: list[dict[str, str]] = []
    unavailable: str = ""
    loaded: bool = False

    @rx.event
    async def load(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        try:
            texts = await asyncio.to_thread(dev_outbox.list_texts, self.business_id)
        except DomainError as error:
            self.unavailable, self.texts = str(error), []
        else:
            self.unavailable = ""
            self.texts = [{"to": t.to, "body": t.body, "at": t.created_at.isoformat()} for t in texts]
        self.loaded = True


def text_row(text) -> rx.Component:
    return rx.table.row(
        rx.table.cell(text["to"], white_space="nowrap"),
        rx.table.cell(rx.text(text["body"], white_space="pre-wrap", size="2")),
        rx.table.cell(relative_time(text["at"])),
    )


def dev_outbox_page() -> rx.Component:
    return shell(
        page_header("Dev outbox", "Texts the local SMS adapter kept instead of sending (no carrier attached)."),
        guarded(
            DevOutboxState.loaded,
            None,
            "",
            rx.cond(
                DevOutboxState.unavailable != "",
                rx.callout(DevOutboxState.unavailable, icon="info"),
                section(
                    "",
                    "",
                    rx.cond(
                        DevOutboxState.texts.length() > 0,
                        rx.table.root(
                            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("To", "Text", "Sent")])),
                            rx.table.body(rx.foreach(DevOutboxState.texts, text_row)),
                            width="100%",
                        ),
                        rx.text("No texts yet. Submit a lead on your widget page.", color_scheme="gray"),
                    ),
                    rx.link("Emails are in the dev mailbox →", href="/dev/mailbox", size="2"),
                ),
            ),
        ),
    )
