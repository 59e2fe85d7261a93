"""Sign-in and sign-out as plain form posts, so the session cookie can be HttpOnly.

The dashboard (Reflex) reads the cookie server-side from its websocket handshake;
page JavaScript never sees the token. With two-factor on, a correct password earns a
five-minute pending cookie, and the code is posted to /auth/login/2fa.
"""

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from leadmachine.api.errors import error_response
from leadmachine.api.requests import visitor_context
from leadmachine.config import get_settings
from leadmachine.services import accounts, sessions, twofactor_login
from leadmachine.services.errors import AuthenticationFailed

SESSION_COOKIE = "lm_session"
PENDING_COOKIE = "lm_2fa"
EMAIL_COOKIE = "lm_login_email"
LOGIN_ERRORS = {
    accounts.LockedOut: "locked",
    accounts.EmailNotVerified: "unverified",
}


def _same_origin(request: Request) -> bool:
    """CSRF guard for form posts: browsers always send Origin on cross-site POSTs."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin.rstrip("/") in {get_settings().base_url, f"{request.url.scheme}://{request.url.netloc}"}


def _cookie(response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, secure=get_settings().production, samesite="lax", path="/"
    )


def _back_to_login(error: str, email: str = "", path: str = "/login") -> RedirectResponse:
    """The email typed is kept in a short-lived HttpOnly cookie, not in the URL, so it
    never lands in browser history or access logs."""
    response = RedirectResponse(f"{path}?{urlencode({'error': error})}", status_code=303)
    if email:
        _cookie(response, EMAIL_COOKIE, email, 600)
    return response


async def _signed_in(request: Request, user_id) -> Response:
    visitor = visitor_context(request)
    token = await run_in_threadpool(sessions.start_session, user_id, visitor.ip, visitor.user_agent)
    response = RedirectResponse("/inbox", status_code=303)
    _cookie(response, SESSION_COOKIE, token, get_settings().session_absolute_days * 86400)
    response.delete_cookie(PENDING_COOKIE, path="/")
    response.delete_cookie(EMAIL_COOKIE, path="/")
    return response


async def login(request: Request) -> Response:
    if not _same_origin(request):
        return error_response(403, "forbidden", "Cross-site sign-in is not allowed.")
    form = await request.form(max_files=0, max_fields=10)
    email, password = str(form.get("email", ""))[:254], str(form.get("password", ""))[:1024]
    ip = visitor_context(request).ip
    try:
        user_id = await run_in_threadpool(accounts.authenticate, email, password, ip)
    except accounts.SecondFactorRequired as pending:
        response = RedirectResponse("/login/2fa", status_code=303)
        token = await run_in_threadpool(twofactor_login.start, pending.user_id)
        _cookie(response, PENDING_COOKIE, token, twofactor_login.PENDING_SECONDS)
        return response
    except AuthenticationFailed as failure:
        return _back_to_login(LOGIN_ERRORS.get(type(failure), "invalid"), email)
    return await _signed_in(request, user_id)


async def login_second_factor(request: Request) -> Response:
    if not _same_origin(request):
        return error_response(403, "forbidden", "Cross-site sign-in is not allowed.")
    form = await request.form(max_files=0, max_fields=5)
    code = str(form.get("code", ""))[:32]
    try:
        user_id = await run_in_threadpool(twofactor_login.finish, request.cookies.get(PENDING_COOKIE, ""), code)
    except twofactor_login.PendingExpired:
        return _back_to_login("expired")
    except AuthenticationFailed as failure:
        return _back_to_login(LOGIN_ERRORS.get(type(failure), "code"), path="/login/2fa")
    return await _signed_in(request, user_id)


async def logout(request: Request) -> Response:
    if not _same_origin(request):
        return error_response(403, "forbidden", "Cross-site sign-out is not allowed.")
    await run_in_threadpool(sessions.end_session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
