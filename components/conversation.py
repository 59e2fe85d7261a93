"""A lead's conversation thread and history."""

import reflex as rx

from components.badges import ai_badge, relative_time


def draft_controls(message, on_edit, on_approve, on_discard) -> rx.Component:
    """An AI draft waiting for approval: edit in place, then send or discard."""
    return rx.vstack(
        rx.text_area(
            default_value=message["body"],
            on_change=lambda value: on_edit(message["id"], value),
            aria_label="Edit the draft before sending",
            width="100%",
            rows="4",
        ),
        rx.hstack(
            rx.button("Send draft", size="1", on_click=on_approve(message["id"])),
            rx.button("Discard", size="1", variant="soft", color_scheme="gray", on_click=on_discard(message["id"])),
            spacing="2",
        ),
        width="100%",
        spacing="2",
    )


def message_meta(message) -> rx.Component:
    return rx.hstack(
        rx.cond(message["ai"] != "", ai_badge("AI")),
        rx.cond(message["human"] != "", rx.badge("Human", color_scheme="green", variant="surface")),
        rx.cond(message["kind"] == "system", rx.badge("Automatic", color_scheme="gray", variant="surface")),
        rx.cond(
            message["status"] == "scheduled",
            rx.badge("Scheduled ", relative_time(message["scheduled_for"]), color_scheme="amber"),
            rx.text(rx.cond(message["timeline"] != "", message["timeline"], message["status"]), size="1", color_scheme="gray"),
        ),
        relative_time(message["at"]),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def message_bubble(message, on_edit, on_approve, on_discard) -> rx.Component:
    outbound = message["direction"] == "outbound"
    return rx.box(
        rx.vstack(
            rx.cond(
                message["status"] == "draft",
                draft_controls(message, on_edit, on_approve, on_discard),
                rx.text(message["body"], white_space="pre-wrap"),
            ),
            message_meta(message),
            rx.cond(message["error"] != "", rx.text(message["error"], size="1", color_scheme="red")),
            spacing="1",
        ),
        background=rx.cond(outbound, rx.color("accent", 3), rx.color("gray", 3)),
        padding="0.75em 1em",
        border_radius="12px",
        max_width="80%",
        align_self=rx.cond(outbound, "flex-end", "flex-start"),
        data_testid="message",
    )


def thread(lead_message, lead_created_at, messages, on_edit, on_approve, on_discard) -> rx.Component:
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
        rx.foreach(messages, lambda message: message_bubble(message, on_edit, on_approve, on_discard)),
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


def reply_box(value, sending, opted_out, on_change, on_send) -> rx.Component:
    """The owner's own reply; sending one pauses the AI for this lead."""
    return rx.cond(
        opted_out,
        rx.callout("This person replied STOP: no texts can be sent until they text START.", icon="ban", color_scheme="red"),
        rx.form(
            rx.vstack(
                rx.el.label("Reply by text", html_for="reply", font_weight="600", font_size="14px"),
                rx.text_area(id="reply", value=value, on_change=on_change, placeholder="Write a reply…", rows="3", width="100%"),
                rx.hstack(
                    rx.text("Sending a reply pauses the AI for this lead.", size="1", color_scheme="gray"),
                    rx.button("Send", type="submit", loading=sending, disabled=value.length() == 0),
                    justify="between",
                    align="center",
                    width="100%",
                ),
                width="100%",
                spacing="2",
            ),
            on_submit=lambda _form: on_send(),
            reset_on_submit=False,
            width="100%",
        ),
    )
