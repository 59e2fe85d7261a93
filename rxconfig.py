"""Reflex configuration, derived from leadmachine.config so there is one source of truth."""

import reflex as rx

from leadmachine.config import get_settings

settings = get_settings()

config = rx.Config(
    app_name="leadmachine",
    backend_host=settings.backend_host,
    frontend_port=settings.port,
    backend_port=settings.port,
    deploy_url=settings.base_url,
    api_url=settings.base_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
