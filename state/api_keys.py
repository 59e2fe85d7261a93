"""API keys for the business REST API: created with a name, shown in full once, revocable.

The api_keys service takes a business id only, so the permission is checked here, in
the handler, against the role read fresh from the session cookie on every event.
"""

import asyncio
import uuid

import reflex as rx

from components.dashboard_forms import field, submit, text_input
from components.layout import shell
from components.page import confirm, copyable, empty_state, guarded, hidden_label, page_header, section, when
from leadmachine.services import api_keys
from leadmachine.services.errors import DomainError, InvalidInput
from leadmachine.services.permissions import Permission
from state.base import SessionState, to_login


class ApiKeysState(SessionState):
    keys: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    new_key: str = ""
    new_key_name: str = ""
    creating: bool = False
    loaded: bool = False

    @rx.event
    async def load(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        self.new_key = ""
        if Permission.MANAGE_API_KEYS in self.permissions:
            await self._refresh()
        self.loaded = True

    async def _refresh(self):
        self.keys = [
            {
                "id": str(key.id),
                "name": key.name,
                "prefix": key.prefix,
                "created": key.created_at.isoformat(),
                "last_used": key.last_used_at.isoformat() if key.last_used_at else "",
                "revoked": key.revoked_at.isoformat() if key.revoked_at else "",
            }
            for key in await asyncio.to_thread(api_keys.list_api_keys, self.business_id, self.actor())
        ]

    async def _allowed(self) -> bool:
        return await self._sign_in_from_cookie() and Permission.MANAGE_API_KEYS in self.permissions

    @rx.event
    async def create(self, form: dict):
        if not await self._allowed():
            yield to_login() if not self._user_id else rx.toast.error("Your role can't manage API keys.")
            return
        self.creating, self.errors = True, {}
        yield
        name = str(form.get("name", ""))
        try:
            self.new_key = await asyncio.to_thread(api_keys.create_api_key, self.business_id, name, self.actor())
        except InvalidInput as error:
            self.errors = error.fields
            return
        except DomainError as error:
            yield rx.toast.error(str(error))
            return
        finally:
            self.creating = False
        self.new_key_name = name.strip()
        await self._refresh()
        yield rx.set_value("name", "")

    @rx.event
    def close_new_key(self, open: bool = False):
        if not open:
            self.new_key = ""

    @rx.event
    async def revoke(self, key_id: str):
        if not await self._allowed():
            return to_login() if not self._user_id else rx.toast.error("Your role can't manage API keys.")
        try:
            await asyncio.to_thread(api_keys.revoke_api_key, self.business_id, uuid.UUID(key_id), self.actor())
        except DomainError as error:
            return rx.toast.error(str(error))
        await self._refresh()
        return rx.toast.success("Key revoked. Requests using it are refused from now on.")


def key_row(key) -> rx.Component:
    revoked = key["revoked"] != ""
    return rx.table.row(
        rx.table.row_header_cell(rx.text(key["name"], weight="medium")),
        rx.table.cell(rx.code(key["prefix"] + "…", variant="ghost")),
        rx.table.cell(when(key["created"]), white_space="nowrap"),
        rx.table.cell(when(key["last_used"], "Never"), white_space="nowrap"),
        rx.table.cell(
            rx.cond(revoked, rx.badge("Revoked", color_scheme="gray"), rx.badge("Active", color_scheme="green")),
        ),
        rx.table.cell(
            rx.cond(
                ~revoked,
                confirm(
                    rx.button("Revoke", size="1", variant="ghost", color_scheme="red"),
                    "Revoke " + key["name"] + "?",
                    "Anything using this key stops working at once. This can't be undone: you would create a new key.",
                    "Revoke key",
                    ApiKeysState.revoke(key["id"]),
                ),
            ),
            text_align="right",
        ),
        data_testid="api-key-row",
        align="center",
        opacity=rx.cond(revoked, "0.6", "1"),
    )


def keys_table() -> rx.Component:
    return rx.cond(
        ApiKeysState.keys.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(t) for t in ("Name", "Key", "Created", "Last used", "Status")],
                    rx.table.column_header_cell(hidden_label("Actions")),
                )
            ),
            rx.table.body(rx.foreach(ApiKeysState.keys, key_row)),
            width="100%",
            variant="surface",
        ),
        empty_state("key_round", "No API keys yet", "Create one to connect Zapier, your CRM or your own code."),
    )


def create_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.box(
                field("Key name", "name", text_input("name", placeholder="e.g. Zapier", max_length=100, required=True),
                      ApiKeysState.errors, hint="So you can tell your keys apart later."),
                flex="1",
                max_width="360px",
            ),
            submit("Create key", ApiKeysState.creating),
            align="end",
            spacing="3",
        ),
        on_submit=ApiKeysState.create,
        aria_label="Create an API key",
    )


def new_key_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Your new API key: " + ApiKeysState.new_key_name),
            rx.dialog.description(
                "Copy it now and keep it somewhere safe. It won't be shown again: we store only a fingerprint of it.",
                size="2",
                margin_bottom="1em",
            ),
            copyable(ApiKeysState.new_key, "Copy the API key", "new-api-key"),
            rx.callout(
                "Anyone with this key can read and add your leads. Send it as: Authorization: Bearer <key>",
                icon="triangle_alert",
                color_scheme="amber",
                size="1",
                margin_top="1em",
            ),
            rx.hstack(
                rx.dialog.close(rx.button("I've copied it")),
                justify="end",
                margin_top="1em",
            ),
            max_width="520px",
        ),
        open=ApiKeysState.new_key != "",
        on_open_change=ApiKeysState.close_new_key,
    )


def api_keys_page() -> rx.Component:
    return shell(
        page_header("API keys", "Keys let other software read and add leads through the Lead Machine API."),
        guarded(
            ApiKeysState.loaded,
            Permission.MANAGE_API_KEYS,
            "manage API keys",
            section("Create a key", "", create_form()),
            section("Your keys", "", keys_table()),
            new_key_dialog(),
        ),
    )
