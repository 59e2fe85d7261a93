"""The Anthropic adapter, on the real SDK, against a local server speaking the Messages API."""

import uuid

import pytest

from leadmachine.providers.ai import AnthropicAi, BusinessProfile, ReplyRequest
from leadmachine.providers.sms import SmsProvider, SmsResult
from leadmachine.services.errors import ProviderRejected, ProviderUnavailable
from leadmachine.services.followup import send_first_reply
from tests.fakes import FakeAnthropic, refusing_url

KEY = "sk-ant-test-key"
MODEL = "claude-haiku-5-5"
REQUEST = ReplyRequest(
    business=BusinessProfile(name="Acme Plumbing", hours="Mon-Fri 8am-6pm", faq="Q: Call-out fee? A: $89."),
    lead_first_name="Jane",
    lead_message="My sink is leaking, text me at 415-555-2671",
    conversation=(("lead", "Hello?"), ("business", "Hi! How can we help?")),
)


@pytest.fixture
def anthropic_api():
    with FakeAnthropic(api_key=KEY, reply="Hi Jane! A $89 call-out covers it. When suits you?") as server:
        yield server


def adapter(url: str, timeout: float = 5.0) -> AnthropicAi:
    return AnthropicAi(api_key=KEY, model=MODEL, base_url=url, timeout=timeout)


def test_reply_comes_from_the_messages_api_with_its_usage(anthropic_api):
    reply = adapter(anthropic_api.url).compose_reply(REQUEST)
    assert reply.text == "Hi Jane! A $89 call-out covers it. When suits you?"
    assert reply.model == MODEL and reply.input_tokens > 0 and reply.output_tokens > 0 and reply.latency_ms >= 0
    [call] = anthropic_api.calls
    assert call["model"] == MODEL and call["max_tokens"] == 200
    assert "Q: Call-out fee? A: $89." in call["system"]
    assert [m["role"] for m in call["messages"]] == ["user", "assistant", "user"]
    assert anthropic_api.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_no_phone_number_reaches_the_ai(anthropic_api):
    adapter(anthropic_api.url).compose_reply(REQUEST)
    raw = anthropic_api.requests[0].body.decode()
    assert "555-2671" not in raw and "[phone removed]" in raw


def test_the_first_reply_sends_the_ai_only_what_one_reply_needs(anthropic_api, post_lead):
    """P21 with the real adapter: the lead's phone, email and surname never reach Anthropic."""
    lead = {"name": "Jane Q Doe", "phone": "(415) 555-2671", "email": "jane@doe.test",
            "message": "Sink leaking, or email jane@doe.test", "consent": True}
    lead_id = uuid.UUID(post_lead(lead).json()["lead_id"])
    send_first_reply(lead_id, adapter(anthropic_api.url), _NullSms())
    [request] = anthropic_api.requests
    raw = request.body.decode()
    assert "Jane" in raw
    for detail in ("2671", "4155552671", "jane@doe.test", "Doe"):
        assert detail not in raw


def test_a_timeout_is_unavailable_and_not_retried(anthropic_api):
    anthropic_api.stall(3)
    with pytest.raises(ProviderUnavailable):
        adapter(anthropic_api.url, timeout=0.3).compose_reply(REQUEST)
    assert len(anthropic_api.requests) == 1


def test_a_refused_connection_is_unavailable():
    with refusing_url() as url, pytest.raises(ProviderUnavailable):
        adapter(url).compose_reply(REQUEST)


@pytest.mark.parametrize("status", [500, 503, 529, 429])
def test_server_errors_overload_and_rate_limits_are_unavailable(anthropic_api, status):
    anthropic_api.fail(status, message="Overloaded")
    with pytest.raises(ProviderUnavailable, match="Overloaded"):
        adapter(anthropic_api.url).compose_reply(REQUEST)
    assert len(anthropic_api.requests) == 1


@pytest.mark.parametrize("status, kind", [(400, "invalid_request_error"), (403, "permission_error")])
def test_client_errors_are_rejected_with_the_error_type(anthropic_api, status, kind):
    anthropic_api.fail(status, message="messages: field required")
    with pytest.raises(ProviderRejected, match="messages: field required") as rejected:
        adapter(anthropic_api.url).compose_reply(REQUEST)
    assert rejected.value.code == kind


def test_a_wrong_key_is_rejected(anthropic_api):
    ai = AnthropicAi(api_key="sk-ant-wrong", model=MODEL, base_url=anthropic_api.url)
    with pytest.raises(ProviderRejected) as rejected:
        ai.compose_reply(REQUEST)
    assert rejected.value.code == "authentication_error"


def test_an_empty_reply_is_rejected(anthropic_api):
    anthropic_api.reply = ""
    with pytest.raises(ProviderRejected, match="no text"):
        adapter(anthropic_api.url).compose_reply(REQUEST)


def test_an_unlisted_base_url_is_refused_before_anything_is_sent():
    """P6: the adapter will not talk to a host outside the allow-list."""
    with pytest.raises(ProviderRejected, match="not a listed processor"):
        adapter("https://llm-proxy.example.com")


class _NullSms(SmsProvider):
    """Stands in for the carrier: this file is about what reaches the AI."""

    name = "null"

    def send(self, request):
        return SmsResult(provider_id=f"null-{uuid.uuid4().hex}", status="sent")
