"""Writing a reply to a lead.

Only what one reply needs crosses this interface (privacy policy section 7): the
business profile and the lead's first name and message, never phone or email.
"""

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class BusinessProfile:
    name: str
    description: str = ""
    services: str = ""
    service_area: str = ""
    hours: str = ""
    booking_link: str = ""


@dataclass(frozen=True)
class ReplyRequest:
    business: BusinessProfile
    lead_first_name: str
    lead_message: str


@dataclass(frozen=True)
class Reply:
    text: str
    model: str
    input_tokens: int
    output_tokens: int
    latency_ms: int


class AiProvider(ABC):
    @abstractmethod
    def compose_reply(self, request: ReplyRequest) -> Reply: ...


class LocalAi(AiProvider):
    """A deterministic, friendly template: the offline stand-in for the model."""

    model = "local-template-v1"

    def compose_reply(self, request: ReplyRequest) -> Reply:
        started = time.perf_counter()
        business = request.business
        parts = [f"Hi {request.lead_first_name}, thanks for contacting {business.name}!"]
        parts.append(f'We got your message about "{_topic(request.lead_message)}".')
        if business.hours:
            parts.append(f"We're open {business.hours} and will get back to you shortly.")
        else:
            parts.append("We'll get back to you shortly.")
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


def _topic(message: str, limit: int = 60) -> str:
    first_line = " ".join(message.split())
    if len(first_line) <= limit:
        return first_line
    return first_line[: limit - 1].rsplit(" ", 1)[0] + "…"
