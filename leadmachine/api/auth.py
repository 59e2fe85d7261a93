"""Sign-in and sign-out as plain form posts, so the session cookie can be HttpOnly.

The dashboard (Reflex) reads the cookie server-side from its websocket handshake;
page JavaScript never sees the token.
"""

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from leadmachine.api.errors import error_response
from leadmachine.api.requests import visitor_context
from leadmachine.config import get_settings
from leadmachine.services import accounts
from leadmachine.services.errors import AuthenticationFailed

SESSION_COOKIE = "lm_session"


def _same_origin(request: Request) -> bool:
    """CSRF guard for form posts: browsers always send Origin on cross-site POSTs."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin.rstrip("/") in {get_settings().base_url, f"{request.url.scheme}://{request.url.netloc}"}


async def login(request: Request) -> Response:
    if not _same_origin(request):
        return error_response(403, "forbidden", "Cross-site sign-in is not allowed.")
    form = await request.form(max_files=0, max_fields=10)
    email, password = str(form.get("email", ""))[:254], str(form.get("password", ""))[:1024]
    try:
        user_id = await run_in_threadpool(accounts.authenticate, email, password)
    except AuthenticationFailed:
        return RedirectResponse("/login?" + urlencode({"error": "invalid", "email": email}), status_code=303)
    visitor = visitor_context(request)
    token = await run_in_threadpool(accounts.start_session, user_id, visitor.ip, visitor.user_agent)
    response = RedirectResponse("/inbox", status_code=303)
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_absolute_days * 86400,
        httponly=True,
        secure=settings.production,
        samesite="lax",
        path="/",
    )
    return response


async def logout(request: Request) -> Response:
    if not _same_origin(request):
        return error_response(403, "forbidden", "Cross-site sign-out is not allowed.")
    await run_in_threadpool(accounts.end_session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
