"""Dashboard pages: each composes components with its State's vars."""

import reflex as rx

from components.badges import status_badge
from components.conversation import history, thread
from components.inbox import empty_inbox, lead_table
from components.layout import centered_card, shell
from state.inbox import InboxState
from state.lead import STATUSES, LeadState
from state.login import LoginState


def login_page() -> rx.Component:
    return centered_card(
        rx.el.form(
            rx.vstack(
                rx.heading("Sign in to Lead Machine", size="6"),
                rx.cond(
                    LoginState.error != "",
                    rx.callout(LoginState.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
                ),
                rx.el.label("Email", html_for="email", font_weight="600"),
                rx.input(id="email", name="email", type="email", default_value=LoginState.email, required=True, auto_complete="username", width="100%", size="3"),
                rx.el.label("Password", html_for="password", font_weight="600"),
                rx.input(id="password", name="password", type="password", required=True, auto_complete="current-password", width="100%", size="3"),
                rx.button("Sign in", type="submit", width="100%", size="3"),
                spacing="3",
                width="100%",
            ),
            action="/auth/login",
            method="post",
            # A real form post (the session cookie is set HttpOnly by /auth/login):
            # without this, rx.el.form adds an on_submit that prevents the browser's submit.
            on_submit=None,
        )
    )


def inbox_page() -> rx.Component:
    return shell(
        rx.moment(interval=1000, on_change=InboxState.poll, display="none"),
        rx.hstack(
            rx.heading("Inbox", size="6"),
            rx.badge(
                InboxState.leads.length(), rx.cond(InboxState.leads.length() == 1, " lead", " leads"), variant="soft"
            ),
            align="center",
            spacing="3",
            margin_bottom="1em",
        ),
        rx.cond(
            InboxState.loaded,
            rx.cond(InboxState.leads.length() > 0, lead_table(InboxState.leads), empty_inbox()),
            rx.center(rx.spinner(size="3"), padding="3em"),
        ),
        business_name=InboxState.business_name,
        user_name=InboxState.user_name,
    )


def lead_page() -> rx.Component:
    lead = LeadState.lead
    return shell(
        rx.moment(interval=1500, on_change=LeadState.poll, display="none"),
        rx.link("← Back to inbox", href="/inbox", size="2"),
        rx.cond(
            LeadState.missing,
            rx.callout("This lead does not exist or you cannot see it.", icon="info", margin_top="1em"),
            rx.grid(
                rx.card(
                    rx.vstack(
                        rx.heading("Conversation", size="4"),
                        thread(lead["message"], lead["created_at"], LeadState.messages),
                        spacing="3",
                    ),
                ),
                rx.vstack(
                    rx.card(
                        rx.vstack(
                            rx.heading(lead["name"], size="5"),
                            rx.hstack(status_badge(lead["status"])),
                            rx.data_list.root(
                                *[
                                    rx.data_list.item(
                                        rx.data_list.label(label),
                                        rx.data_list.value(lead[key], data_testid=f"detail-{key}"),
                                    )
                                    for label, key in (
                                        ("Phone", "phone"),
                                        ("Email", "email"),
                                        ("Device", "device"),
                                        ("Country", "country"),
                                        ("Page", "page_url"),
                                    )
                                ],
                                orientation="vertical",
                            ),
                            rx.el.label("Status", html_for="status", font_weight="600", font_size="14px"),
                            rx.select(
                                STATUSES,
                                value=lead["status"],
                                on_change=LeadState.set_status,
                                id="status",
                                aria_label="Lead status",
                            ),
                            spacing="3",
                        )
                    ),
                    rx.card(rx.vstack(rx.heading("History", size="3"), history(LeadState.events), spacing="2")),
                    spacing="4",
                    align="stretch",
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                margin_top="1em",
            ),
        ),
        business_name=LeadState.business_name,
        user_name=LeadState.user_name,
    )
