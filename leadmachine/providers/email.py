"""Sending an email, and checking that a webhook really came from Resend."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field

from leadmachine.config import get_settings
from leadmachine.db import identity_session
from leadmachine.models import DevEmail
from leadmachine.providers.allowlist import check_outbound_url
from leadmachine.services.errors import ProviderRejected, ProviderUnavailable

DEFAULT_API_URL = "https://api.resend.com"


@dataclass(frozen=True)
class Email:
    """`tags` label the email at the provider (e.g. {"kind": "new_lead"}) and come back
    on its webhook events; Resend accepts ASCII letters, digits, _ and - in them."""

    to: str
    subject: str
    text: str
    html: str = ""
    tags: dict[str, str] = field(default_factory=dict)


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


class ResendEmail(EmailProvider):
    """Resend's email API through its SDK.

    The SDK keeps its key and address in module globals; this adapter sets them from its
    own (allow-listed) values before each send, so nothing else can redirect it. A refused
    or timed-out connection, 429 and 5xx raise ProviderUnavailable; any other 4xx
    ProviderRejected with Resend's error name as the code.
    """

    name = "resend"

    def __init__(self, api_key: str, sender: str, api_url: str | None = None, timeout: float = 10.0):
        import resend  # here, not at the top: local mode never needs the SDK

        self._sdk = resend
        self._api_key = api_key
        self._api_url = check_outbound_url((api_url or DEFAULT_API_URL).rstrip("/"))
        self._http = resend.RequestsClient(timeout=timeout)
        self.sender = sender

    def send(self, email: Email) -> str:
        resend = self._sdk
        resend.api_key, resend.api_url, resend.default_http_client = self._api_key, self._api_url, self._http
        params = {"from": self.sender, "to": [email.to], "subject": email.subject, "text": email.text}
        if email.html:
            params["html"] = email.html
        if email.tags:
            params["tags"] = [{"name": name, "value": value} for name, value in email.tags.items()]
        try:
            response = resend.Emails.send(params)
        except resend.exceptions.NoContentError as error:
            raise ProviderUnavailable("Resend answered with an empty body.") from error
        except resend.exceptions.ResendError as error:
            status = int(error.code) if str(error.code).isdigit() else 500
            if error.error_type == "HttpClientError":
                raise ProviderUnavailable(f"Resend could not be reached: {error.message}") from error
            if status >= 500 or status == 429:
                raise ProviderUnavailable(f"Resend answered {status}: {error.message}") from error
            message = f"Resend refused the email ({status}): {error.message}"
            raise ProviderRejected(message, code=error.error_type) from error
        return response["id"]


def verify_resend_signature(headers: Mapping[str, str], body: bytes, secret: str | None = None) -> bool:
    """True if the svix-id/-timestamp/-signature headers sign this body, within 5 minutes.

    Resend signs with Svix: HMAC-SHA256 over "{id}.{timestamp}.{body}" keyed with the
    base64 part of the whsec_ secret; the resend SDK's own verifier does the checking.
    The secret defaults to RESEND_WEBHOOK_SECRET; without one nothing verifies.
    """
    import resend

    if secret is None:
        configured = get_settings().resend_webhook_secret
        secret = configured.get_secret_value() if configured else ""
    lowered = {key.lower(): value for key, value in headers.items()}
    signed = {part: lowered.get(f"svix-{part}", "") for part in ("id", "timestamp", "signature")}
    if not secret or not all(signed.values()):
        return False
    try:
        resend.Webhooks.verify({"payload": body.decode("utf-8"), "headers": signed, "webhook_secret": secret})
    except (ValueError, UnicodeDecodeError):
        return False
    return True
