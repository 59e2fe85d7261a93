"""Business settings: the profile the AI answers from, the widget, and the signed-in
member's own notifications. Each tab is its own form, so a save sends only its fields
and a mistake is shown beside the field it belongs to."""

import asyncio
from zoneinfo import available_timezones

import reflex as rx

from components.dashboard_forms import choice, field, submit, text_area, text_input
from components.layout import shell
from components.page import copyable, guarded, page_header, section
from leadmachine.services import business_settings, team
from leadmachine.services.errors import DomainError, InvalidInput
from leadmachine.services.permissions import Permission
from state.base import SessionState, to_login

PROFILE_FIELDS = (
    "name", "description", "services", "service_area", "hours", "timezone", "tone", "faq",
    "booking_link", "contact_phone", "default_region",
)
AI_FIELDS = ("ai_mode", "nudge_after_hours", "max_nudges", "sms_number")
AI_MODES = ["auto", "draft", "off"]
WIDGET_FIELDS = ("widget_color", "widget_greeting", "widget_button_text", "widget_position", "allowed_domains")
TONES = ["friendly", "professional", "casual"]
TIMEZONES = sorted(available_timezones())


def _as_text(settings) -> dict[str, str]:
    values = settings.model_dump()
    values["allowed_domains"] = "\n".join(values["allowed_domains"])
    return {name: str(value) for name, value in values.items()}


class SettingsState(SessionState):
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    snippet: str = ""
    notify_new_leads: bool = True
    daily_digest: bool = False
    saving: bool = False
    loaded: bool = False
    revision: int = 0  # bumped on save: the forms remount showing the values as stored

    @rx.event
    async def load(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        self.errors = {}
        if Permission.CHANGE_SETTINGS in self.permissions:
            settings = await asyncio.to_thread(business_settings.read, self.business_id)
            self.values = _as_text(settings)
            self.snippet = await asyncio.to_thread(business_settings.embed_snippet, self.business_id)
            choices = await asyncio.to_thread(team.notification_choices, self.business_id, self.user_id)
            self.notify_new_leads, self.daily_digest = choices["notify_new_leads"], choices["daily_digest"]
        self.loaded = True

    async def _save(self, form: dict, fields: tuple[str, ...], done: str):
        if not await self._sign_in_from_cookie():
            yield to_login()
            return
        changes = {name: str(form.get(name, "")) for name in fields if name in form}
        if "allowed_domains" in changes:
            lines = changes["allowed_domains"].splitlines()
            changes["allowed_domains"] = [line.strip() for line in lines if line.strip()]
        self.saving, self.errors = True, {}
        yield
        try:
            settings = await asyncio.to_thread(business_settings.update, self.business_id, self.actor(), changes)
        except InvalidInput as error:
            self.errors = error.fields
            yield rx.toast.error(str(error))
        except DomainError as error:
            yield rx.toast.error(str(error))
        else:
            self.values = _as_text(settings)
            self.revision += 1
            yield rx.toast.success(done)
        finally:
            self.saving = False

    @rx.event
    async def save_profile(self, form: dict):
        async for update in self._save(form, PROFILE_FIELDS, "Business profile saved."):
            yield update

    @rx.event
    async def save_widget(self, form: dict):
        done = "Widget saved. Your website shows the change on its next page load."
        async for update in self._save(form, WIDGET_FIELDS, done):
            yield update

    @rx.event
    async def save_ai(self, form: dict):
        async for update in self._save(form, AI_FIELDS, "AI and texting settings saved."):
            yield update

    async def _set_notification(self, kind: str, on: bool, done: str):
        if not await self._sign_in_from_cookie():
            return to_login()
        try:
            await asyncio.to_thread(team.set_notification, self.business_id, self.user_id, kind, on)
        except DomainError as error:
            return rx.toast.error(str(error))
        setattr(self, kind, on)
        return rx.toast.success(done)

    @rx.event
    async def set_notifications(self, on: bool):
        done = "We'll email you about new leads." if on else "No more new-lead emails for you."
        return await self._set_notification("notify_new_leads", on, done)

    @rx.event
    async def set_daily_digest(self, on: bool):
        done = "You'll get a summary every morning at 8." if on else "No more daily summaries."
        return await self._set_notification("daily_digest", on, done)


def _v(name: str):
    return SettingsState.values[name]


def _line(label: str, name: str, hint: str = "", **props) -> rx.Component:
    """A one-line setting, filled with its saved value, its error beneath it."""
    return field(label, name, text_input(name, _v(name), **props), SettingsState.errors, hint=hint)


def _text(label: str, name: str, hint: str = "", rows: str = "3", **props) -> rx.Component:
    return field(label, name, text_area(name, _v(name), rows=rows, **props), SettingsState.errors, hint=hint)


def _pick(label: str, name: str, items: list[str]) -> rx.Component:
    return field(label, name, choice(name, items, _v(name)), SettingsState.errors)


def _grid(*children: rx.Component) -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", sm="2"), spacing="4", width="100%")


def profile_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _grid(
                _line("Business name", "name", required=True),
                _line("Booking link", "booking_link", placeholder="https://…"),
            ),
            _text("What you do", "description", hint="A sentence or two. The AI uses this to introduce you."),
            _text("Services", "services"),
            _grid(
                _line("Service area", "service_area"),
                _line("Opening hours", "hours", placeholder="Mon-Fri 8am-6pm"),
                _line("Time zone", "timezone", list="timezones"),
                _pick("Tone of replies", "tone", TONES),
                _line("Contact phone", "contact_phone", type="tel"),
                _line(
                    "Default phone region", "default_region", max_length=2,
                    hint="Two letters, e.g. US or GB: numbers typed without a country code are read as from here.",
                ),
            ),
            _text("Frequently asked questions", "faq", rows="5",
                  hint="Questions and answers the AI may use in its replies."),
            rx.el.datalist(*[rx.el.option(value=zone) for zone in TIMEZONES], id="timezones"),
            rx.hstack(submit("Save profile", SettingsState.saving), justify="end", width="100%"),
            spacing="4",
            width="100%",
        ),
        on_submit=SettingsState.save_profile,
        aria_label="Business profile",
        key=SettingsState.revision,
    )


