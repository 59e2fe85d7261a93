"""Labelled form fields with inline errors for the signed-in settings pages.

`errors` is a state dict var (field name -> message), filled from InvalidInput.fields.
Each control gets an id its label points at, and its error text an id the control's
aria-describedby points at, so screen readers announce both.
"""

import reflex as rx


def field_error(errors, key: str, control_id: str = "") -> rx.Component:
    return rx.cond(
        errors.contains(key),
        rx.text(errors[key], id=f"{control_id or key}-error", color_scheme="red", size="2", role="alert"),
    )


def field(
    label: str, control_id: str, control: rx.Component, errors=None, hint: str = "", error_key: str = ""
) -> rx.Component:
    """`control` must carry id=`control_id` so the label points at it; its error is
    `errors[error_key]`, by default the same name as the id."""
    parts = [rx.el.label(label, html_for=control_id, font_weight="600", font_size="14px"), control]
    if hint:
        parts.append(rx.text(hint, size="1", color_scheme="gray"))
    if errors is not None:
        parts.append(field_error(errors, error_key or control_id, control_id))
    return rx.vstack(*parts, spacing="1", width="100%", align="stretch")


def text_input(control_id: str, default_value="", **props) -> rx.Component:
    """The form field is named like its id unless `name=` says otherwise."""
    props.setdefault("name", control_id)
    props.setdefault("width", "100%")
    return rx.input(id=control_id, default_value=default_value, aria_describedby=f"{control_id}-error", **props)


def text_area(control_id: str, default_value="", rows: str = "3", **props) -> rx.Component:
    return rx.text_area(
        id=control_id, name=control_id, default_value=default_value, rows=rows,
        aria_describedby=f"{control_id}-error", width="100%", **props,
    )


def choice(control_id: str, items: list[str], default_value, **props) -> rx.Component:
    """A select that submits with its form (Radix renders a hidden native select);
    the id lands on the trigger button, so a field() label names it."""
    return rx.select(items, id=control_id, name=control_id, default_value=default_value, width="100%", **props)


def submit(label: str, busy, **props) -> rx.Component:
    return rx.button(label, type="submit", loading=busy, disabled=busy, **props)
