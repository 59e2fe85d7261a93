"""Structured logs with personal data masked.

Phone numbers and email addresses are masked wherever they appear in an event, so a
log line never carries a lead's contact details (privacy policy sections 4 and 5).
"""

import logging
import re

import structlog

_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_PHONE = re.compile(r"(?<![\w-])\+?\d[\d\s().-]{6,}\d(\d{2})(?![\w-])")


def mask(text: str) -> str:
    text = _EMAIL.sub(r"\1***@\2", text)
    return _PHONE.sub(lambda match: "***" + match.group(1), text)


def _mask_personal_data(_logger, _method, event: dict) -> dict:
    return {key: mask(value) if isinstance(value, str) else value for key, value in event.items()}


def configure_logging(level: int = logging.INFO) -> None:
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            _mask_personal_data,
            structlog.processors.KeyValueRenderer(key_order=["timestamp", "level", "event"]),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
    )
