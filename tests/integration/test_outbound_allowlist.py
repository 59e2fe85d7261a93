"""P6: personal data goes only to the listed processors. Every socket the process opens
or resolves while the real adapters work is watched (a Python audit hook), so a test
fails if any of them reaches, or even looks up, a host that is not on the list."""

import sys
import uuid

import pytest

from leadmachine.config import get_settings
from leadmachine.providers import get_ai, get_email, get_sms
from leadmachine.providers.ai import AnthropicAi, BusinessProfile, ReplyRequest
from leadmachine.providers.allowlist import is_allowed_host
from leadmachine.providers.email import Email, ResendEmail
from leadmachine.providers.sms import SmsRequest, TwilioSms
from leadmachine.services.errors import ProviderRejected
from tests.fakes import FakeAnthropic, FakeResend, FakeTwilio

SID = "AC" + "e" * 32
_watching: list[list[tuple[str, str]]] = []


def _audit(event: str, args: tuple) -> None:
    if _watching and event in ("socket.connect", "socket.getaddrinfo"):
        address = args[1] if event == "socket.connect" else args
        host = address[0] if isinstance(address, tuple) else str(address)
        _watching[-1].append((event, str(host)))


sys.addaudithook(_audit)  # hooks cannot be removed; it records only inside `network`


@pytest.fixture
def network():
    """Every (event, host) the process connects to or resolves during the test."""
    seen: list[tuple[str, str]] = []
    _watching.append(seen)
    yield seen
    _watching.remove(seen)


@pytest.fixture
def real_providers(monkeypatch):
    with FakeAnthropic("sk-ant") as anthropic_api, FakeTwilio(SID, "tok") as twilio_api, FakeResend("re_k") as resend_api:
        for name, value in {
            "ANTHROPIC_API_KEY": "sk-ant", "ANTHROPIC_BASE_URL": anthropic_api.url,
            "TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": "tok", "TWILIO_FROM_NUMBER": "+15005550006",
            "TWILIO_API_BASE": twilio_api.url, "RESEND_API_KEY": "re_k", "RESEND_API_URL": resend_api.url,
        }.items():
            monkeypatch.setenv(name, value)
        for cached in (get_settings, get_ai, get_sms, get_email):
            cached.cache_clear()
        yield anthropic_api, twilio_api, resend_api
        for cached in (get_settings, get_ai, get_sms, get_email):
            cached.cache_clear()


def test_the_real_adapters_reach_only_allow_listed_hosts(real_providers, network):
    anthropic_api, twilio_api, resend_api = real_providers
    reply = get_ai().compose_reply(ReplyRequest(BusinessProfile(name="Acme"), "Jane", "Leaking sink"))
    get_sms().send(SmsRequest(uuid.uuid4(), "+14155552671", reply.text, "k", status_callback="https://app.test/cb"))
    get_email().send(Email(to="owner@acme.test", subject="New lead", text="Jane"))
    assert network, "the audit hook saw no connection at all"
    assert all(is_allowed_host(host) for _, host in network), network
    assert len(anthropic_api.requests) == len(twilio_api.requests) == len(resend_api.requests) == 1


@pytest.mark.parametrize(
    "build",
    [
        lambda: AnthropicAi(api_key="k", model="m", base_url="https://llm-proxy.example.com"),
        lambda: TwilioSms(SID, "tok", "+15005550006", api_base="https://sms-relay.example.net"),
        lambda: ResendEmail(api_key="k", sender="a@b.test", api_url="https://mail-relay.example.net"),
    ],
    ids=["anthropic", "twilio", "resend"],
)
def test_an_unlisted_host_is_refused_without_any_connection_or_lookup(network, build):
    with pytest.raises(ProviderRejected):
        build()
    assert network == []


def test_a_twilio_request_for_an_unlisted_host_never_leaves(network):
    """The SDK builds its URLs itself (api.twilio.com and others); each passes the allow-list first."""
    client = TwilioSms(SID, "tok", "+15005550006")._client.http_client
    with pytest.raises(ProviderRejected):
        client.request("GET", "https://analytics.example.org/collect?to=%2B14155552671")
    assert network == []
