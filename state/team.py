"""The team page: members and their roles, invitations, removal and ownership transfer.

The page is offered to roles with MANAGE_TEAM; every handler signs in again from the
cookie (so a demoted or removed member's open tab loses its powers at once) and the
team service checks the permission once more.
"""

import asyncio
import uuid

import reflex as rx

from components.dashboard_forms import choice, field, submit, text_input
from components.layout import shell
from components.page import confirm, empty_state, guarded, hidden_label, page_header, section, when
from leadmachine.models import Role
from leadmachine.services import team
from leadmachine.services.errors import DomainError, InvalidInput
from leadmachine.services.permissions import Permission
from state.base import SessionState, to_login

ROLE_COLORS = {"owner": "violet", "admin": "blue", "agent": "gray"}
INVITABLE = [Role.ADMIN.value, Role.AGENT.value]


class TeamState(SessionState):
    members: list[dict[str, str]] = []
    invitations: list[dict[str, str]] = []
    invite_errors: dict[str, str] = {}
    inviting: bool = False
    working: bool = False
    transfer_to: str = ""
    loaded: bool = False

    @rx.var
    def transfer_candidates(self) -> list[dict[str, str]]:
        return [m for m in self.members if m["role"] != Role.OWNER]

    @rx.var
    def transfer_name(self) -> str:
        return next((m["name"] for m in self.members if m["user_id"] == self.transfer_to), "")

    @rx.event
    async def load(self):
        if not await self._sign_in_from_cookie():
            return to_login()
        if Permission.MANAGE_TEAM in self.permissions:
            await self._refresh()
        self.loaded = True

    async def _refresh(self):
        actor = self.actor()
        members = await asyncio.to_thread(team.list_members, self.business_id, actor)
        invitations = await asyncio.to_thread(team.list_invitations, self.business_id, actor)
        self.members = [
            {
                "user_id": str(m.user_id),
                "name": m.name,
                "email": m.email,
                "role": m.role,
                "joined": m.joined_at.isoformat(),
                "you": "yes" if m.user_id == self.user_id else "",
            }
            for m in members
        ]
        self.invitations = [
            {"id": str(i.id), "email": i.email, "role": i.role, "expires": i.expires_at.isoformat()}
            for i in invitations
        ]
        if self.transfer_to not in {m["user_id"] for m in self.transfer_candidates}:
            self.transfer_to = ""

    async def _act(self, service, *args, done: str):
        """Run one team service call for the signed-in member; a toast either way."""
        if not await self._sign_in_from_cookie():
            return to_login()
        self.working = True
        try:
            await asyncio.to_thread(service, self.business_id, self.actor(), *args)
        except DomainError as error:
            return rx.toast.error(str(error))
        finally:
            self.working = False
            await self._sign_in_from_cookie()
            if Permission.MANAGE_TEAM in self.permissions:
                await self._refresh()
        return rx.toast.success(done)

    @rx.event
    async def change_role(self, user_id: str, role: str):
        name = next((m["name"] for m in self.members if m["user_id"] == user_id), "")
        return await self._act(team.change_role, uuid.UUID(user_id), role, done=f"{name} is now {role}.")

    @rx.event
    async def remove_member(self, user_id: str):
        name = next((m["name"] for m in self.members if m["user_id"] == user_id), "")
        return await self._act(team.remove_member, uuid.UUID(user_id), done=f"{name} was removed and signed out.")

    @rx.event
    async def revoke_invitation(self, invitation_id: str):
        return await self._act(team.revoke_invitation, uuid.UUID(invitation_id), done="Invitation revoked.")

    @rx.event
    def set_transfer_to(self, user_id: str):
        self.transfer_to = user_id

    @rx.event
    async def transfer_ownership(self):
        if not self.transfer_to:
            return rx.toast.error("Choose who should own the business.")
        name = self.transfer_name
        done = f"{name} now owns the business. You are an admin."
        return await self._act(team.transfer_ownership, uuid.UUID(self.transfer_to), done=done)

    @rx.event
    async def invite(self, form: dict):
        if not await self._sign_in_from_cookie():
            yield to_login()
            return
        self.inviting, self.invite_errors = True, {}
        yield
        email, role = str(form.get("email", "")), str(form.get("role") or Role.AGENT.value)
        try:
            await asyncio.to_thread(team.invite, self.business_id, self.actor(), email, role)
        except InvalidInput as error:
            self.invite_errors = error.fields
        except DomainError as error:
            yield rx.toast.error(str(error))
        else:
            await self._refresh()
            yield [rx.set_value("email", ""), rx.toast.success(f"Invitation sent to {email.strip().lower()}.")]
        finally:
            self.inviting = False


def role_badge(role) -> rx.Component:
    return rx.match(
        role,
        *[(name, rx.badge(name, color_scheme=color, variant="soft")) for name, color in ROLE_COLORS.items()],
        rx.badge(role),
    )


