"""Pieces of the account page's security sections: the recovery codes shown once, and
the list of places the person is signed in."""

import reflex as rx

from components.page import hidden_label

SESSION_COLUMNS = ("Browser", "OS", "Device", "IP", "Country", "Last seen")


def recovery_codes_panel(codes, on_saved) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("key_round")),
        rx.vstack(
            rx.text(
                "Your recovery codes. Each works once if you lose your phone. Save them somewhere safe now: "
                "they won't be shown again.",
                weight="medium",
            ),
            rx.grid(
                rx.foreach(codes, lambda code: rx.code(code, size="3", data_testid="recovery-code")),
                columns="2",
                spacing="2",
            ),
            rx.hstack(
                rx.button(
                    rx.icon("copy", size=16), "Copy all",
                    variant="soft", type="button",
                    on_click=[rx.set_clipboard(codes.join("\n")), rx.toast.success("Copied.")],
                ),
                rx.button("I saved them", on_click=on_saved),
                spacing="3",
            ),
            spacing="3",
        ),
        color_scheme="amber",
        role="status",
    )


def _session_row(row, on_revoke, busy) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.hstack(
                rx.text(row["browser"], weight="medium"),
                rx.cond(row["current"] != "", rx.badge("This device", color_scheme="green", variant="soft")),
                spacing="2",
                align="center",
            )
        ),
        rx.table.cell(row["os"]),
        rx.table.cell(row["device"]),
        rx.table.cell(row["ip"]),
        rx.table.cell(row["country"]),
        rx.table.cell(rx.moment(row["last_seen"], from_now=True), white_space="nowrap"),
        rx.table.cell(
            rx.cond(
                row["current"] == "",
                rx.button(
                    "Sign out", size="1", variant="ghost", color_scheme="red",
                    on_click=on_revoke(row["id"]), disabled=busy,
                    aria_label="Sign out " + row["browser"] + " on " + row["os"],
                ),
            ),
            text_align="right",
        ),
        data_testid="session-row",
        align="center",
    )


def sessions_table(rows, on_revoke, busy) -> rx.Component:
    """`rows` carry browser, os, device, ip, country, last_seen and current ("yes" or "")."""
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[rx.table.column_header_cell(title) for title in SESSION_COLUMNS],
                rx.table.column_header_cell(hidden_label("Actions")),
            )
        ),
        rx.table.body(rx.foreach(rows, lambda row: _session_row(row, on_revoke, busy))),
        width="100%",
        variant="surface",
    )
