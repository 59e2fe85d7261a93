"""The visitor side: the loader script, the served widget page, and lead intake.

None of this is a Reflex page: a visitor downloads about 3 KB, not a 330 KB bundle.
"""

import html
import secrets
import uuid
from functools import lru_cache
from pathlib import Path
from string import Template

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from leadmachine.api.errors import error_response
from leadmachine.api.requests import BadRequest, read_submission, visitor_context
from leadmachine.config import PROJECT_ROOT, get_settings
from leadmachine.queues import enqueue_new_lead_work
from leadmachine.services import leads, ratelimit
from leadmachine.services.business_settings import frame_ancestors, host_allowed
from leadmachine.services.errors import NotFound

TEMPLATES = Path(__file__).parent / "templates"
WIDGET_JS = PROJECT_ROOT / "assets" / "widget.js"


@lru_cache
def _widget_template() -> Template:
    return Template((TEMPLATES / "widget.html").read_text())


@lru_cache
def _widget_js() -> bytes:
    return WIDGET_JS.read_bytes()


async def widget_js(request: Request) -> Response:
    return Response(
        _widget_js(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


async def widget_page(request: Request) -> Response:
    key = request.path_params["public_key"]
    try:
        business = await run_in_threadpool(leads.widget_business, key)
    except NotFound:
        return HTMLResponse("<!doctype html><title>Not found</title><p>This contact form is not available.</p>", 404)
    nonce = secrets.token_urlsafe(16)
    page = _widget_template().substitute(
        business_name=html.escape(business.name),
        greeting=html.escape(business.greeting),
        consent_text=html.escape(business.consent_text),
        endpoint=html.escape(f"/api/v1/widget/{business.public_key}/leads"),
        nonce=nonce,
    )
    csp = (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {frame_ancestors(business.allowed_domains)}"
    )
    return HTMLResponse(page, headers={"Content-Security-Policy": csp, "Cache-Control": "no-store"})


async def submit_lead(request: Request) -> Response:
    key = request.path_params["public_key"]
    try:
        business = await run_in_threadpool(leads.widget_business, key)
    except NotFound:
        return error_response(404, "not_found", "Unknown widget key.")
    visitor = visitor_context(request)
    limited = await run_in_threadpool(_rate_limited, business.id, visitor.ip)
    if limited:
        return error_response(
            429, "rate_limited", "Too many requests. Please try again shortly.", headers={"Retry-After": str(limited)}
        )
    try:
        submission, phone = await read_submission(request, business.default_region)
    except BadRequest as bad:
        return bad.response
    try:
        leads.check_page_allowed(business, submission.page_url)
    except leads.DomainNotAllowed as refused:
        return error_response(403, "domain_not_allowed", str(refused))
    if leads.is_bot(submission):
        return JSONResponse({"lead_id": str(uuid.uuid4())}, status_code=201)
    lead_id = await run_in_threadpool(leads.create_lead, business, submission, phone, visitor)
    await run_in_threadpool(enqueue_new_lead_work, lead_id)
    return JSONResponse({"lead_id": str(lead_id)}, status_code=201)


def _rate_limited(business_id: uuid.UUID, ip: str) -> int | None:
    settings = get_settings()
    return ratelimit.retry_after(
        f"widget:ip:{ip}", settings.widget_limit_per_ip, 60
    ) or ratelimit.retry_after(f"widget:biz:{business_id}", settings.widget_limit_per_business, 60)


async def widget_config(request: Request) -> Response:
    """What the loader needs before drawing the button: the look, and whether the
    host page is one of the business's allowed websites."""
    cors = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60"}
    try:
        business = await run_in_threadpool(leads.widget_business, request.path_params["public_key"])
    except NotFound:
        return error_response(404, "not_found", "Unknown widget key.", headers=cors)
    host = request.query_params.get("host", "")[:253]
    return JSONResponse(
        {
            "allowed": host_allowed(business.allowed_domains, host),
            "button_text": business.button_text,
            "color": business.color,
            "position": business.position,
        },
        headers=cors,
    )
