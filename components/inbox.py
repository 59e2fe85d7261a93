"""The inbox table and its empty state."""

import reflex as rx

from components.badges import ai_badge, relative_time, status_badge


def lead_row(lead) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(lead["name"], href="/leads/" + lead["id"], weight="medium")),
        rx.table.cell(lead["phone"], white_space="nowrap"),
        rx.table.cell(rx.text(lead["preview"], size="2", color_scheme="gray")),
        rx.table.cell(status_badge(lead["status"])),
        rx.table.cell(relative_time(lead["created_at"], size="2")),
        rx.table.cell(
            rx.hstack(
                rx.cond(lead["ai_replied"] != "", ai_badge(), rx.cond(lead["reply_state"] == "", rx.text("—", color_scheme="gray"))),
                rx.cond(lead["reply_state"] != "", rx.badge(lead["reply_state"], color_scheme="amber", variant="soft")),
                spacing="1",
                wrap="wrap",
            )
        ),
        data_testid="lead-row",
    )


def lead_table(leads) -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[rx.table.column_header_cell(title) for title in ("Name", "Phone", "Message", "Status", "Received", "Reply")]
            )
        ),
        rx.table.body(rx.foreach(leads, lead_row)),
        width="100%",
        variant="surface",
    )


def empty_inbox() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon("inbox", size=32, color=rx.color("gray", 9)),
            rx.heading("No leads yet", size="4"),
            rx.text(
                "When a visitor sends your website widget a message, it appears here within seconds.",
                color_scheme="gray",
                align="center",
            ),
            align="center",
            spacing="2",
            padding="2em",
        ),
        width="100%",
    )
