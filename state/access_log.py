"""The access log: who viewed, exported or deleted a lead's personal data, and when."""

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

import reflex as rx

from components.dashboard_forms import field, submit, text_input
from components.layout import shell
from components.page import empty_state, guarded, page_header, section, when
from leadmachine.services import audit, business_settings
from leadmachine.services.errors import DomainError
from leadmachine.services.permissions import Permission
from state.base import SessionState, to_login

ALL = "all"
ACTION_COLORS = {"lead.view": "blue", "lead.export": "amber", "lead.delete": "red"}


class AccessLogState(SessionState):
    entries: list[dict[str, str]] = []
    action: str = ALL
    who: str = ""
    since: str = ""
    error: str = ""
    searching: bool = False
    loaded: bool = False

    @rx.var
    def filtered(self) -> bool:
        return self.action != ALL or self.who != "" or self.since != ""

    @rx.event
    async def load(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        if Permission.VIEW_ACCESS_LOG in self.permissions:
            await self._search()
        self.loaded = True

    async def _search(self):
        self.error = ""
        since = None
        if self.since:
            try:
                day = date.fromisoformat(self.since)
            except ValueError:
                self.error = "Enter the date as YYYY-MM-DD."
                return
            settings = await asyncio.to_thread(business_settings.read, self.business_id)
            since = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(settings.timezone))
        rows = await asyncio.to_thread(
            audit.list_access,
            self.business_id,
            self.actor(),
            "" if self.action == ALL else self.action,
            self.who.strip()[:100],
            since,
        )
        self.entries = [
            {
                "at": row.at.isoformat(),
                "who": row.actor,
                "action": row.action,
                "subject_type": row.subject_type,
                "subject_id": row.subject_id,
                "ip": row.ip or "—",
            }
            for row in rows
        ]

    @rx.event
    async def apply(self, form: dict):
        if not await self._sign_in_from_cookie():
            yield to_login()
            return
        self.action = str(form.get("action") or ALL)
        self.who, self.since = str(form.get("who", "")), str(form.get("since", ""))
        self.searching = True
        yield
        try:
            await self._search()
        except DomainError as error:
            yield rx.toast.error(str(error))
        finally:
            self.searching = False

    @rx.event
    async def clear(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        self.action, self.who, self.since = ALL, "", ""
        await self._search()


def entry_row(entry) -> rx.Component:
    return rx.table.row(
        rx.table.cell(when(entry["at"]), white_space="nowrap"),
        rx.table.cell(entry["who"]),
        rx.table.cell(
            rx.match(
                entry["action"],
                *[(name, rx.badge(name, color_scheme=color, variant="soft")) for name, color in ACTION_COLORS.items()],
                rx.badge(entry["action"]),
            )
        ),
        rx.table.cell(
            rx.cond(
                (entry["subject_type"] == "lead") & (entry["subject_id"] != ""),
                rx.link("Lead " + entry["subject_id"].to(str)[:8], href="/leads/" + entry["subject_id"], size="2"),
                rx.text(entry["subject_type"], size="2"),
            )
        ),
        rx.table.cell(rx.code(entry["ip"], variant="ghost")),
        data_testid="access-row",
        align="center",
    )


def action_select() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id="action", width="100%"),
        rx.select.content(
            rx.select.item("All actions", value=ALL),
            *[rx.select.item(action, value=action) for action in audit.ACTIONS],
        ),
        name="action",
        default_value=AccessLogState.action,
    )


def filters() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.box(field("Action", "action", action_select()), width="170px"),
            rx.box(
                field("Who", "who", text_input("who", AccessLogState.who, placeholder="Name or API key")),
                flex="1",
                min_width="180px",
            ),
            rx.box(field("Since", "since", text_input("since", AccessLogState.since, type="date")), width="170px"),
            rx.hstack(
                submit("Filter", AccessLogState.searching),
                rx.cond(
                    AccessLogState.filtered,
                    rx.button(
                        "Clear", type="button", variant="soft", color_scheme="gray", on_click=AccessLogState.clear
                    ),
                ),
                spacing="2",
                padding_top="1.6em",
            ),
            spacing="3",
            wrap="wrap",
            align="start",
        ),
        rx.cond(AccessLogState.error != "", rx.text(AccessLogState.error, color_scheme="red", size="2", role="alert")),
        on_submit=AccessLogState.apply,
        aria_label="Filter the access log",
        key=AccessLogState.filtered.to(str),
    )


def entries_table() -> rx.Component:
    return rx.cond(
        AccessLogState.entries.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(*[rx.table.column_header_cell(t) for t in ("When", "Who", "Action", "Subject", "IP")])
            ),
            rx.table.body(rx.foreach(AccessLogState.entries, entry_row)),
            width="100%",
            variant="surface",
        ),
        rx.cond(
            AccessLogState.filtered,
            empty_state("search_x", "Nothing matches", "No access matches these filters. Try a wider search."),
            empty_state(
                "shield_check",
                "No access recorded yet",
                "Each time someone opens a lead, or exports or deletes one, it is recorded here.",
            ),
        ),
    )


def access_log_page() -> rx.Component:
    return shell(
        page_header(
            "Access log",
            "Every view, export and deletion of a lead's personal data, by a person or an API key. Newest first.",
        ),
        guarded(
            AccessLogState.loaded,
            Permission.VIEW_ACCESS_LOG,
            "view the access log",
            section("", "", filters(), entries_table()),
        ),
    )
