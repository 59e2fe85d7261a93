"""Privacy promises the walking skeleton already makes true."""

import re
import uuid

from sqlalchemy import text

from leadmachine.log import mask
from leadmachine.providers import get_sms
from leadmachine.providers.ai import AiProvider, LocalAi, ReplyRequest
from leadmachine.services.followup import send_first_reply


def test_ai_requests_carry_only_what_one_reply_needs(post_lead):
    """P21: the AI provider never receives the lead's phone, email or full name."""
    seen: list[ReplyRequest] = []

    class Recording(AiProvider):
        def compose_reply(self, request):
            seen.append(request)
            return LocalAi().compose_reply(request)

    lead_id = uuid.UUID(
        post_lead(
            {"name": "Jane Q Doe", "phone": "(415) 555-2671", "email": "jane@doe.test", "message": "Sink", "consent": True}
        ).json()["lead_id"]
    )
    send_first_reply(lead_id, Recording(), get_sms())
    [request] = seen
    flat = repr(request)
    assert "555" not in flat and "2671" not in flat and "jane@doe.test" not in flat and "Doe" not in flat
    assert request.lead_first_name == "Jane" and request.lead_message == "Sink"


def test_no_table_has_a_card_number_column(admin_engine):
    """P2: card data is Stripe's alone; nothing in our schema could hold it."""
    with admin_engine.connect() as connection:
        columns = connection.execute(
            text("SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'")
        ).scalars().all()
    assert not [c for c in columns if re.search(r"card|pan\b|cvv|cvc|expiry", c)]


def test_logs_mask_phone_numbers_and_emails():
    line = mask("lead +14155552671 jane.doe@example.com (415) 555-2671")
    assert "4155552671" not in line and "jane.doe@" not in line and "555-2671" not in line
    assert "example.com" in line
