"""Provider callbacks: signature-verified first, idempotent, and quick.

Twilio signs the public URL it called, so we verify against LEADMACHINE_BASE_URL plus
the path, not the URL as a proxy rewrote it. A repeated delivery of the same event
(Twilio and Resend both retry) is acknowledged and ignored.
"""

import json
from urllib.parse import parse_qsl

import structlog
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from leadmachine.api.errors import error_response
from leadmachine.config import get_settings
from leadmachine.providers import get_sms
from leadmachine.providers.email import verify_resend_signature
from leadmachine.providers.sms import verify_twilio_signature
from leadmachine.services import conversations, delivery, notifications

log = structlog.get_logger(__name__)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
MAX_WEBHOOK_BYTES = 64 * 1024


async def _signed_twilio_form(request: Request) -> dict[str, str] | None:
    body = await request.body()
    if len(body) > MAX_WEBHOOK_BYTES:
        return None
    params = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    url = get_settings().base_url + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    signature = request.headers.get("x-twilio-signature", "")
    token = get_settings().twilio_webhook_token()
    return params if token and verify_twilio_signature(url, params, signature, token) else None


def _refused() -> Response:
    return error_response(403, "bad_signature", "The webhook signature is missing or wrong.")


async def twilio_status(request: Request) -> Response:
    params = await _signed_twilio_form(request)
    if params is None:
        return _refused()
    sid, status = params.get("MessageSid", ""), params.get("MessageStatus", "")
    if not sid or not status:
        return error_response(422, "invalid_input", "MessageSid and MessageStatus are required.")
    if await run_in_threadpool(delivery.first_time, "twilio", f"status:{sid}:{status}"):
        await run_in_threadpool(delivery.record_status, sid, status, params.get("ErrorCode") or None)
    return Response(status_code=204)


async def twilio_inbound(request: Request) -> Response:
    params = await _signed_twilio_form(request)
    if params is None:
        return _refused()
    sid, sender, body = params.get("MessageSid", ""), params.get("From", ""), params.get("Body", "")
    if not sid or not sender:
        return error_response(422, "invalid_input", "MessageSid and From are required.")
    result = await run_in_threadpool(
        conversations.receive_inbound, sender, params.get("To", ""), body, sid, not get_sms().confirms_opt_outs
    )
    log.info("sms.inbound", outcome=result.outcome)
    return Response(EMPTY_TWIML, media_type="text/xml")


async def resend_events(request: Request) -> Response:
    body = await request.body()
    secret = get_settings().resend_webhook_signing_secret()
    if len(body) > MAX_WEBHOOK_BYTES or not secret or not verify_resend_signature(dict(request.headers), body, secret):
        return _refused()
    try:
        event = json.loads(body)
        event_type, data = str(event["type"]), event.get("data") or {}
        recipients = [str(address) for address in (data.get("to") or [])]
    except (ValueError, KeyError, TypeError):
        return error_response(422, "invalid_input", "Expected a Resend event object.")
    if await run_in_threadpool(delivery.first_time, "resend", request.headers.get("svix-id", "")):
        await run_in_threadpool(
            notifications.record_email_event, event_type, str(data.get("email_id", "")), recipients
        )
    return JSONResponse({"ok": True})
