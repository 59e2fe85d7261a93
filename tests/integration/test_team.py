"""Invitations, roles, removal and ownership transfer."""

import pytest

from leadmachine.services import accounts, sessions, team
from leadmachine.services.errors import DomainError, InvalidInput
from leadmachine.services.permissions import Actor, PermissionDenied

PASSWORD = "correct horse battery"


@pytest.fixture
def owner(business):
    return Actor(business.owner_id, "owner", "Olive Owner")


def invite_and_join(business, owner, mailbox, email="agent@acme.test", role="agent", name="Ann Agent"):
    team.invite(business.business_id, owner, email, role)
    token = mailbox(email, "/invite")
    return team.accept_invitation(token, "a fine helper passphrase", name)


def test_an_invited_person_joins_with_the_role_given(business, owner, mailbox):
    team.invite(business.business_id, owner, "Agent@Acme.test", "agent")
    token = mailbox("agent@acme.test", "/invite")
    details = team.invitation_details(token)
    assert (details.business_name, details.email, details.role, details.has_account) == (
        "Acme Plumbing", "agent@acme.test", "agent", False,
    )
    user_id = team.accept_invitation(token, "a fine helper passphrase", "Ann Agent")
    members = {m.email: m.role for m in team.list_members(business.business_id, owner)}
    assert members["agent@acme.test"] == "agent"
    assert accounts.authenticate("agent@acme.test", "a fine helper passphrase") == user_id
    with pytest.raises(DomainError, match="invalid, expired or already used"):
        team.accept_invitation(token, "a fine helper passphrase", "Again")


def test_existing_accounts_confirm_with_their_password(business, owner, mailbox, make_business):
    other = make_business("Other Co")
    from leadmachine.db import identity_session
    from leadmachine.models import User

    with identity_session() as session:
        email = session.get(User, other.owner_id).email
    team.invite(business.business_id, owner, email, "admin")
    token = mailbox(email, "/invite")
    assert team.invitation_details(token).has_account
    with pytest.raises(InvalidInput):
        team.accept_invitation(token, "not their password")
    assert team.accept_invitation(token, PASSWORD) == other.owner_id


def test_only_admin_and_agent_can_be_invited(business, owner):
    with pytest.raises(InvalidInput):
        team.invite(business.business_id, owner, "x@acme.test", "owner")


def test_agents_cannot_manage_the_team(business, owner, mailbox):
    agent_id = invite_and_join(business, owner, mailbox)
    agent = Actor(agent_id, "agent", "Ann Agent")
    with pytest.raises(PermissionDenied):
        team.invite(business.business_id, agent, "y@acme.test", "agent")
    with pytest.raises(PermissionDenied):
        team.remove_member(business.business_id, agent, business.owner_id)


def test_removing_a_member_ends_their_sessions(business, owner, mailbox):
    agent_id = invite_and_join(business, owner, mailbox)
    token = sessions.start_session(agent_id)
    assert sessions.current_user(token).business_id == business.business_id
    team.remove_member(business.business_id, owner, agent_id)
    assert sessions.current_user(token) is None
    assert "agent@acme.test" not in {m.email for m in team.list_members(business.business_id, owner)}


def test_owner_cannot_be_removed_or_demoted(business, owner, mailbox):
    admin_id = invite_and_join(business, owner, mailbox, "admin@acme.test", "admin", "Adam Admin")
    admin = Actor(admin_id, "admin", "Adam Admin")
    with pytest.raises(PermissionDenied):
        team.remove_member(business.business_id, admin, business.owner_id)
    with pytest.raises(PermissionDenied):
        team.change_role(business.business_id, admin, business.owner_id, "agent")


def test_ownership_transfer_makes_the_old_owner_admin(business, owner, mailbox):
    admin_id = invite_and_join(business, owner, mailbox, "admin@acme.test", "admin", "Adam Admin")
    with pytest.raises(PermissionDenied):
        team.transfer_ownership(business.business_id, Actor(admin_id, "admin", "Adam"), admin_id)
    team.transfer_ownership(business.business_id, owner, admin_id)
    roles = {m.user_id: m.role for m in team.list_members(business.business_id, owner)}
    assert roles == {admin_id: "owner", business.owner_id: "admin"}


def test_role_changes_and_invitation_revocation(business, owner, mailbox):
    agent_id = invite_and_join(business, owner, mailbox)
    team.change_role(business.business_id, owner, agent_id, "admin")
    assert {m.user_id: m.role for m in team.list_members(business.business_id, owner)}[agent_id] == "admin"
    invitation_id = team.invite(business.business_id, owner, "late@acme.test", "agent")
    token = mailbox("late@acme.test", "/invite")
    team.revoke_invitation(business.business_id, owner, invitation_id)
    assert team.list_invitations(business.business_id, owner) == []
    with pytest.raises(DomainError):
        team.invitation_details(token)


def test_another_tenants_member_ids_are_not_found(business, owner, make_business):
    other = make_business("Other Co")
    from leadmachine.services.errors import NotFound

    with pytest.raises(NotFound):
        team.remove_member(business.business_id, owner, other.owner_id)
    with pytest.raises(NotFound):
        team.change_role(business.business_id, owner, other.owner_id, "agent")


def test_invitation_links_cannot_be_used_to_guess_an_accounts_password(business, owner, mailbox, make_business):
    from leadmachine.db import identity_session
    from leadmachine.models import User

    other = make_business("Other Co")
    with identity_session() as session:
        email = session.get(User, other.owner_id).email
    team.invite(business.business_id, owner, email, "agent")
    token = mailbox(email, "/invite")
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(InvalidInput):
            team.accept_invitation(token, "a wrong guess")
    with pytest.raises(accounts.LockedOut):
        team.accept_invitation(token, PASSWORD)


def test_a_member_of_two_businesses_switches_between_them(business, owner, mailbox, make_business):
    from leadmachine.db import identity_session
    from leadmachine.models import User
    from leadmachine.services.errors import NotFound

    other = make_business("Other Co")
    with identity_session() as session:
        email = session.get(User, other.owner_id).email
    team.invite(business.business_id, owner, email, "agent")
    team.accept_invitation(mailbox(email, "/invite"), PASSWORD)
    token = sessions.start_session(other.owner_id)
    me = sessions.current_user(token)
    assert (me.business_id, me.role) == (other.business_id, "owner")
    assert [c.name for c in sessions.businesses_of(other.owner_id)] == ["Other Co", "Acme Plumbing"]

    sessions.switch_business(other.owner_id, me.session_id, business.business_id)
    me = sessions.current_user(token)
    assert (me.business_id, me.role) == (business.business_id, "agent")
    stranger = make_business("Stranger Inc")
    with pytest.raises(NotFound):
        sessions.switch_business(other.owner_id, me.session_id, stranger.business_id)
