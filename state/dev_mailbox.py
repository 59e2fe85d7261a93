"""The developer's local outbox: account emails the local adapter kept, newest first.

No sign-in: it stands in for the developer's own email inbox. The service refuses in
production, and the page then says so.
"""

import asyncio
import dataclasses
import re

import reflex as rx

from components.account_forms import page_heading
from components.badges import relative_time
from leadmachine.services import dev_mailbox
from leadmachine.services.errors import DomainError

SHOWN = 50
_LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclasses.dataclass
class TextPart:
    text: str
    href: str = ""


@dataclasses.dataclass
class MailView:
    id: str
    recipient: str  # not `to`: that name is taken by Var.to on the frontend side
    subject: str
    sent_at: str
    parts: list[TextPart]


def linkify(text: str) -> list[TextPart]:
    """Split text into plain runs and URLs, so the page can make the URLs clickable."""
    parts, start = [], 0
    for match in _LINK.finditer(text):
        if match.start() > start:
            parts.append(TextPart(text[start:match.start()]))
        parts.append(TextPart(match.group(0), match.group(0)))
        start = match.end()
    if start < len(text):
        parts.append(TextPart(text[start:]))
    return parts


class DevMailboxState(rx.State):
    emails: list[MailView] = []
    available: bool = True
    loaded: bool = False
    _newest: str = ""

    @rx.event
    async def load(self):
        try:
            mails = await asyncio.to_thread(dev_mailbox.list_emails, SHOWN)
        except DomainError:
            self.available, self.emails, self.loaded = False, [], True
            return
        newest = str(mails[0].id) if mails else ""
        if newest != self._newest or not self.loaded:
            self._newest = newest
            self.emails = [
                MailView(str(m.id), m.to, m.subject, m.created_at.isoformat(), linkify(m.text)) for m in mails
            ]
        self.available, self.loaded = True, True

    @rx.event
    async def poll(self):
        """Called every two seconds while the page is open: emails arrive from the worker."""
        if self.available and self.loaded:
            return DevMailboxState.load


def _part(part: TextPart) -> rx.Component:
    return rx.cond(part.href != "", rx.link(part.text, href=part.href, word_break="break-all"), rx.text.span(part.text))


def _email(mail: MailView) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(mail.subject, size="3", as_="h2"),
                relative_time(mail.sent_at, size="2"),
                justify="between",
                align="baseline",
                width="100%",
                wrap="wrap",
            ),
            rx.text("To: ", mail.recipient, size="2", color_scheme="gray"),
            rx.text(rx.foreach(mail.parts, _part), white_space="pre-wrap", size="2"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="dev-email",
    )


def dev_mailbox_page() -> rx.Component:
    return rx.box(
        rx.moment(interval=2000, on_change=DevMailboxState.poll, display="none"),
        rx.vstack(
            page_heading("Dev mailbox"),
            rx.cond(
                DevMailboxState.available,
                rx.vstack(
                    rx.text(
                        "Account emails (verification, password reset, invitations) that the local email "
                        "adapter kept instead of sending, newest first.",
                        color_scheme="gray",
                    ),
                    rx.cond(
                        DevMailboxState.loaded,
                        rx.cond(
                            DevMailboxState.emails.length() > 0,
                            rx.foreach(DevMailboxState.emails, _email),
                            rx.text("No emails yet.", color_scheme="gray"),
                        ),
                        rx.center(rx.spinner(size="3"), padding="2em", width="100%"),
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.callout("Not available.", icon="lock", color_scheme="gray", role="alert", width="100%"),
            ),
            spacing="4",
            width="100%",
        ),
        as_="main",
        padding="1.5em",
        max_width="800px",
        margin_x="auto",
    )
