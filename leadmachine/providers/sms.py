"""Sending a text message, and checking that a webhook really came from Twilio."""

import uuid
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.dialects.postgresql import insert

from leadmachine.config import get_settings
from leadmachine.db import tenant_session
from leadmachine.models import OutboxMessage
from leadmachine.models.base import utcnow
from leadmachine.providers.allowlist import check_outbound_url
from leadmachine.services.errors import ProviderRejected, ProviderUnavailable


@dataclass(frozen=True)
class SmsRequest:
    business_id: uuid.UUID
    to: str
    body: str
    idempotency_key: str
    status_callback: str | None = None


@dataclass(frozen=True)
class SmsResult:
    """`status` is the provider's word for the text at hand-over (Twilio: "queued" or
    "accepted"); later ones arrive on the status callback."""

    provider_id: str
    status: str = "queued"


class SmsProvider(ABC):
    name: str
    # True when the carrier side answers STOP/START/HELP itself, so we must not confirm twice.
    confirms_opt_outs: bool = False

    @abstractmethod
    def send(self, request: SmsRequest) -> SmsResult: ...


class LocalSms(SmsProvider):
    """Records the text in the dev outbox instead of handing it to a carrier.

    The provider id derives from the idempotency key, so a retried send lands on the
    same outbox row instead of a second one, as a carrier's idempotency would.
    """

    name = "local"

    def send(self, request: SmsRequest) -> SmsResult:
        provider_id = "local-" + uuid.uuid5(uuid.NAMESPACE_URL, request.idempotency_key).hex
        with tenant_session(request.business_id) as session:
            session.execute(
                insert(OutboxMessage)
                .values(
                    id=uuid.uuid4(),
                    business_id=request.business_id,
                    channel="sms",
                    to=request.to,
                    subject="",
                    body=request.body,
                    provider_id=provider_id,
                    created_at=utcnow(),
                )
                .on_conflict_do_nothing(index_elements=["provider_id"])
            )
            session.commit()
        return SmsResult(provider_id=provider_id, status="sent")


class TwilioSms(SmsProvider):
    """Twilio's Messages API through its SDK.

    Twilio's default opt-out handling answers STOP, START and HELP itself. Errors: a
    refused or timed-out connection and any 5xx (and 429) raise ProviderUnavailable;
    any other 4xx raises ProviderRejected carrying Twilio's error code (21610: the
    number unsubscribed; 21211: not a valid number). A timeout after the request left
    is ambiguous (Twilio may have queued the text, and its Messages API takes no
    idempotency key), so a retry can in rare cases send twice.
    """

    name = "twilio"
    confirms_opt_outs = True

    def __init__(
        self, account_sid: str, auth_token: str, from_number: str, api_base: str | None = None, timeout: float = 10.0
    ):
        from twilio.rest import Client  # here, not at the top: local mode never needs the SDK

        self.from_number = from_number
        self._client = Client(account_sid, auth_token, http_client=_routed_http_client(api_base, timeout))

    def send(self, request: SmsRequest) -> SmsResult:
        from requests import RequestException
        from twilio.base.exceptions import TwilioRestException, TwilioServiceException

        try:
            message = self._client.messages.create(
                to=request.to, from_=self.from_number, body=request.body, status_callback=request.status_callback
            )
        except RequestException as error:
            raise ProviderUnavailable(f"Twilio could not be reached: {type(error).__name__}") from error
        except (TwilioRestException, TwilioServiceException) as error:
            reason = _reason(error)
            if error.status >= 500 or error.status == 429:
                raise ProviderUnavailable(f"Twilio answered {error.status}: {reason}") from error
            raise ProviderRejected(reason, code=error.code) from error
        return SmsResult(provider_id=message.sid, status=message.status or "queued")


def _reason(error) -> str:
    """Twilio's own words: legacy error JSON arrives as TwilioRestException (`msg`), RFC 9457
    problem details as TwilioServiceException (`detail`, `title`)."""
    for attribute in ("msg", "detail", "title"):
        if text := getattr(error, attribute, None):
            return text.removeprefix("Unable to create record: ")
    return "Twilio refused the text."


def _routed_http_client(api_base: str | None, timeout: float):
    """Twilio's HTTP client, sending to `api_base` instead of api.twilio.com when set
    (the SDK has no base-URL setting), and refusing any host not on the allow-list."""
    from twilio.http.http_client import TwilioHttpClient

    base = urlsplit(check_outbound_url(api_base)) if api_base else None

    class RoutedHttpClient(TwilioHttpClient):
        def request(self, method, url, *args, **kwargs):
            if base is not None:
                parts = urlsplit(url)
                url = urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + parts.path, parts.query, ""))
            return super().request(method, check_outbound_url(url), *args, **kwargs)

    return RoutedHttpClient(timeout=timeout)


def verify_twilio_signature(
    url: str, params: Mapping[str, str], signature: str, auth_token: str | None = None
) -> bool:
    """True if `signature` (the X-Twilio-Signature header) signs this URL and form.

    `url` is the public URL Twilio called, query string included; `params` the POSTed
    form, parsed with keep_blank_values=True (Twilio signs empty fields too). The token
    defaults to TWILIO_AUTH_TOKEN; without one nothing verifies.
    """
    from twilio.request_validator import RequestValidator

    if auth_token is None:
        secret = get_settings().twilio_auth_token
        auth_token = secret.get_secret_value() if secret else ""
    if not auth_token or not signature:
        return False
    return RequestValidator(auth_token).validate(url, dict(params), signature)
