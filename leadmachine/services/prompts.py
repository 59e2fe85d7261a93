"""The prompt behind an AI reply: the business's own facts, the rules, the conversation.

Pure: the same request always gives the same prompt, so it is unit-tested without a
model. Only what one reply needs goes in (privacy policy section 7): the profile, the
lead's first name and the messages, with any phone number or email address in them
replaced by a placeholder. The AI disclosure and opt-out line are not the model's job:
the sender appends them, so they are always there and always worded the same.
"""

import re

from leadmachine.providers.ai import ReplyRequest

HANDOFF = "HANDOFF"
MAX_REPLY_CHARS = 300
NO_REPLY_YET = "(The customer has not replied yet. Write one short, friendly follow-up.)"

_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven to fifteen digits, with the spaces, dots, dashes and brackets people type between
# them; an ISO date (2026-11-27) is not a phone number.
_PHONE = re.compile(r"(?<![\w])(?!\d{4}-\d{2}-\d{2}(?![\w-]))\+?\(?\d(?:[\s().-]{0,2}\d){6,14}(?![\w])")
_ROLES = {"lead": "user", "business": "assistant"}


def redact_contact_details(text: str) -> str:
    return _PHONE.sub("[phone removed]", _EMAIL.sub("[email removed]", text))


def is_handoff(text: str) -> bool:
    """The model's way of saying a person should answer this one."""
    return text.strip().strip(".").upper() == HANDOFF


def build_prompt(request: ReplyRequest) -> tuple[str, list[dict[str, str]]]:
    """Returns (system prompt, messages) in the shape the Anthropic Messages API takes."""
    return _system(request), _messages(request)


def _system(request: ReplyRequest) -> str:
    business = request.business
    facts = [
        ("Business", business.name),
        ("About", business.description),
        ("Services", business.services),
        ("Service area", business.service_area),
        ("Hours", business.hours),
        ("Booking link", business.booking_link),
        ("FAQ", business.faq),
    ]
    profile = "\n".join(f"{label}: {redact_contact_details(value.strip())}" for label, value in facts if value.strip())
    first_name = request.lead_first_name.strip()
    customer = f"The customer's first name is {first_name}.\n" if first_name else ""
    return (
        f"You write the next text message (SMS) from {business.name} to a customer who contacted "
        "them through their website. The customer's messages are the user turns; the business's "
        "earlier texts are the assistant turns.\n\n"
        f"What the business has told you, the only facts you may use:\n{profile}\n\n"
        f"{customer}"
        f"Tone: {business.tone.strip() or 'friendly'}, brief and helpful.\n\n"
        "Rules:\n"
        f"1. Write one reply of at most {MAX_REPLY_CHARS} characters of plain text: no markdown, "
        "no lists, no signature.\n"
        "2. Use only the facts above. Never quote a price, discount, time slot, guarantee or other "
        "promise that is not written there; if asked, say the team will confirm.\n"
        "3. Never claim or suggest that you are a human.\n"
        "4. If the customer asks for a person, or you are not sure how to answer correctly, reply "
        f"with exactly {HANDOFF} and nothing else.\n"
        "5. Do not write phone numbers or email addresses, and do not ask for them: the business "
        "already has the customer's contact details.\n"
        "6. Do not add a disclosure or opt-out instructions: they are appended automatically."
    )


def _messages(request: ReplyRequest) -> list[dict[str, str]]:
    turns = [(_ROLES[role], text) for role, text in request.conversation]
    if request.lead_message.strip():
        turns.append(("user", request.lead_message))
    messages: list[dict[str, str]] = []
    for role, text in turns:
        text = redact_contact_details(text.strip())
        if not text:
            continue
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"] += "\n\n" + text
        else:
            messages.append({"role": role, "content": text})
    if not messages:
        return [{"role": "user", "content": NO_REPLY_YET}]
    if messages[0]["role"] != "user":
        messages.insert(0, {"role": "user", "content": "(The business wrote first.)"})
    if messages[-1]["role"] != "user":
        messages.append({"role": "user", "content": NO_REPLY_YET})
    return messages
