"""What we can tell about a visitor from the request: device and approximate country.

Both lookups run offline (ua-parser's bundled rules, geoip2fast's bundled database).
"""

from dataclasses import dataclass
from functools import lru_cache

from geoip2fast import GeoIP2Fast
from ua_parser import parse as parse_user_agent


@dataclass(frozen=True)
class VisitorContext:
    ip: str = ""
    user_agent: str = ""
    referrer: str = ""


@dataclass(frozen=True)
class DeviceInfo:
    browser: str
    os: str
    device: str


def describe_device(user_agent: str) -> DeviceInfo:
    result = parse_user_agent(user_agent[:512])
    browser = result.user_agent.family if result.user_agent else ""
    os_name = result.os.family if result.os else ""
    device = result.device.family if result.device else ""
    return DeviceInfo(
        browser=_known(browser), os=_known(os_name), device=_known(device)
    )


def _known(value: str) -> str:
    return "" if value in ("Other", "") else value[:64]


@lru_cache(maxsize=1)
def _geoip() -> GeoIP2Fast:
    return GeoIP2Fast(verbose=False)


def country_for_ip(ip: str) -> str:
    """Two-letter country code, or "" for private, reserved or unknown addresses."""
    if not ip:
        return ""
    try:
        code = _geoip().lookup(ip).country_code
    except Exception:  # geoip2fast raises plain exceptions on odd input
        return ""
    return code if len(code) == 2 and code.isalpha() and code != "--" else ""


def warm_up() -> None:
    """Load the parsers at process start so the first lead does not pay for it."""
    _geoip()
    describe_device("Mozilla/5.0")
