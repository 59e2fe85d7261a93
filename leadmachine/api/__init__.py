"""Our HTTP routes, mounted in front of Reflex (see leadmachine/leadmachine.py)."""

import structlog
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.routing import Route

from leadmachine.api import auth, health, rest, webhooks, widget
from leadmachine.api.errors import error_response
from leadmachine.api.headers import SecurityHeaders
from leadmachine.services.visitors import warm_up

log = structlog.get_logger(__name__)

ROUTES = [
    Route("/healthz", health.healthz),
    Route("/widget.js", widget.widget_js),
    Route("/w/{public_key}", widget.widget_page),
    Route("/api/v1/widget/{public_key}/leads", widget.submit_lead, methods=["POST"]),
    Route("/api/v1/widget/{public_key}/config", widget.widget_config),
    Route("/api/v1/leads", rest.list_leads),
    Route("/api/v1/leads", rest.create_lead, methods=["POST"]),
    Route("/api/v1/leads/{lead_id}", rest.get_lead),
    Route("/webhooks/twilio/status", webhooks.twilio_status, methods=["POST"]),
    Route("/webhooks/twilio/inbound", webhooks.twilio_inbound, methods=["POST"]),
    Route("/webhooks/resend", webhooks.resend_events, methods=["POST"]),
    Route("/auth/login", auth.login, methods=["POST"]),
    Route("/auth/login/2fa", auth.login_second_factor, methods=["POST"]),
    Route("/auth/logout", auth.logout, methods=["POST"]),
]


async def _unexpected(request: Request, error: Exception):
    log.error("http.unhandled", path=request.url.path, error=type(error).__name__)
    return error_response(500, "internal", "Something went wrong on our side. Please try again.")


def build_api() -> Starlette:
    # Load the device and country parsers now, once, not on the first visitor's lead.
    warm_up()
    app = Starlette(routes=ROUTES, exception_handlers={Exception: _unexpected})
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.add_middleware(SecurityHeaders)
    return app
