"""Reading untrusted requests safely: bounded size, JSON only, a clear 4xx otherwise."""

import json
from typing import Any

from starlette.requests import Request

from leadmachine.api.errors import error_response
from leadmachine.config import get_settings
from leadmachine.services import leads
from leadmachine.services.errors import InvalidInput
from leadmachine.services.visitors import VisitorContext

MAX_BODY_BYTES = 32 * 1024


class BadRequest(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.response = error_response(status, code, message, fields)


async def read_json(request: Request, max_bytes: int = MAX_BODY_BYTES) -> Any:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise BadRequest(415, "unsupported_media_type", "Send the body as application/json.")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise BadRequest(413, "too_large", f"The body must be under {max_bytes // 1024} KB.")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest(422, "invalid_json", "The body is not valid JSON.") from None


def client_ip(request: Request) -> str:
    """The visitor's address. Behind N trusted proxies (LEADMACHINE_TRUSTED_PROXY_HOPS)
    it is the Nth address from the right of X-Forwarded-For: entries further left were
    written by the client and prove nothing."""
    hops = get_settings().trusted_proxy_hops
    peer = request.client.host if request.client else ""
    if hops <= 0:
        return peer
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    return forwarded[-hops] if len(forwarded) >= hops else peer


def visitor_context(request: Request) -> VisitorContext:
    return VisitorContext(
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
        referrer=request.headers.get("referer", ""),
    )


async def read_submission(request: Request, default_region: str) -> tuple[leads.WidgetSubmission, str]:
    """A lead from a JSON body, or BadRequest carrying the 4xx that explains what is wrong."""
    payload = await read_json(request)
    try:
        return leads.parse_submission(payload, default_region)
    except InvalidInput as invalid:
        raise BadRequest(422, "invalid_input", str(invalid), invalid.fields) from None
