"""Writing a reply to a lead.

Only what one reply needs crosses this interface (privacy policy section 7): the
business profile, the lead's first name and the conversation, never phone or email.
"""

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Literal

from leadmachine.providers.allowlist import check_outbound_url
from leadmachine.services.errors import ProviderRejected, ProviderUnavailable

Role = Literal["lead", "business"]


@dataclass(frozen=True)
class BusinessProfile:
    name: str
    description: str = ""
    services: str = ""
    service_area: str = ""
    hours: str = ""
    booking_link: str = ""
    tone: str = "friendly"
    faq: str = ""


@dataclass(frozen=True)
class ReplyRequest:
    """`lead_message` is the lead's latest text, the one to answer ("" for a nudge when the
    lead has not replied); `conversation` the turns before it, oldest first."""

    business: BusinessProfile
    lead_first_name: str
    lead_message: str
    conversation: tuple[tuple[Role, str], ...] = ()


@dataclass(frozen=True)
class Reply:
    text: str
    model: str
    input_tokens: int
    output_tokens: int
    latency_ms: int


class AiProvider(ABC):
    name: str
    model: str

    @abstractmethod
    def compose_reply(self, request: ReplyRequest) -> Reply: ...


class LocalAi(AiProvider):
    """A deterministic, friendly template: the offline stand-in for the model."""

    name = "local"
    model = "local-template-v1"

    def compose_reply(self, request: ReplyRequest) -> Reply:
        """Plain GSM-7 text that fits one or two segments: it never quotes the lead,
        whose emoji would switch the whole text to UCS-2 and halve its length."""
        started = time.perf_counter()
        business = request.business
        name = request.lead_first_name
        if request.lead_message.strip():
            parts = [f"Hi {name}, thanks for contacting {business.name}! We got your message."]
            parts.append(f"We're open {business.hours} and will" if business.hours else "We'll")
            parts[-1] += " get back to you shortly."
        else:
            parts = [f"Hi {name}, just checking in from {business.name}: would you still like a hand?"]
            parts.append("Reply here and we'll take it from there.")
        if business.booking_link:
            parts.append(f"You can also book here: {business.booking_link}")
        text = " ".join(parts)
        prompt_words = len(request.lead_message.split()) + len(business.description.split())
        return Reply(
            text=text,
            model=self.model,
            input_tokens=prompt_words,
            output_tokens=len(text.split()),
            latency_ms=round((time.perf_counter() - started) * 1000),
        )


class AnthropicAi(AiProvider):
    """Claude writes the reply from the prompt in services/prompts.py.

    The SDK does not retry (max_retries=0): the job decides. A timeout, a refused
    connection, 429 (rate limit) and any 5xx (including 529, overloaded) raise
    ProviderUnavailable; any other 4xx (a bad key, a bad request) ProviderRejected.
    """

    name = "anthropic"

    def __init__(
        self, api_key: str, model: str, base_url: str | None = None, timeout: float = 8.0, max_tokens: int = 200
    ):
        import anthropic  # here, not at the top: ~1.5 s to import, which local mode never needs

        self._sdk = anthropic
        self._client = anthropic.Anthropic(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)
        check_outbound_url(str(self._client.base_url))
        self.model = model
        self.max_tokens = max_tokens

    def compose_reply(self, request: ReplyRequest) -> Reply:
        from leadmachine.services.prompts import build_prompt  # it imports this module

        system, messages = build_prompt(request)
        started = time.perf_counter()
        try:
            response = self._client.messages.create(
                model=self.model, max_tokens=self.max_tokens, system=system, messages=messages
            )
        except self._sdk.APIConnectionError as error:
            raise ProviderUnavailable(f"Anthropic could not be reached: {error}") from error
        except self._sdk.APIStatusError as error:
            raise _status_error(error) from error
        except self._sdk.AnthropicError as error:  # e.g. an answer that does not parse
            raise ProviderUnavailable(f"Anthropic gave no usable answer: {type(error).__name__}") from error
        latency_ms = round((time.perf_counter() - started) * 1000)
        text = "".join(block.text for block in response.content if block.type == "text").strip()
        if not text:
            raise ProviderRejected(f"The model wrote no text (stop reason: {response.stop_reason}).")
        return Reply(
            text=text,
            model=response.model,
            input_tokens=response.usage.input_tokens,
            output_tokens=response.usage.output_tokens,
            latency_ms=latency_ms,
        )


def _status_error(error) -> Exception:
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("error") if isinstance(body.get("error"), dict) else {}
    message = detail.get("message") or error.message
    if error.status_code >= 500 or error.status_code in (408, 429):
        return ProviderUnavailable(f"Anthropic answered {error.status_code}: {message}")
    return ProviderRejected(f"Anthropic refused the request ({error.status_code}): {message}", code=detail.get("type"))