def member_row(member) -> rx.Component:
    editable = (member["role"] != Role.OWNER.value) & (member["you"] == "")
    return rx.table.row(
        rx.table.row_header_cell(
            rx.hstack(
                rx.text(member["name"], weight="medium"),
                rx.cond(member["you"] != "", rx.badge("you", variant="outline", color_scheme="gray")),
                spacing="2",
                align="center",
            )
        ),
        rx.table.cell(member["email"]),
        rx.table.cell(
            rx.cond(
                editable,
                rx.select(
                    INVITABLE,
                    value=member["role"],
                    on_change=lambda role: TeamState.change_role(member["user_id"], role),
                    disabled=TeamState.working,
                    size="1",
                    custom_attrs={"aria-label": "Role of " + member["name"]},
                ),
                role_badge(member["role"]),
            )
        ),
        rx.table.cell(when(member["joined"], format="D MMM YYYY"), white_space="nowrap"),
        rx.table.cell(
            rx.cond(
                editable,
                confirm(
                    rx.button("Remove", variant="ghost", color_scheme="red", size="1", disabled=TeamState.working),
                    "Remove " + member["name"] + "?",
                    "They are signed out at once and can no longer see this business's leads.",
                    "Remove",
                    TeamState.remove_member(member["user_id"]),
                ),
            ),
            text_align="right",
        ),
        data_testid="member-row",
        align="center",
    )


def members_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[rx.table.column_header_cell(title) for title in ("Name", "Email", "Role", "Joined")],
                rx.table.column_header_cell(hidden_label("Actions")),
            )
        ),
        rx.table.body(rx.foreach(TeamState.members, member_row)),
        width="100%",
        variant="surface",
    )


def invitation_row(invitation) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(invitation["email"]),
        rx.table.cell(role_badge(invitation["role"])),
        rx.table.cell(
            rx.text("Expires ", rx.moment(invitation["expires"], from_now=True), size="2", color_scheme="gray")
        ),
        rx.table.cell(
            confirm(
                rx.button("Revoke", variant="ghost", color_scheme="red", size="1", disabled=TeamState.working),
                "Revoke the invitation to " + invitation["email"] + "?",
                "The link in their email stops working. You can invite them again later.",
                "Revoke",
                TeamState.revoke_invitation(invitation["id"]),
            ),
            text_align="right",
        ),
        data_testid="invitation-row",
        align="center",
    )


def invite_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.box(
                field(
                    "Email",
                    "email",
                    text_input("email", type="email", placeholder="name@example.com", auto_complete="off"),
                    TeamState.invite_errors,
                ),
                flex="1",
                min_width="220px",
            ),
            rx.box(field("Role", "role", choice("role", INVITABLE, "agent"), TeamState.invite_errors), width="140px"),
            rx.box(submit("Send invitation", TeamState.inviting), padding_top="1.6em"),
            spacing="3",
            wrap="wrap",
            align="start",
        ),
        on_submit=TeamState.invite,
        aria_label="Invite a team member",
    )


def invitations() -> rx.Component:
    return rx.cond(
        TeamState.invitations.length() > 0,
        rx.table.root(
            rx.table.body(rx.foreach(TeamState.invitations, invitation_row)), width="100%", variant="ghost"
        ),
        empty_state("mail", "No pending invitations", "People you invite appear here until they accept."),
    )


def transfer_section() -> rx.Component:
    return section(
        "Transfer ownership",
        "The new owner gets billing and can transfer ownership again. You stay on the team as an admin.",
        rx.cond(
            TeamState.transfer_candidates.length() > 0,
            rx.hstack(
                rx.box(
                    field(
                        "New owner",
                        "transfer_to",
                        rx.select.root(
                            rx.select.trigger(placeholder="Choose a member…", id="transfer_to", min_width="240px"),
                            rx.select.content(
                                rx.foreach(
                                    TeamState.transfer_candidates,
                                    lambda m: rx.select.item(m["name"] + " (" + m["email"] + ")", value=m["user_id"]),
                                )
                            ),
                            value=TeamState.transfer_to,
                            on_change=TeamState.set_transfer_to,
                        ),
                    ),
                ),
                confirm(
                    rx.button(
                        "Transfer ownership",
                        color_scheme="red",
                        variant="soft",
                        disabled=(TeamState.transfer_to == "") | TeamState.working,
                    ),
                    "Make " + TeamState.transfer_name + " the owner?",
                    "You become an admin straight away and can't undo this yourself: only the new owner can "
                    "transfer ownership back.",
                    "Transfer ownership",
                    TeamState.transfer_ownership,
                ),
                spacing="3",
                align="end",
                wrap="wrap",
            ),
            rx.text("Invite someone first: ownership can only go to a member of the team.", size="2"),
        ),
    )


def team_page() -> rx.Component:
    return shell(
        page_header("Team", "Who can see and answer your leads, and what each of them may do."),
        guarded(
            TeamState.loaded,
            Permission.MANAGE_TEAM,
            "manage the team",
            section("Members", "", members_table()),
            section(
                "Invite someone",
                "Admins can do everything except billing. Agents read and answer leads only.",
                invite_form(),
                rx.heading("Pending invitations", size="3", as_="h3", margin_top="0.5em"),
                invitations(),
            ),
            rx.cond(SessionState.role == Role.OWNER.value, transfer_section()),
        ),
    )
