"""The dashboard shell: top bar with the business name, navigation and sign-out."""

import reflex as rx

from leadmachine.services.permissions import Permission
from state.base import SessionState, can

# (label, path, permission needed or None for every member)
NAV = [
    ("Inbox", "/inbox", None),
    ("Team", "/team", Permission.MANAGE_TEAM),
    ("Settings", "/settings", Permission.CHANGE_SETTINGS),
    ("API keys", "/api-keys", Permission.MANAGE_API_KEYS),
    ("Access log", "/access-log", Permission.VIEW_ACCESS_LOG),
    ("Account", "/account", None),
]


def nav_links() -> rx.Component:
    links = []
    for label, path, permission in NAV:
        link = rx.link(label, href=path, weight="medium", white_space="nowrap")
        links.append(link if permission is None else rx.cond(can(permission), link))
    links.append(rx.cond(SessionState.dev_mode, rx.link("Dev outbox", href="/dev/outbox", weight="medium", white_space="nowrap")))
    return rx.hstack(*links, spacing="4", align="center", wrap="wrap")

WIDE_ONLY = rx.breakpoints(initial="none", sm="block")  # on a phone the top bar keeps only what fits


def sign_out_button() -> rx.Component:
    return rx.el.form(
        rx.button("Sign out", type="submit", variant="soft", color_scheme="gray", size="2"),
        action="/auth/logout",
        method="post",
        on_submit=None,  # a real form post; rx.el.form would otherwise prevent it
    )


def shell(*children: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.header(rx.hstack(
            rx.hstack(
                rx.icon("zap", color=rx.color("accent", 9), flex_shrink="0"),
                rx.text("Lead Machine", size="4", weight="bold", white_space="nowrap"),
                rx.cond(
                    SessionState.businesses.length() > 1,
                    rx.select.root(
                        rx.select.trigger(aria_label="Switch business", variant="ghost"),
                        rx.select.content(
                            rx.foreach(
                                SessionState.businesses,
                                lambda business: rx.select.item(business["name"], value=business["id"]),
                            )
                        ),
                        value=SessionState.business_id_text,
                        on_change=SessionState.switch_business,
                    ),
                    rx.text(SessionState.business_name, color_scheme="gray", size="2", display=WIDE_ONLY),
                ),
                align="center",
                spacing="3",
            ),
            rx.hstack(
                rx.el.nav(nav_links(), aria_label="Main"),
                rx.text(SessionState.user_name, size="2", color_scheme="gray", display=WIDE_ONLY),
                sign_out_button(),
                align="center",
                spacing="4",
            ),
            justify="between",
            align="center",
            padding_x="1.5em",
            padding_y="0.75em",
            border_bottom=f"1px solid {rx.color('gray', 5)}",
        )),
        rx.cond(
            SessionState.email_bounced,
            rx.callout(
                "Email to your address bounced, so new-lead emails are paused. Check it under Account.",
                icon="mail_warning",
                color_scheme="amber",
                role="alert",
                margin="1em 1.5em 0",
            ),
        ),
        rx.el.main(rx.box(*children, padding="1.5em", max_width="1100px", margin_x="auto")),
    )


def centered_card(*children: rx.Component) -> rx.Component:
    return rx.center(rx.card(*children, size="4", width="100%", max_width="420px"), min_height="100vh", padding="1em")
