"""Anthropic's Messages API (`POST /v1/messages`), closely enough for the anthropic SDK."""

import json
import uuid
from collections.abc import Callable

from tests.fakes.server import FakeServer, Recorded, Response

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}
DEFAULT_REPLY = "Hi! Thanks for reaching out. We can help with that; someone will confirm a time shortly."


class FakeAnthropic(FakeServer):
    """Answers every well-formed request with `reply` (a string, or a function of the
    request's JSON). The key may come as `x-api-key` or `Authorization: Bearer` (the SDK
    sends the latter). Usage counts are rough (4 characters a token) but never zero."""

    def __init__(self, api_key: str | None = None, reply: str | Callable[[dict], str] = DEFAULT_REPLY, latency: float = 0.0):
        super().__init__(latency)
        self.api_key = api_key
        self.reply = reply

    @property
    def calls(self) -> list[dict]:
        """The JSON body of every messages request, in order."""
        return [r.json() for r in self.requests if r.path == "/v1/messages"]

    def error_body(self, status: int, type: str | None = None, message: str = "Something went wrong.") -> dict:
        return {"type": "error", "error": {"type": type or ERROR_TYPES.get(status, "api_error"), "message": message}}

    def route(self, request: Recorded) -> Response:
        headers = {"request-id": f"req_{uuid.uuid4().hex[:24]}"}
        if request.method != "POST" or request.path != "/v1/messages":
            return 404, self.error_body(404, message=f"Not found: {request.path}"), headers
        given = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ")
        if self.api_key is not None and given != self.api_key:
            return 401, self.error_body(401, message="invalid x-api-key"), headers
        try:
            body = request.json()
            model, messages, max_tokens = body["model"], body["messages"], body["max_tokens"]
        except (ValueError, KeyError):
            return 400, self.error_body(400, message="model, messages and max_tokens are required"), headers
        text = self.reply(body) if callable(self.reply) else self.reply
        prompt = json.dumps([body.get("system", ""), messages])
        return 200, {
            "id": f"msg_{uuid.uuid4().hex[:24]}",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": max(1, len(prompt) // 4), "output_tokens": max(1, min(max_tokens, len(text) // 4))},
        }, headers
