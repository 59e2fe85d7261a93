"""Resend's email API (`POST /emails`), for the resend SDK; and Svix webhook signing."""

import base64
import hashlib
import hmac
import time
import uuid

from tests.fakes.server import FakeServer, Recorded, Response

ERROR_NAMES = {400: "validation_error", 401: "missing_api_key", 403: "invalid_api_key", 422: "validation_error",
               429: "rate_limit_exceeded", 500: "application_error"}


class FakeResend(FakeServer):
    """Accepts emails with a Bearer key and answers {"id": ...}; errors use Resend's
    shape, {statusCode, name, message}."""

    def __init__(self, api_key: str, latency: float = 0.0):
        super().__init__(latency)
        self.api_key = api_key

    @property
    def emails(self) -> list[dict]:
        return [r.json() for r in self.requests if r.path == "/emails"]

    def error_body(self, status: int, name: str | None = None, message: str = "Something went wrong.") -> dict:
        return {"statusCode": status, "name": name or ERROR_NAMES.get(status, "application_error"), "message": message}

    def route(self, request: Recorded) -> Response:
        if request.method != "POST" or request.path != "/emails":
            return 404, self.error_body(404, "not_found", "The requested endpoint does not exist."), {}
        authorization = request.headers.get("authorization", "")
        if not authorization.startswith("Bearer ") or authorization == "Bearer None":
            return 401, self.error_body(401, message="Missing API key in the authorization header."), {}
        if authorization != f"Bearer {self.api_key}":
            return 403, self.error_body(403, message="API key is invalid"), {}
        email = request.json()
        for field in ("from", "to", "subject"):
            if not email.get(field):
                return 422, self.error_body(422, message=f"Missing `{field}` field."), {}
        return 200, {"id": str(uuid.uuid4())}, {}


def sign_resend_webhook(secret: str, body: bytes, msg_id: str | None = None, timestamp: int | None = None) -> dict[str, str]:
    """The svix-* headers Resend would send with `body`, signed with `secret` (whsec_...)."""
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    timestamp = int(time.time()) if timestamp is None else timestamp
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {"svix-id": msg_id, "svix-timestamp": str(timestamp), "svix-signature": f"v1,{signature}"}
