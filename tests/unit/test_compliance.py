"""SMS compliance rules: opt-out keywords, quiet hours, message length."""

from datetime import datetime, timezone

import pytest

from leadmachine.services import compliance


@pytest.mark.parametrize(
    "body",
    ["STOP", "stop", " Stop ", "STOP.", "StopAll", "UNSUBSCRIBE", "cancel", "End", "QUIT", "revoke", "OPT OUT", "opt-out", "Opt out!"],
)
def test_opt_out_keywords_are_recognised_whatever_the_case_or_spacing(body):
    assert compliance.is_opt_out(body)


@pytest.mark.parametrize("body", ["please stop texting me after 5", "Don't stop", "stopping by later", "STOP IT NOW"])
def test_opt_out_must_be_the_whole_message(body):
    assert not compliance.is_opt_out(body)


def test_start_and_help_keywords():
    assert compliance.is_opt_in("start") and compliance.is_opt_in("UNSTOP")
    assert compliance.is_help("help") and not compliance.is_help("help me with my sink")


def at_utc(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, 15, hour, minute, tzinfo=timezone.utc)


def test_texts_are_allowed_between_8am_and_9pm_recipient_time():
    # +1 415: America/Los_Angeles, UTC-7 in June
    assert compliance.next_allowed_time("+14155552671", "America/New_York", at_utc(16)) is None  # 9am
    assert compliance.next_allowed_time("+14155552671", "America/New_York", at_utc(3, 59)) is None  # 8:59pm


def test_quiet_hours_hold_until_8am_recipient_time():
    held = compliance.next_allowed_time("+14155552671", "America/New_York", at_utc(5))  # 10pm in LA
    assert held == at_utc(15)  # 8am in LA
    early = compliance.next_allowed_time("+442079460958", "America/New_York", at_utc(6, 20))  # 7:20am London (BST)
    assert early == at_utc(7)


def test_ambiguous_numbers_fall_back_to_the_business_time_zone():
    zones = compliance.recipient_zones("+18005551234", "America/Chicago")
    assert [str(zone) for zone in zones] == ["America/Chicago"]


def test_replies_fit_two_segments_with_the_suffix_kept():
    suffix = "- Acme's AI assistant. Reply STOP to opt out."
    text = compliance.fit_two_segments("word " * 200, suffix)
    assert len(text) <= 306 and text.endswith(suffix)
    unicode_text = compliance.fit_two_segments("😀 emoji " * 50, suffix)
    assert len(unicode_text) <= 134 and unicode_text.endswith(suffix)
    assert compliance.fit_two_segments("Short reply.", suffix) == f"Short reply. {suffix}"


def test_typographic_punctuation_does_not_halve_the_room():
    suffix = "- Acme's AI assistant. Reply STOP to opt out."
    text = compliance.fit_two_segments("We\u2019re \u201cthrilled\u201d \u2014 see you soon\u2026 " * 12, suffix)
    assert compliance.segment_limit(text) == 306 and len(text) <= 306
    assert "\u2019" not in text and text.endswith(suffix)


def test_the_local_ai_reply_is_plain_gsm_and_fits_with_the_disclosure():
    from leadmachine.providers.ai import BusinessProfile, LocalAi, ReplyRequest

    business = BusinessProfile(name="Bright Smile Plumbing", hours="Mon-Fri 8am-6pm, Sat 9am-1pm")
    reply = LocalAi().compose_reply(ReplyRequest(business, "Ava", "My heater 🔥 is broken…"))
    suffix = "- Bright Smile Plumbing's AI assistant. Reply STOP to opt out."
    assert compliance.fit_two_segments(reply.text, suffix) == f"{reply.text} {suffix}"
    nudge = LocalAi().compose_reply(ReplyRequest(business, "Ava", ""))
    assert nudge.text.startswith("Hi Ava, just checking in")
