"""Building blocks of the signed-in settings pages: headers, the permission gate,
confirmation dialogs, empty states and copyable secrets."""

import reflex as rx

from leadmachine.services.permissions import Permission
from state.base import SessionState, can


def page_header(title: str, subtitle: str = "") -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="6"),
        *([rx.text(subtitle, color_scheme="gray", size="2")] if subtitle else []),
        spacing="1",
        margin_bottom="1.25em",
    )


def not_allowed(what: str) -> rx.Component:
    """Shown instead of a page the role may not use; the services refuse it anyway."""
    return rx.callout(
        f"Your role ({SessionState.role}) can't {what}. Ask the owner or an admin if you need this.",
        icon="lock",
        color_scheme="amber",
        role="alert",
        data_testid="not-allowed",
    )


def loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding="3em", aria_label="Loading")


def guarded(loaded, permission: Permission | None, what: str, *children: rx.Component) -> rx.Component:
    """Spinner until signed in, then the page or the not-allowed callout."""
    content = rx.vstack(*children, spacing="5", width="100%", align="stretch")
    if permission is None:
        return rx.cond(loaded, content, loading())
    return rx.cond(loaded, rx.cond(can(permission), content, not_allowed(what)), loading())


def section(title: str, description: str, *children: rx.Component, **props) -> rx.Component:
    return rx.card(
        rx.vstack(
            *([rx.heading(title, size="4", as_="h2")] if title else []),
            *([rx.text(description, color_scheme="gray", size="2")] if description else []),
            *children,
            spacing="3",
            width="100%",
            align="stretch",
        ),
        width="100%",
        size="3",
        **props,
    )


def confirm(trigger: rx.Component, title, description, action_label: str, on_confirm) -> rx.Component:
    """A destructive action behind an "are you sure" dialog."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description, size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(action_label, color_scheme="red", on_click=on_confirm)),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
            max_width="440px",
        ),
    )


def empty_state(icon: str, title: str, text: str) -> rx.Component:
    return rx.vstack(
        rx.icon(icon, size=28, color=rx.color("gray", 9)),
        rx.text(title, weight="bold"),
        rx.text(text, color_scheme="gray", size="2", align="center"),
        align="center",
        spacing="2",
        padding="2em",
        width="100%",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="var(--radius-3)",
    )


def copyable(value, label: str, test_id: str) -> rx.Component:
    """A value to paste elsewhere (an embed snippet, a new API key) with a copy button."""
    return rx.hstack(
        rx.code(
            value,
            data_testid=test_id,
            variant="soft",
            size="2",
            padding="0.6em 0.8em",
            white_space="pre-wrap",
            word_break="break-all",
            flex="1",
        ),
        rx.icon_button(
            rx.icon("copy", size=16),
            on_click=[rx.set_clipboard(value), rx.toast.success("Copied.")],
            variant="soft",
            aria_label=label,
            title=label,
            type="button",
        ),
        align="center",
        spacing="2",
        width="100%",
    )


def hidden_label(text: str) -> rx.Component:
    """Text for screen readers only, e.g. the header of a column of buttons."""
    return rx.el.span(
        text,
        position="absolute", width="1px", height="1px", overflow="hidden",
        clip="rect(0 0 0 0)", white_space="nowrap",
    )


def when(at, empty: str = "—", format: str = "D MMM YYYY, HH:mm") -> rx.Component:
    """An ISO timestamp in the reader's own time zone, or a dash when there is none."""
    return rx.cond(
        at != "",
        rx.moment(at, format=format),
        rx.text(empty, as_="span", color_scheme="gray"),
    )
