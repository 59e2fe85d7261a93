"""A lead's conversation thread and history."""

import reflex as rx

from components.badges import ai_badge, relative_time


def message_bubble(message) -> rx.Component:
    outbound = message["direction"] == "outbound"
    return rx.box(
        rx.vstack(
            rx.text(message["body"], white_space="pre-wrap"),
            rx.hstack(
                rx.cond(message["ai"] != "", ai_badge("AI")),
                rx.text(message["status"], size="1", color_scheme="gray"),
                relative_time(message["at"]),
                spacing="2",
                align="center",
            ),
            spacing="1",
        ),
        background=rx.cond(outbound, rx.color("accent", 3), rx.color("gray", 3)),
        padding="0.75em 1em",
        border_radius="12px",
        max_width="80%",
        align_self=rx.cond(outbound, "flex-end", "flex-start"),
        data_testid="message",
    )


def thread(lead_message, lead_created_at, messages) -> rx.Component:
    return rx.vstack(
        rx.box(
            rx.text(lead_message, white_space="pre-wrap"),
            relative_time(lead_created_at),
            background=rx.color("gray", 3),
            padding="0.75em 1em",
            border_radius="12px",
            max_width="80%",
            align_self="flex-start",
        ),
        rx.foreach(messages, message_bubble),
        width="100%",
        spacing="3",
    )


def history(events) -> rx.Component:
    return rx.vstack(
        rx.foreach(
            events,
            lambda event: rx.hstack(
                rx.text(event["text"], size="2"),
                rx.text("by ", event["who"], size="1", color_scheme="gray"),
                relative_time(event["at"]),
                spacing="2",
                align="center",
                data_testid="lead-event",
            ),
        ),
        spacing="1",
        align="start",
    )
