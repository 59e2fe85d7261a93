"""The dev mailbox: what the local email adapter kept, readable outside production only."""

import pytest

from leadmachine.config import get_settings
from leadmachine.providers.email import Email, LocalEmail
from leadmachine.services import accounts, dev_mailbox

SIGN_UP = {
    "business_name": "Bright Dental",
    "owner_name": "Dr Bright",
    "email": "dr.bright@example.com",
    "phone": "(415) 555-0142",
    "password": "a long and careful passphrase",
}


def test_sign_up_verification_email_is_listed_with_its_link(run_jobs):
    accounts.sign_up(dict(SIGN_UP))
    run_jobs()

    [mail] = dev_mailbox.list_emails()

    assert (mail.to, mail.subject) == ("dr.bright@example.com", "Confirm your email for Lead Machine")
    assert f"{get_settings().base_url}/verify-email?token=" in mail.text


def test_emails_are_listed_newest_first_up_to_the_limit():
    for n in range(1, 5):
        LocalEmail().send(Email(to=f"person{n}@example.com", subject=f"Email {n}", text="Hello"))

    assert [mail.subject for mail in dev_mailbox.list_emails(limit=3)] == ["Email 4", "Email 3", "Email 2"]
    assert len(dev_mailbox.list_emails(limit=0)) == 1  # clamped to at least one


def test_an_empty_mailbox_is_an_empty_list():
    assert dev_mailbox.list_emails() == []


def test_production_refuses_to_show_the_mailbox(monkeypatch):
    LocalEmail().send(Email(to="person@example.com", subject="Reset link", text="https://example.test/reset"))
    monkeypatch.setenv("LEADMACHINE_ENV", "production")
    get_settings.cache_clear()
    try:
        with pytest.raises(dev_mailbox.MailboxUnavailable, match="only for development"):
            dev_mailbox.list_emails()
    finally:
        get_settings.cache_clear()
