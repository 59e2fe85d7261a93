"""Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`), for the twilio SDK."""

import base64
import re
import uuid

from tests.fakes.server import FakeServer, Recorded, Response, now_rfc2822

MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages\.json$")


class FakeTwilio(FakeServer):
    """Accepts texts with HTTP basic auth (account SID, auth token) and answers 201
    "queued", as Twilio does. `fail(400, code=21211, message=...)` answers with Twilio's
    error JSON: {code, message, more_info, status}."""

    def __init__(self, account_sid: str, auth_token: str, latency: float = 0.0):
        super().__init__(latency)
        self.account_sid = account_sid
        self.auth_token = auth_token

    @property
    def messages(self) -> list[dict[str, str]]:
        """The form of every message the SDK created, in order."""
        return [r.form() for r in self.requests if MESSAGES_PATH.match(r.path)]

    def error_body(self, status: int, code: int | None = None, message: str = "Something went wrong.", problem: bool = False) -> dict:
        """Twilio's classic error JSON, or with `problem=True` the RFC 9457 shape newer APIs use."""
        code = code or status
        more_info = f"https://www.twilio.com/docs/errors/{code}"
        if problem:
            return {"type": more_info, "title": message, "status": status, "code": code, "detail": message}
        return {"code": code, "message": message, "more_info": more_info, "status": status}

    def route(self, request: Recorded) -> Response:
        match = MESSAGES_PATH.match(request.path)
        if request.method != "POST" or not match:
            return 404, self.error_body(404, 20404, f"The requested resource {request.path} was not found"), {}
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if match["sid"] != self.account_sid or request.headers.get("authorization") != expected:
            return 401, self.error_body(401, 20003, "Authenticate"), {}
        form = request.form()
        for field, code in (("To", 21604), ("From", 21603), ("Body", 21602)):
            if not form.get(field):
                return 400, self.error_body(400, code, f"A '{field}' parameter is required."), {}
        sid = "SM" + uuid.uuid4().hex
        now = now_rfc2822()
        return 201, {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": form["Body"],
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form["From"],
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"},
            "to": form["To"],
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }, {}
