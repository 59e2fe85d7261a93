"""The service functions behind the dashboard pages: the embed snippet, each member's
own new-lead notification choice, field-specific settings errors, and the ids the
pages send back (key, invitation, session), which never reach another tenant or user."""

import uuid

import pytest

from leadmachine.config import get_settings
from leadmachine.db import identity_session
from leadmachine.models import User
from leadmachine.services import api_keys, business_settings, sessions, team
from leadmachine.services.errors import InvalidInput, NotFound
from leadmachine.services.permissions import Actor


@pytest.fixture
def owner(business):
    return Actor(business.owner_id, "owner", "Olive Owner")


def _join(business, owner, mailbox, email: str, role: str = "agent", password: str = "a fine helper passphrase"):
    team.invite(business.business_id, owner, email, role)
    return team.accept_invitation(mailbox(email, "/invite"), password, "Ann Agent")


def test_embed_snippet_loads_the_widget_with_this_business_key(business):
    snippet = business_settings.embed_snippet(business.business_id)
    assert snippet == (
        f'<script src="{get_settings().base_url}/widget.js" data-key="{business.widget_key}" async></script>'
    )


def test_new_lead_notifications_are_on_by_default_and_each_member_sets_their_own(business, owner, mailbox):
    agent_id = _join(business, owner, mailbox, "agent@acme.test")
    assert team.notification_choices(business.business_id, agent_id)["notify_new_leads"] is True

    team.set_notification(business.business_id, agent_id, "notify_new_leads", False)

    assert team.notification_choices(business.business_id, agent_id)["notify_new_leads"] is False
    assert team.notification_choices(business.business_id, business.owner_id)["notify_new_leads"] is True
    team.set_notification(business.business_id, agent_id, "notify_new_leads", True)
    assert team.notification_choices(business.business_id, agent_id)["notify_new_leads"] is True


def test_notification_choice_in_one_business_leaves_the_same_persons_other_membership_alone(
    business, owner, mailbox, make_business
):
    other = make_business("Other Co")
    with identity_session() as session:
        email = session.get(User, other.owner_id).email
    team.invite(business.business_id, owner, email, "agent")
    team.accept_invitation(mailbox(email, "/invite"), "correct horse battery")

    team.set_notification(business.business_id, other.owner_id, "notify_new_leads", False)

    assert team.notification_choices(business.business_id, other.owner_id)["notify_new_leads"] is False
    assert team.notification_choices(other.business_id, other.owner_id)["notify_new_leads"] is True


def test_notification_choice_refuses_a_person_from_another_business(business, make_business):
    other = make_business("Other Co")
    with pytest.raises(NotFound):
        team.set_notification(business.business_id, other.owner_id, "notify_new_leads", False)
    with pytest.raises(NotFound):
        team.notification_choices(business.business_id, other.owner_id)["notify_new_leads"]
    assert team.notification_choices(other.business_id, other.owner_id)["notify_new_leads"] is True


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"booking_link": "calendly.com/acme"}, "booking_link", "Enter a web address starting with https://."),
        ({"widget_color": "red"}, "widget_color", "Choose a colour such as #2563eb."),
        ({"tone": "sarcastic"}, "tone", "Choose friendly, professional or casual."),
        ({"widget_position": "top"}, "widget_position", "Choose left or right."),
        ({"booking_link": "https://" + "a" * 500}, "booking_link", "Use at most 500 characters."),
    ],
)
def test_settings_errors_speak_of_the_field_not_of_emails(business, owner, change, field, message):
    with pytest.raises(InvalidInput) as caught:
        business_settings.update(business.business_id, owner, change)
    assert caught.value.fields[field] == message


def test_ids_sent_back_by_the_pages_cannot_reach_another_business_or_person(business, owner, make_business):
    other = make_business("Other Co")
    other_owner = Actor(other.owner_id, "owner", "Otto Other")
    api_keys.create_api_key(other.business_id, "Their key")
    [their_key] = api_keys.list_api_keys(other.business_id, other_owner)
    their_invitation = team.invite(other.business_id, other_owner, "their.agent@other.test", "agent")
    their_token = sessions.start_session(other.owner_id)
    [their_session] = sessions.list_sessions(other.owner_id)

    with pytest.raises(NotFound):
        api_keys.revoke_api_key(business.business_id, their_key.id, owner)
    with pytest.raises(NotFound):
        team.revoke_invitation(business.business_id, owner, their_invitation)
    with pytest.raises(NotFound):
        sessions.revoke_session(business.owner_id, their_session.id)

    assert api_keys.list_api_keys(other.business_id, other_owner)[0].revoked_at is None
    assert [i.id for i in team.list_invitations(other.business_id, other_owner)] == [their_invitation]
    assert sessions.current_user(their_token).user_id == other.owner_id


def test_agents_cannot_manage_api_keys(business):
    from leadmachine.services.permissions import PermissionDenied

    agent = Actor(None, "agent", "Ann Agent")
    for call in (
        lambda: api_keys.create_api_key(business.business_id, "mine", agent),
        lambda: api_keys.list_api_keys(business.business_id, agent),
        lambda: api_keys.revoke_api_key(business.business_id, uuid.uuid4(), agent),
    ):
        with pytest.raises(PermissionDenied):
            call()
