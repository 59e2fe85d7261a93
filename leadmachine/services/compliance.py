"""SMS rules (TCPA/CTIA, FCC 24-24) as pure functions: keywords, quiet hours, length."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import timezone as phone_timezones

OPT_OUT_KEYWORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
OPT_IN_KEYWORDS = {"START", "UNSTOP"}
HELP_KEYWORDS = {"HELP", "INFO"}
DEFAULT_QUIET_WINDOW = (time(21, 0), time(8, 0))
MAX_ZONES_FOR_A_NUMBER = 4
_NON_LETTERS = re.compile(r"[^A-Za-z]")

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€")


def keyword(body: str) -> str:
    """The message as a keyword: case, spaces and punctuation ignored ('Opt out!' -> OPTOUT)."""
    return _NON_LETTERS.sub("", body).upper()


def is_opt_out(body: str) -> bool:
    return keyword(body) in OPT_OUT_KEYWORDS


def is_opt_in(body: str) -> bool:
    return keyword(body) in OPT_IN_KEYWORDS


def is_help(body: str) -> bool:
    return keyword(body) in HELP_KEYWORDS


def recipient_zones(phone_e164: str, fallback_zone: str) -> list[ZoneInfo]:
    """The recipient's possible time zones; the business's when the number is ambiguous
    (a toll-free number maps to dozens of zones)."""
    try:
        zones = set(phone_timezones.time_zones_for_number(phonenumbers.parse(phone_e164)))
    except phonenumbers.NumberParseException:
        zones = set()
    zones.discard("Etc/Unknown")
    if not zones or len(zones) > MAX_ZONES_FOR_A_NUMBER:
        zones = {fallback_zone}
    return [ZoneInfo(zone) for zone in sorted(zones)]


def _allowed_at(moment: datetime, zones: list[ZoneInfo], window: tuple[time, time]) -> bool:
    start, end = window
    for zone in zones:
        local = moment.astimezone(zone).time()
        if local >= start or local < end:
            return False
    return True


def next_allowed_time(
    phone_e164: str, fallback_zone: str, now: datetime, window: tuple[time, time] | None = DEFAULT_QUIET_WINDOW
) -> datetime | None:
    """None when an automated text may go now; otherwise the earliest moment (to the
    quarter hour) outside the quiet window (9pm-8am) in every zone the recipient may be in."""
    if window is None:
        return None
    zones = recipient_zones(phone_e164, fallback_zone)
    if _allowed_at(now, zones, window):
        return None
    moment = now.replace(second=0, microsecond=0) + timedelta(minutes=15 - now.minute % 15)
    for _ in range(4 * 48):
        if _allowed_at(moment, zones, window):
            return moment
        moment += timedelta(minutes=15)
    return None


def segment_limit(text: str) -> int:
    """Characters that fit in two SMS segments for this text's encoding."""
    if all(char in GSM7 or char in GSM7_EXTENDED for char in text):
        return 306 - sum(char in GSM7_EXTENDED for char in text)
    return 134


_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def plain_punctuation(text: str) -> str:
    """Curly quotes, dashes and ellipses as their GSM-7 twins: one of them alone would
    switch a text to UCS-2 and cut its room from 306 characters to 134."""
    return text.translate(_TYPOGRAPHY).replace("\u2026", "...")


def fit_two_segments(text: str, suffix: str) -> str:
    """Trim `text` at a word boundary so text + suffix fits in two segments."""
    text = plain_punctuation(text)
    combined = f"{text} {suffix}".strip()
    limit = segment_limit(combined)
    if len(combined) <= limit:
        return combined
    room = limit - len(suffix) - 4  # the "... " joining them
    trimmed = text[:room].rsplit(" ", 1)[0].rstrip(",;:- ")
    return f"{trimmed}... {suffix}".strip()
