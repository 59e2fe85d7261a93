"""The prompt behind an AI reply: the business's facts, the rules, nothing more."""

from leadmachine.providers.ai import BusinessProfile, ReplyRequest
from leadmachine.services.prompts import HANDOFF, MAX_REPLY_CHARS, build_prompt, is_handoff, redact_contact_details

PROFILE = BusinessProfile(
    name="Acme Plumbing",
    description="Family-run plumbers since 1998.",
    services="Leaks, drains, water heaters",
    service_area="San Francisco and Daly City",
    hours="Mon-Fri 8am-6pm",
    booking_link="https://cal.example/acme",
    tone="warm",
    faq=(
        "Q: Call-out fee? A: $89, waived if we do the job. "
        "Q: Weekends? A: Emergencies only; call (415) 555-0100 or email office@acme.test."
    ),
)


def request(message="My sink is leaking", conversation=()):
    return ReplyRequest(business=PROFILE, lead_first_name="Jane", lead_message=message, conversation=conversation)


def everything_sent(system: str, messages: list[dict]) -> str:
    return system + "\n" + "\n".join(m["content"] for m in messages)


def test_prompt_carries_no_phone_number_or_email():
    system, messages = build_prompt(
        request(
            "Call me on +1 415-555-2671 or 415.555.2671, or write to jane.doe@example.com",
            conversation=(("lead", "I'm Jane, 4155552671"), ("business", "Thanks Jane! What's the address?")),
        )
    )
    sent = everything_sent(system, messages)
    for detail in ("555-2671", "555.2671", "4155552671", "jane.doe", "example.com", "555-0100", "office@acme.test"):
        assert detail not in sent
    assert "[phone removed]" in sent and "[email removed]" in sent


def test_prompt_includes_the_profile_and_faq():
    system, _ = build_prompt(request())
    for fact in ("Acme Plumbing", "Leaks, drains, water heaters", "San Francisco and Daly City", "Mon-Fri 8am-6pm",
                 "https://cal.example/acme", "Call-out fee? A: $89, waived if we do the job", "warm"):
        assert fact in system
    assert "Jane" in system


def test_prompt_states_the_guardrails():
    system, _ = build_prompt(request())
    assert f"at most {MAX_REPLY_CHARS} characters of plain text" in system
    assert "Never quote a price" in system and "not written there" in system
    assert "Never claim or suggest that you are a human" in system
    assert f"reply with exactly {HANDOFF}" in system and "asks for a person" in system
    assert "Do not write phone numbers or email addresses" in system


def test_disclosure_is_not_the_models_job():
    """The sender appends the AI disclosure and opt-out line; asking the model too would double it."""
    system, _ = build_prompt(request())
    assert "STOP" not in system and "AI assistant" not in system
    assert "Do not add a disclosure or opt-out instructions" in system


def test_redaction_keeps_prices_hours_dates_and_links():
    text = "Call-out $89, $1,250 for a heater, Mon-Fri 8am-6pm, ZIP 94110, on 2026-11-27, see https://cal.example/acme"
    assert redact_contact_details(text) == text


def test_conversation_becomes_alternating_turns_ending_with_the_lead():
    _, messages = build_prompt(
        request(
            "Tomorrow works",
            conversation=(("lead", "Sink leaking"), ("lead", "Under the cabinet"), ("business", "Can we come tomorrow?")),
        )
    )
    assert messages == [
        {"role": "user", "content": "Sink leaking\n\nUnder the cabinet"},
        {"role": "assistant", "content": "Can we come tomorrow?"},
        {"role": "user", "content": "Tomorrow works"},
    ]


def test_a_nudge_without_a_new_message_still_asks_for_one_reply():
    _, messages = build_prompt(request("", conversation=(("lead", "Sink leaking"), ("business", "Can we come tomorrow?"))))
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert "not replied" in messages[-1]["content"]


def test_a_conversation_the_business_started_still_opens_with_a_user_turn():
    _, messages = build_prompt(request("Yes please", conversation=(("business", "Still need a plumber?"),)))
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]


def test_handoff_token_is_recognised_only_on_its_own():
    assert is_handoff("HANDOFF") and is_handoff(" handoff. ")
    assert not is_handoff("I'll HANDOFF this to the team")
