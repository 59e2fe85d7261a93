"""Small labelled markers: lead status, the AI badge, and how long ago something happened."""

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


def relative_time(at, size: str = "1") -> rx.Component:
    """Relative time ("3 minutes ago") kept current; rx.moment takes no text size or colour."""
    return rx.text(rx.moment(at, from_now=True), size=size, color_scheme="gray", white_space="nowrap")
