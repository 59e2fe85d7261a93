"""The business REST API, authenticated by `Authorization: Bearer <api key>`."""

import uuid
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from leadmachine.api.errors import error_response
from leadmachine.api.requests import BadRequest, read_submission, visitor_context
from leadmachine.queues import enqueue_new_lead_work
from leadmachine.config import get_settings
from leadmachine.services import api_keys, inbox, leads, ratelimit
from leadmachine.services.api_keys import ApiCaller
from leadmachine.services.errors import NotFound
from leadmachine.services.permissions import Actor

LEAD_FIELDS = (
    "id", "name", "phone_e164", "email", "message", "status", "source", "page_url", "referrer",
    "utm", "browser", "os", "device", "geo_country", "created_at", "first_reply_at",
)
EVENT_FIELDS = ("id", "kind", "from_status", "to_status", "actor_label", "at")
MESSAGE_FIELDS = ("id", "direction", "channel", "body", "ai_generated", "status", "created_at", "sent_at")


def _plain(row, fields: tuple[str, ...]) -> dict:
    out = {}
    for field in fields:
        value = getattr(row, field)
        out[field] = value.isoformat() if isinstance(value, datetime) else str(value) if isinstance(value, uuid.UUID) else value
    return out


async def _caller(request: Request) -> ApiCaller | None:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return await run_in_threadpool(api_keys.caller_for_api_key, key.strip())


def _rate_limited(caller: ApiCaller) -> Response | None:
    wait = ratelimit.retry_after(f"api:key:{caller.key_id}", get_settings().api_limit_per_key, 60)
    if wait:
        return error_response(
            429, "rate_limited", "Too many requests for this API key. Slow down.", headers={"Retry-After": str(wait)}
        )
    return None


def _unauthorized() -> Response:
    return error_response(
        401, "unauthorized", "Send a valid API key as 'Authorization: Bearer <key>'.",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def list_leads(request: Request) -> Response:
    caller = await _caller(request)
    if caller is None:
        return _unauthorized()
    if limited := await run_in_threadpool(_rate_limited, caller):
        return limited
    summaries = await run_in_threadpool(inbox.list_leads, caller.business_id)
    return JSONResponse(
        {
            "leads": [
                {
                    "id": str(s.id), "name": s.name, "phone_e164": s.phone, "preview": s.preview,
                    "status": s.status, "created_at": s.created_at.isoformat(), "ai_replied": s.ai_replied,
                }
                for s in summaries
            ]
        }
    )


async def get_lead(request: Request) -> Response:
    caller = await _caller(request)
    if caller is None:
        return _unauthorized()
    if limited := await run_in_threadpool(_rate_limited, caller):
        return limited
    try:
        lead_id = uuid.UUID(request.path_params["lead_id"])
        viewer = Actor(None, "api_key", caller.label, visitor_context(request).ip, caller.key_id)
        detail = await run_in_threadpool(inbox.lead_detail, caller.business_id, lead_id, viewer)
    except (ValueError, NotFound):
        return error_response(404, "not_found", "No such lead.")
    return JSONResponse(
        {
            "lead": _plain(detail.lead, LEAD_FIELDS),
            "events": [_plain(event, EVENT_FIELDS) for event in detail.events],
            "messages": [_plain(message, MESSAGE_FIELDS) for message in detail.messages],
        }
    )


async def create_lead(request: Request) -> Response:
    """Leads from the business's own systems; the caller vouches for SMS consent."""
    caller = await _caller(request)
    if caller is None:
        return _unauthorized()
    if limited := await run_in_threadpool(_rate_limited, caller):
        return limited
    business = await run_in_threadpool(leads.intake_business, caller.business_id)
    try:
        submission, phone = await read_submission(request, business.default_region)
    except BadRequest as bad:
        return bad.response
    lead_id = await run_in_threadpool(
        leads.create_lead, business, submission, phone, visitor_context(request), "api"
    )
    await run_in_threadpool(enqueue_new_lead_work, lead_id)
    return JSONResponse({"lead_id": str(lead_id)}, status_code=201)
