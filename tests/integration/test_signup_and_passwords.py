"""Sign-up, email verification, lockout, password reset and change, two-factor."""

import pyotp
import pytest
from sqlmodel import select

from leadmachine.db import identity_session
from leadmachine.models import User
from leadmachine.services import accounts, sessions, twofactor, twofactor_login
from leadmachine.services.errors import AuthenticationFailed, DomainError, InvalidInput

PASSWORD = "a long and careful passphrase"
FORM = {
    "business_name": "Bright Dental",
    "owner_name": "Dr Bright",
    "email": "Dr.Bright@Example.com",
    "phone": "(415) 555-0142",
    "password": PASSWORD,
}


def signed_up() -> accounts.SignedUp:
    return accounts.sign_up(dict(FORM))


def verified(mailbox) -> accounts.SignedUp:
    result = signed_up()
    accounts.verify_email(mailbox("dr.bright@example.com", "/verify-email"))
    return result


def test_sign_up_creates_an_unverified_owner_and_emails_a_link(mailbox):
    result = signed_up()
    with identity_session() as session:
        user = session.get(User, result.user_id)
    assert (user.email, user.phone, user.email_verified_at) == ("dr.bright@example.com", "+14155550142", None)
    token = mailbox("dr.bright@example.com", "/verify-email")
    with pytest.raises(accounts.EmailNotVerified):
        accounts.authenticate("dr.bright@example.com", PASSWORD)
    assert accounts.verify_email(token) == result.user_id
    assert accounts.authenticate("dr.bright@example.com", PASSWORD) == result.user_id


def test_verification_links_work_once(mailbox):
    signed_up()
    token = mailbox("dr.bright@example.com", "/verify-email")
    accounts.verify_email(token)
    with pytest.raises(DomainError, match="invalid or has expired"):
        accounts.verify_email(token)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"password": "dr.bright-is-great"}, "password"),
        ({"email": "not an email"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"business_name": ""}, "business_name"),
    ],
)
def test_sign_up_explains_each_bad_field(change, field):
    with pytest.raises(InvalidInput) as caught:
        accounts.sign_up({**FORM, **change})
    assert field in caught.value.fields


def test_sign_up_refuses_an_email_already_registered():
    signed_up()
    with pytest.raises(InvalidInput) as caught:
        accounts.sign_up({**FORM, "business_name": "Second"})
    assert "already exists" in caught.value.fields["email"]


def test_repeated_failures_lock_the_account_even_for_unknown_emails(mailbox):
    verified(mailbox)
    for email in ("dr.bright@example.com", "ghost@example.com"):
        for _ in range(accounts.MAX_FAILURES):
            with pytest.raises(AuthenticationFailed) as caught:
                accounts.authenticate(email, "wrong password")
            assert str(caught.value) == accounts.BAD_CREDENTIALS
        with pytest.raises(accounts.LockedOut, match="Try again in 15 minutes"):
            accounts.authenticate(email, PASSWORD if "bright" in email else "x")


def test_sign_in_is_throttled_per_ip(mailbox, monkeypatch):
    verified(mailbox)
    monkeypatch.setattr(accounts, "LOGIN_ATTEMPTS_PER_IP", 3)
    for _ in range(3):
        accounts.authenticate("dr.bright@example.com", PASSWORD, ip="198.51.100.7")
    with pytest.raises(accounts.LockedOut, match="your network"):
        accounts.authenticate("dr.bright@example.com", PASSWORD, ip="198.51.100.7")


def test_password_reset_is_single_use_and_ends_every_session(mailbox):
    result = verified(mailbox)
    token_a = sessions.start_session(result.user_id)
    accounts.request_password_reset("DR.BRIGHT@example.com")
    accounts.request_password_reset("nobody@example.com")  # silent for unknown emails
    link = mailbox("dr.bright@example.com", "/reset-password")
    with pytest.raises(InvalidInput):
        accounts.reset_password(link, "short")
    accounts.reset_password(link, "a brand new passphrase")
    assert sessions.current_user(token_a) is None
    assert accounts.authenticate("dr.bright@example.com", "a brand new passphrase") == result.user_id
    with pytest.raises(DomainError):
        accounts.reset_password(link, "yet another passphrase")


