"""Small labelled markers: lead status and the AI badge."""

import reflex as rx

STATUS_COLORS = {"new": "blue", "contacted": "amber", "qualified": "violet", "won": "green", "lost": "gray"}


def status_badge(status) -> rx.Component:
    return rx.match(
        status,
        *[(name, rx.badge(name, color_scheme=color, variant="soft")) for name, color in STATUS_COLORS.items()],
        rx.badge(status),
    )


def ai_badge(label: str = "AI replied") -> rx.Component:
    return rx.badge(rx.icon("bot", size=12), label, color_scheme="iris", variant="surface")
