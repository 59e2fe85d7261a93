"""The account emails we send, written once, delivered by a job."""

from html import escape

from leadmachine.config import get_settings
from leadmachine.providers.email import Email
from leadmachine.queues import enqueue_email


def _email(to: str, subject: str, lines: list[str], link: str, button: str) -> Email:
    text = "\n\n".join([*lines, f"{button}: {link}", "If you did not expect this email, you can ignore it."])
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = (
        f"{paragraphs}<p><a href=\"{escape(link)}\" style=\"background:#2563eb;color:#fff;padding:10px 16px;"
        f"border-radius:6px;text-decoration:none\">{escape(button)}</a></p>"
        "<p style=\"color:#667\">If you did not expect this email, you can ignore it.</p>"
    )
    return Email(to=to, subject=subject, text=text, html=html)


def _link(path: str, token: str) -> str:
    return f"{get_settings().base_url}{path}?token={token}"


def send_verification(to: str, name: str, token: str) -> None:
    enqueue_email(
        _email(
            to,
            "Confirm your email for Lead Machine",
            [f"Hi {name},", "Confirm your email address to finish setting up your Lead Machine account."],
            _link("/verify-email", token),
            "Confirm email",
        )
    )


def send_password_reset(to: str, name: str, token: str) -> None:
    enqueue_email(
        _email(
            to,
            "Reset your Lead Machine password",
            [f"Hi {name},", "Someone asked to reset your password. The link works once, for one hour."],
            _link("/reset-password", token),
            "Choose a new password",
        )
    )


def send_email_change(to: str, name: str, token: str) -> None:
    enqueue_email(
        _email(
            to,
            "Confirm your new email for Lead Machine",
            [f"Hi {name},", "Confirm this address to make it your new sign-in email."],
            _link("/verify-email", token),
            "Confirm new email",
        )
    )


def send_invitation(to: str, business_name: str, inviter: str, role: str, token: str) -> None:
    enqueue_email(
        _email(
            to,
            f"{inviter} invited you to {business_name} on Lead Machine",
            [f"{inviter} invited you to join {business_name} on Lead Machine as {role}."],
            _link("/invite", token),
            "Accept the invitation",
        )
    )