def test_changing_password_needs_the_current_one_and_ends_other_sessions(mailbox):
    result = verified(mailbox)
    keep, other = sessions.start_session(result.user_id), sessions.start_session(result.user_id)
    me = sessions.current_user(keep)
    with pytest.raises(InvalidInput):
        accounts.change_password(result.user_id, "wrong", "a brand new passphrase", me.session_id)
    accounts.change_password(result.user_id, PASSWORD, "a brand new passphrase", me.session_id)
    assert sessions.current_user(keep) is not None
    assert sessions.current_user(other) is None


def test_email_change_takes_effect_only_after_confirmation(mailbox):
    result = verified(mailbox)
    accounts.request_email_change(result.user_id, PASSWORD, "New@Example.com")
    assert accounts.authenticate("dr.bright@example.com", PASSWORD) == result.user_id
    accounts.verify_email(mailbox("new@example.com", "/verify-email"))
    assert accounts.authenticate("new@example.com", PASSWORD) == result.user_id


def test_log_out_everywhere_and_revoke_one_session(mailbox):
    result = verified(mailbox)
    tokens = [sessions.start_session(result.user_id, "203.0.113.5", "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0") for _ in range(3)]
    listed = sessions.list_sessions(result.user_id)
    assert len(listed) == 3 and listed[0].browser == "Chrome"
    sessions.revoke_session(result.user_id, listed[0].id)
    assert len(sessions.list_sessions(result.user_id)) == 2
    keep = sessions.current_user(tokens[0]) or sessions.current_user(tokens[1])
    assert sessions.end_all_sessions(result.user_id, keep=keep.session_id) == 1
    assert [s.id for s in sessions.list_sessions(result.user_id)] == [keep.session_id]


def test_two_factor_adds_a_code_step_and_recovery_codes_work_once(mailbox):
    result = verified(mailbox)
    enrolment = twofactor.start_enrolment(result.user_id)
    with pytest.raises(InvalidInput):
        twofactor.confirm_enrolment(result.user_id, "000000")
    codes = twofactor.confirm_enrolment(result.user_id, pyotp.TOTP(enrolment.secret).now())
    assert len(codes) == twofactor.RECOVERY_CODES

    with pytest.raises(accounts.SecondFactorRequired) as caught:
        accounts.authenticate("dr.bright@example.com", PASSWORD)
    pending = twofactor_login.start(caught.value.user_id)
    with pytest.raises(AuthenticationFailed):
        twofactor_login.finish(pending, "123456")
    assert twofactor_login.finish(pending, pyotp.TOTP(enrolment.secret).now()) == result.user_id
    with pytest.raises(twofactor_login.PendingExpired):
        twofactor_login.finish(pending, pyotp.TOTP(enrolment.secret).now())

    assert twofactor.verify(result.user_id, codes[0])
    assert not twofactor.verify(result.user_id, codes[0])
    twofactor.disable(result.user_id, PASSWORD)
    assert accounts.authenticate("dr.bright@example.com", PASSWORD) == result.user_id


def test_reset_links_are_limited_per_address(mailbox, run_jobs):
    from sqlmodel import select as query

    from leadmachine.models import DevEmail

    verified(mailbox)
    for _ in range(accounts.RESETS_PER_HOUR + 2):
        accounts.request_password_reset("dr.bright@example.com")
    run_jobs()
    with identity_session() as session:
        resets = session.exec(query(DevEmail).where(DevEmail.subject.contains("Reset"))).all()
    assert len(resets) == accounts.RESETS_PER_HOUR


def test_a_totp_code_works_once(mailbox):
    result = verified(mailbox)
    enrolment = twofactor.start_enrolment(result.user_id)
    twofactor.confirm_enrolment(result.user_id, pyotp.TOTP(enrolment.secret).now())
    code = pyotp.TOTP(enrolment.secret).now()
    assert twofactor.verify(result.user_id, code)
    assert not twofactor.verify(result.user_id, code)
