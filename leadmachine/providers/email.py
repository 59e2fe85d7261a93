"""Sending an email."""

from abc import ABC, abstractmethod
from dataclasses import dataclass

from leadmachine.db import identity_session
from leadmachine.models import DevEmail


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str = ""


class EmailProvider(ABC):
    name: str

    @abstractmethod
    def send(self, email: Email) -> str:
        """Hand the email over; returns the provider's id for it."""


class LocalEmail(EmailProvider):
    """Keeps the email in the dev mailbox (`/dev/mailbox`) instead of sending it."""

    name = "local"

    def send(self, email: Email) -> str:
        row = DevEmail(to=email.to, subject=email.subject, text=email.text, html=email.html)
        with identity_session() as session:
            session.add(row)
            session.commit()
        return f"local-{row.id}"
