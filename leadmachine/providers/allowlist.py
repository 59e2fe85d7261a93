"""The one list of hosts personal data may be sent to (privacy policy: P6).

Every real adapter checks its API address against this list before it sends anything,
and the Twilio and Resend adapters check each request's URL as well. Loopback addresses
pass too, so the local wire-format servers the tests and benchmarks start can stand in
for a provider; nothing else can.
"""

import ipaddress
from urllib.parse import urlsplit

from leadmachine.services.errors import ProviderRejected

PROCESSOR_HOSTS = frozenset(
    {
        "api.anthropic.com",
        "api.twilio.com",
        "api.resend.com",
        "api.stripe.com",
        "files.stripe.com",
    }
)
# Upstash gives each database its own host under this domain.
PROCESSOR_DOMAINS = (".upstash.io",)
LOOPBACK_NAMES = frozenset({"localhost"})


def is_allowed_host(host: str) -> bool:
    host = _normalize(host)
    return host in PROCESSOR_HOSTS or host.endswith(PROCESSOR_DOMAINS) or is_loopback(host)


def is_loopback(host: str) -> bool:
    host = _normalize(host)
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_outbound_url(url: str) -> str:
    """Returns `url` unchanged if its host may receive data; raises ProviderRejected if not.

    Plain http is accepted only for loopback: a listed processor is always reached over TLS.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not is_allowed_host(host):
        raise ProviderRejected(f"Refusing to send to {host or url!r}: not a listed processor host.")
    if parts.scheme == "http" and not is_loopback(host):
        raise ProviderRejected(f"Refusing to send to {host} over plain http.")
    return url


def _normalize(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()
