"""Security headers on every HTTP response, ours and Reflex's.

The widget page sets its own CSP (it must be framable); every other page refuses to
be framed. In production, plain-HTTP requests are redirected to HTTPS (behind a proxy,
`X-Forwarded-Proto` tells) and responses carry HSTS.
"""

from urllib.parse import urlsplit

from leadmachine.config import get_settings


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        production = get_settings().production
        if production and _plain_http(scope):
            return await _redirect_to_https(scope, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"),
                ]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", b"frame-ancestors 'none'"))
                    extra.append((b"x-frame-options", b"DENY"))
                if production:
                    extra.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
                headers.extend(pair for pair in extra if pair[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _plain_http(scope) -> bool:
    headers = dict(scope.get("headers") or [])
    forwarded = headers.get(b"x-forwarded-proto", b"").decode().split(",")[0].strip()
    return (forwarded or scope.get("scheme", "http")) == "http"


async def _redirect_to_https(scope, send) -> None:
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode() or urlsplit(get_settings().base_url).netloc
    query = scope.get("query_string", b"").decode()
    location = f"https://{host}{scope.get('path', '/')}" + (f"?{query}" if query else "")
    await send({"type": "http.response.start", "status": 308, "headers": [(b"location", location.encode())]})
    await send({"type": "http.response.body", "body": b""})