def widget_preview() -> rx.Component:
    """The saved look, in a sketch of a web page."""
    return rx.box(
        rx.box(height="8px", width="40%", background=rx.color("gray", 5), border_radius="4px", margin_bottom="8px"),
        rx.box(height="8px", width="70%", background=rx.color("gray", 4), border_radius="4px"),
        rx.box(
            _v("widget_button_text"),
            background=_v("widget_color"),
            color="white",
            padding="0.45em 1em",
            border_radius="999px",
            font_size="13px",
            font_weight="600",
            position="absolute",
            bottom="12px",
            right=rx.cond(_v("widget_position") == "right", "12px", "auto"),
            left=rx.cond(_v("widget_position") == "left", "12px", "auto"),
            box_shadow="0 2px 8px rgba(0,0,0,.2)",
            data_testid="widget-preview-button",
        ),
        position="relative",
        height="120px",
        padding="14px",
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-3)",
        background=rx.color("gray", 2),
        aria_hidden="true",
    )


def widget_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _grid(
                _line("Colour", "widget_color", type="color", width="96px", height="36px", padding="2px"),
                _pick("Position on the page", "widget_position", ["right", "left"]),
                _line("Button text", "widget_button_text"),
                _line("Greeting", "widget_greeting"),
            ),
            _text(
                "Allowed websites", "allowed_domains", rows="4",
                hint="One website per line. Leave empty to allow any website.",
                placeholder="example.com\n*.example.com", font_family="monospace",
            ),
            rx.hstack(submit("Save widget", SettingsState.saving), justify="end", width="100%"),
            spacing="4",
            width="100%",
        ),
        on_submit=SettingsState.save_widget,
        aria_label="Widget",
        key=SettingsState.revision,
    )


def widget_tab() -> rx.Component:
    return rx.vstack(
        section("Look and placement", "", widget_form()),
        section(
            "Add the widget to your website",
            "Paste this line just before </body> on every page that should show the widget.",
            copyable(SettingsState.snippet, "Copy embed code", "embed-snippet"),
        ),
        section("Preview", "How the saved button sits on a page.", widget_preview()),
        spacing="4",
        width="100%",
    )


def notifications_tab() -> rx.Component:
    return section(
        "Your notifications",
        "Only for you: each team member chooses their own.",
        rx.hstack(
            rx.switch(
                id="notify_new_leads",
                checked=SettingsState.notify_new_leads,
                on_change=SettingsState.set_notifications,
            ),
            rx.el.label("Email me about new leads", html_for="notify_new_leads", font_size="14px"),
            align="center",
            spacing="3",
        ),
        rx.hstack(
            rx.switch(id="daily_digest", checked=SettingsState.daily_digest, on_change=SettingsState.set_daily_digest),
            rx.el.label(
                "Email me a summary every morning at 8 (your business's time zone)", html_for="daily_digest", font_size="14px"
            ),
            align="center",
            spacing="3",
        ),
    )


def ai_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _grid(
                _pick("AI replies", "ai_mode", AI_MODES),
                _line("Your texting number", "sms_number", placeholder="+15551234567",
                      hint="The Twilio number leads text back to (E.164)."),
                _line("Nudge after (hours)", "nudge_after_hours", type="number", min="1",
                      hint="When a lead has not replied, one friendly follow-up after this long."),
                _line("Nudges at most", "max_nudges", type="number", min="0", max="2"),
            ),
            rx.text(
                "Auto sends the AI's reply at once; Draft waits for you to approve it in the lead's "
                "conversation; Off sends nothing automatically. Automated texts never go out between "
                "9pm and 8am in the lead's time zone, nor to anyone who texted STOP.",
                size="2",
                color_scheme="gray",
            ),
            rx.hstack(submit("Save", SettingsState.saving), justify="end", width="100%"),
            spacing="4",
        ),
        on_submit=SettingsState.save_ai,
        aria_label="AI and texting",
        key=SettingsState.revision,
    )


def _tab(value: str, content: rx.Component) -> rx.Component:
    """Kept mounted while hidden, so switching tabs never loses unsaved typing."""
    return rx.tabs.content(
        content, value=value, force_mount=True, padding_top="1em",
        style={'&[data-state="inactive"]': {"display": "none"}},
    )


def settings_page() -> rx.Component:
    return shell(
        page_header("Settings", "How your business is described to visitors, and how the widget looks."),
        guarded(
            SettingsState.loaded,
            Permission.CHANGE_SETTINGS,
            "change the business settings",
            rx.tabs.root(
                rx.tabs.list(
                    rx.tabs.trigger("Business profile", value="profile"),
                    rx.tabs.trigger("Widget", value="widget"),
                    rx.tabs.trigger("AI & texting", value="ai"),
                    rx.tabs.trigger("Notifications", value="notifications"),
                ),
                _tab("profile", section("", "", profile_form())),
                _tab("widget", widget_tab()),
                _tab("ai", section("", "", ai_form())),
                _tab("notifications", notifications_tab()),
                default_value="profile",
                width="100%",
            ),
        ),
    )
