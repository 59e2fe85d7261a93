"""Form pieces for the public account pages: labelled fields, inline errors, a busy button.

Every input has a visible label tied to it, its error is linked by `aria-describedby`
and announced (`role="alert"`) when it appears, and the submit button shows a spinner
and refuses a second press while the server works.
"""

import reflex as rx


def field(label: str, name: str, error, hint: str = "", type: str = "text", **input_props) -> rx.Component:
    """A labelled input; `error` is a string Var, empty when the field is fine."""
    error_id, hint_id = f"{name}-error", f"{name}-hint"
    described_by = f"{hint_id} {error_id}" if hint else error_id
    return rx.vstack(
        rx.el.label(label, html_for=name, font_weight="600"),
        rx.input(
            id=name,
            name=name,
            type=type,
            width="100%",
            size="3",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=described_by,
            **input_props,
        ),
        rx.text(hint, id=hint_id, size="2", color_scheme="gray") if hint else rx.fragment(),
        rx.cond(error != "", rx.text(error, id=error_id, role="alert", size="2", color_scheme="red")),
        spacing="1",
        width="100%",
    )


def form_message(message, color_scheme: str = "red") -> rx.Component:
    """A message about the whole form (a refused link, a rate limit), announced on arrival."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme=color_scheme, role="alert", width="100%"),
    )


def submit_button(label: str, working) -> rx.Component:
    return rx.button(label, type="submit", width="100%", size="3", loading=working, disabled=working)


def done_panel(heading: str, *children: rx.Component) -> rx.Component:
    """What replaces a form once it worked; `role="status"` so the change is read out."""
    return rx.vstack(
        rx.icon("circle_check", size=32, color=rx.color("green", 9)),
        rx.heading(heading, size="5"),
        *children,
        spacing="3",
        width="100%",
        role="status",
    )


def page_heading(text: str) -> rx.Component:
    return rx.heading(text, size="6", as_="h1")


def text_link(text: str, href) -> rx.Component:
    return rx.link(text, href=href, size="2", weight="medium")


def link_button(text: str, href) -> rx.Component:
    """A link that looks like the main button (an anchor, not a button inside a link)."""
    return rx.button(rx.el.a(text, href=href), as_child=True, size="3", width="100%")
