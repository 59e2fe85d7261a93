"""Turning untrusted text into clean values, with messages a visitor understands."""

import re

import phonenumbers
from pydantic import ValidationError

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_chars(value: str) -> str:
    """Drop NULs and other control characters (PostgreSQL rejects NUL in text);
    keeps newlines and tabs, which people do type in messages."""
    return _CONTROL_CHARS.sub("", value)


def to_e164(raw: str, default_region: str) -> str | None:
    """The number in E.164 form, or None when it cannot be a real number."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_MESSAGES = {
    "missing": "This field is required.",
    "string_type": "Must be text.",
    "string_too_short": "Please fill this in.",
    "bool_type": "Must be true or false.",
    "dict_type": "Must be an object.",
    "model_type": "Must be an object.",
    "literal_error": "Must be true.",
    "string_pattern_mismatch": "Enter a valid email address.",
}


def field_errors(error: ValidationError) -> dict[str, str]:
    """One readable message per field from a pydantic error."""
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False):
        name = str(item["loc"][0]) if item["loc"] else "body"
        if name in fields:
            continue
        kind = item["type"]
        if kind == "string_too_long":
            fields[name] = f"Use at most {item['ctx']['max_length']} characters."
        elif kind == "value_error":
            fields[name] = str(item["ctx"]["error"])
        else:
            fields[name] = _MESSAGES.get(kind, "This value is not valid.")
    return fields
