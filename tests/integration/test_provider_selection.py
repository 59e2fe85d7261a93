"""Providers are chosen once, from settings: a key means the real SDK adapter, wired to
what the settings say; no key means the local adapter."""

import uuid

import pytest

from leadmachine.config import get_settings
from leadmachine.providers import get_ai, get_email, get_sms
from leadmachine.providers.ai import AnthropicAi, BusinessProfile, LocalAi, ReplyRequest
from leadmachine.providers.email import Email, LocalEmail, ResendEmail
from leadmachine.providers.sms import LocalSms, SmsRequest, TwilioSms
from leadmachine.services.errors import ProviderRejected
from tests.fakes import FakeAnthropic, FakeResend, FakeTwilio

SID = "AC" + "f" * 32
PROVIDER_VARIABLES = [
    "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "ANTHROPIC_MODEL", "ANTHROPIC_TIMEOUT_SECONDS",
    "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "TWILIO_API_BASE",
    "RESEND_API_KEY", "RESEND_FROM", "RESEND_WEBHOOK_SECRET", "RESEND_API_URL",
]


def clear_caches() -> None:
    for cached in (get_settings, get_ai, get_sms, get_email):
        cached.cache_clear()


@pytest.fixture
def env(monkeypatch):
    """Set provider variables for one test; the caches forget them afterwards."""
    for name in PROVIDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    clear_caches()
    yield monkeypatch.setenv
    clear_caches()


def test_without_keys_the_local_adapters_are_used(env):
    assert isinstance(get_ai(), LocalAi)
    assert isinstance(get_sms(), LocalSms) and not get_sms().confirms_opt_outs
    assert isinstance(get_email(), LocalEmail)


def test_empty_keys_count_as_absent(env):
    env("ANTHROPIC_API_KEY", "")
    env("RESEND_API_KEY", "")
    assert isinstance(get_ai(), LocalAi) and isinstance(get_email(), LocalEmail)


def test_keys_select_the_real_adapters_wired_from_settings(env):
    with FakeAnthropic("sk-ant-env") as anthropic_api, FakeTwilio(SID, "tok-env") as twilio_api, FakeResend("re_env") as resend_api:
        env("ANTHROPIC_API_KEY", "sk-ant-env")
        env("ANTHROPIC_BASE_URL", anthropic_api.url)
        env("ANTHROPIC_MODEL", "claude-test-model")
        env("TWILIO_ACCOUNT_SID", SID)
        env("TWILIO_AUTH_TOKEN", "tok-env")
        env("TWILIO_FROM_NUMBER", "+15005550006")
        env("TWILIO_API_BASE", twilio_api.url)
        env("RESEND_API_KEY", "re_env")
        env("RESEND_FROM", "Acme via Lead Machine <hello@leadmachine.ai>")
        env("RESEND_API_URL", resend_api.url)

        ai, sms, email = get_ai(), get_sms(), get_email()
        assert isinstance(ai, AnthropicAi) and isinstance(sms, TwilioSms) and isinstance(email, ResendEmail)
        assert get_ai() is ai  # chosen once

        reply = ai.compose_reply(ReplyRequest(BusinessProfile(name="Acme"), "Jane", "Leaking sink"))
        assert reply.model == "claude-test-model" and anthropic_api.calls[0]["model"] == "claude-test-model"
        result = sms.send(SmsRequest(uuid.uuid4(), "+14155552671", reply.text, "key"))
        assert sms.confirms_opt_outs and result.provider_id.startswith("SM")
        assert twilio_api.messages[0]["From"] == "+15005550006"
        email.send(Email(to="owner@acme.test", subject="New lead", text="Jane"))
        assert resend_api.emails[0]["from"] == "Acme via Lead Machine <hello@leadmachine.ai>"


def test_defaults_for_the_real_adapters(env):
    settings = get_settings()
    assert settings.anthropic_model == "claude-haiku-5-5" and settings.anthropic_timeout_seconds == 8
    assert settings.resend_from == "Lead Machine <notifications@leadmachine.ai>"
    assert settings.anthropic_base_url is settings.twilio_api_base is settings.resend_api_url is None


def test_secrets_do_not_show_in_the_settings_repr(env):
    env("ANTHROPIC_API_KEY", "sk-ant-very-secret")
    env("TWILIO_AUTH_TOKEN", "twilio-very-secret")
    env("RESEND_API_KEY", "re_very_secret")
    env("RESEND_WEBHOOK_SECRET", "whsec_very_secret")
    shown = repr(get_settings())
    assert "very-secret" not in shown and "very_secret" not in shown


def test_half_configured_twilio_is_a_clear_error(env):
    env("TWILIO_ACCOUNT_SID", SID)
    env("TWILIO_AUTH_TOKEN", "tok")
    with pytest.raises(RuntimeError, match="TWILIO_FROM_NUMBER"):
        get_sms()


@pytest.mark.parametrize(
    "key, variable, url, getter",
    [
        ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "https://llm-proxy.example.com", get_ai),
        ("RESEND_API_KEY", "RESEND_API_URL", "https://mail-relay.example.net", get_email),
    ],
)
def test_an_unlisted_provider_url_in_settings_is_refused(env, key, variable, url, getter):
    """P6: configuration cannot point personal data at a host outside the allow-list."""
    env(key, "k")
    env(variable, url)
    with pytest.raises(ProviderRejected):
        getter()


def test_an_unlisted_twilio_api_base_in_settings_is_refused(env):
    env("TWILIO_ACCOUNT_SID", SID)
    env("TWILIO_AUTH_TOKEN", "tok")
    env("TWILIO_FROM_NUMBER", "+15005550006")
    env("TWILIO_API_BASE", "https://sms-relay.example.net")
    with pytest.raises(ProviderRejected):
        get_sms()
