"""Outside services behind small interfaces, each with a local twin.

The choice is made once, from settings: a provider's key present means its real SDK
adapter, absent means the local adapter that records what it would have sent in the
dev outbox, so the whole product works offline.
"""

from functools import lru_cache

from leadmachine.providers.ai import AiProvider, LocalAi
from leadmachine.providers.email import EmailProvider, LocalEmail
from leadmachine.providers.sms import LocalSms, SmsProvider


@lru_cache
def get_ai() -> AiProvider:
    return LocalAi()


@lru_cache
def get_sms() -> SmsProvider:
    return LocalSms()


@lru_cache
def get_email() -> EmailProvider:
    return LocalEmail()
