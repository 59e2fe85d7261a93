"""Sign-in, sessions and API keys."""

from datetime import timedelta

import pytest
from sqlmodel import select

from leadmachine.api.auth import SESSION_COOKIE
from leadmachine.db import identity_session, tenant_session
from leadmachine.models import ApiKey, User, UserSession
from leadmachine.models.base import utcnow
from leadmachine.services import accounts, api_keys, sessions
from leadmachine.services.permissions import Actor
from leadmachine.services.tokens import digest
from leadmachine.services.errors import AuthenticationFailed

PASSWORD = "correct horse battery"


def owner_email(business) -> str:
    with identity_session(business.owner_id) as session:
        return session.get(User, business.owner_id).email


def test_passwords_are_stored_as_argon2id_hashes(business):
    with identity_session() as session:
        user = session.get(User, business.owner_id)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_login_with_right_password_starts_a_session_stored_hashed(business):
    user_id = accounts.authenticate(owner_email(business).upper(), PASSWORD)
    token = sessions.start_session(user_id, "203.0.113.9", "pytest")
    with identity_session() as session:
        stored = session.exec(select(UserSession)).one()
    assert stored.token_hash == digest(token) and token not in stored.token_hash
    me = sessions.current_user(token)
    assert (me.user_id, me.business_id, me.role, me.business_name) == (
        business.owner_id, business.business_id, "owner", "Acme Plumbing",
    )


@pytest.mark.parametrize("email, password", [("nobody@x.test", PASSWORD), (None, "wrong password")])
def test_login_failures_share_one_message(business, email, password):
    with pytest.raises(AuthenticationFailed, match="don't match"):
        accounts.authenticate(email or owner_email(business), password)


def test_logout_revokes_the_session(business):
    token = sessions.start_session(business.owner_id)
    sessions.end_session(token)
    assert sessions.current_user(token) is None


def test_expired_and_idle_sessions_are_refused(business):
    expired = sessions.start_session(business.owner_id)
    idle = sessions.start_session(business.owner_id)
    with identity_session() as session:
        for row in session.exec(select(UserSession)).all():
            if row.token_hash == digest(expired):
                row.expires_at = utcnow() - timedelta(seconds=1)
            else:
                row.last_seen_at = utcnow() - timedelta(days=8)
            session.add(row)
        session.commit()
    assert sessions.current_user(expired) is None
    assert sessions.current_user(idle) is None
    assert sessions.current_user("forged-token") is None


def test_api_keys_are_shown_once_stored_hashed_scoped_and_revocable(business, make_business):
    key = api_keys.create_api_key(business.business_id, "Zapier")
    other = make_business("Other Co")
    with tenant_session(business.business_id) as session:
        stored = session.exec(select(ApiKey)).one()
    assert key.startswith(api_keys.API_KEY_PREFIX) and stored.key_hash == digest(key)
    assert stored.prefix == key[:12]
    assert api_keys.caller_for_api_key(key).business_id == business.business_id
    assert api_keys.caller_for_api_key(key).business_id != other.business_id
    assert api_keys.caller_for_api_key(key + "x") is None
    api_keys.revoke_api_key(business.business_id, stored.id, Actor(business.owner_id, "owner", "Olive"))
    assert api_keys.caller_for_api_key(key) is None


def test_form_login_sets_an_httponly_cookie_and_logout_clears_it(client, business):
    response = client.post(
        "/auth/login", data={"email": owner_email(business), "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/inbox"
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = response.cookies[SESSION_COOKIE]
    assert sessions.current_user(token).user_id == business.owner_id

    out = client.post("/auth/logout", follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert sessions.current_user(token) is None


def test_form_login_failure_redirects_back_with_an_error(client, business):
    response = client.post("/auth/login", data={"email": "a@b.test", "password": "nope"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?error=invalid"  # the email stays out of URLs and logs
    assert SESSION_COOKIE not in response.cookies
    assert response.cookies["lm_login_email"].strip('"') == "a@b.test"
    assert "HttpOnly" in response.headers["set-cookie"]


def test_cross_site_login_posts_are_refused(client, business):
    response = client.post(
        "/auth/login",
        data={"email": owner_email(business), "password": PASSWORD},
        headers={"Origin": "https://evil.test"},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_production_session_cookies_are_secure(client, business, monkeypatch):
    from leadmachine.config import get_settings

    monkeypatch.setenv("LEADMACHINE_ENV", "production")
    get_settings.cache_clear()
    try:
        response = client.post(
            "/auth/login",
            data={"email": owner_email(business), "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https"},
            follow_redirects=False,
        )
    finally:
        get_settings.cache_clear()
    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"] and "HttpOnly" in response.headers["set-cookie"]
