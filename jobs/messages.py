"""Email delivery.

Retries (see leadmachine.queues.enqueue_email) happen only when this raises, which the
email provider does for network errors and 5xx answers.
"""

from leadmachine.providers import get_email
from leadmachine.providers.email import Email


def send_email(to: str, subject: str, text: str, html: str = "") -> str:
    return get_email().send(Email(to=to, subject=subject, text=text, html=html))
