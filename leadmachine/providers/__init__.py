"""Outside services behind small interfaces, each with a local twin.

The choice is made once, from settings: a provider's key present means its real SDK
adapter, absent means the local adapter that records what it would have sent in the
dev outbox, so the whole product works offline. Every real adapter sends only to the
hosts in `allowlist.py`.
"""

from functools import lru_cache

from pydantic import SecretStr

from leadmachine.config import get_settings
from leadmachine.providers.ai import AiProvider, AnthropicAi, LocalAi
from leadmachine.providers.email import EmailProvider, LocalEmail, ResendEmail
from leadmachine.providers.sms import LocalSms, SmsProvider, TwilioSms


@lru_cache
def get_ai() -> AiProvider:
    settings = get_settings()
    if not _secret(settings.anthropic_api_key):
        return LocalAi()
    return AnthropicAi(
        api_key=_secret(settings.anthropic_api_key),
        model=settings.anthropic_model,
        base_url=settings.anthropic_base_url or None,
        timeout=settings.anthropic_timeout_seconds,
    )


@lru_cache
def get_sms() -> SmsProvider:
    settings = get_settings()
    token = _secret(settings.twilio_auth_token)
    if not settings.twilio_account_sid and not token:
        return LocalSms()
    if not (settings.twilio_account_sid and token and settings.twilio_from_number):
        raise RuntimeError("Twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER together.")
    return TwilioSms(
        account_sid=settings.twilio_account_sid,
        auth_token=token,
        from_number=settings.twilio_from_number,
        api_base=settings.twilio_api_base or None,
    )


@lru_cache
def get_email() -> EmailProvider:
    settings = get_settings()
    if not _secret(settings.resend_api_key):
        return LocalEmail()
    return ResendEmail(
        api_key=_secret(settings.resend_api_key),
        sender=settings.resend_from,
        api_url=settings.resend_api_url or None,
    )


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value else ""
