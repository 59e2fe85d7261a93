from leadmachine.services.errors import InvalidInput
from leadmachine.services.leads import CONSENT_REQUIRED, consent_text, parse_submission
from leadmachine.services.validation import strip_control_chars, to_e164

import pytest


def valid(**overrides):
    return {"name": "Jane Doe", "phone": "(415) 555-2671", "message": "Leaky sink", "consent": True, **overrides}


def errors_for(payload, region="US") -> dict:
    with pytest.raises(InvalidInput) as caught:
        parse_submission(payload, region)
    return caught.value.fields


def test_phone_is_parsed_to_e164_with_the_business_region():
    assert to_e164("(415) 555-2671", "US") == "+14155552671"
    assert to_e164("020 7946 0958", "GB") == "+442079460958"
    assert to_e164("+44 20 7946 0958", "US") == "+442079460958"


def test_impossible_phone_numbers_are_refused():
    for raw in ("123", "not a phone", "+1 000 000 0000", ""):
        assert to_e164(raw, "US") is None


def test_valid_submission_returns_clean_values():
    submission, phone = parse_submission(valid(name="  Jane Doe  ", utm={"utm_source": "google"}), "US")
    assert submission.name == "Jane Doe"
    assert phone == "+14155552671"
    assert submission.utm == {"utm_source": "google"}


def test_every_bad_field_is_listed_at_once():
    fields = errors_for({"name": "", "phone": "12", "message": "", "consent": False})
    assert set(fields) == {"name", "phone", "message", "consent"}
    assert fields["consent"] == CONSENT_REQUIRED


def test_missing_fields_are_required():
    fields = errors_for({})
    assert fields == {
        "name": "This field is required.",
        "phone": "This field is required.",
        "message": "This field is required.",
        "consent": CONSENT_REQUIRED,
    }


def test_wrong_types_are_refused_not_coerced():
    fields = errors_for(valid(name=12, consent="true", message=["a"]))
    assert set(fields) == {"name", "consent", "message"}


def test_lengths_are_bounded_with_readable_messages():
    fields = errors_for(valid(name="x" * 101, message="y" * 2001))
    assert fields["name"] == "Use at most 100 characters."
    assert fields["message"] == "Use at most 2000 characters."


def test_body_must_be_an_object():
    assert errors_for(["not", "an", "object"]) == {"body": "Send a JSON object."}


def test_control_characters_and_nul_bytes_are_removed():
    assert strip_control_chars("a\x00b\x07c\nd\te") == "abc\nd\te"
    submission, _ = parse_submission(valid(message="hello\x00 there"), "US")
    assert submission.message == "hello there"


def test_a_name_of_only_control_characters_is_empty():
    assert "name" in errors_for(valid(name="\x00\x01"))


def test_email_is_optional_but_checked():
    assert parse_submission(valid(email=""), "US")[0].email == ""
    assert "email" in errors_for(valid(email="not-an-email"))


def test_consent_text_names_the_business_and_says_not_a_condition_of_purchase():
    text = consent_text("Acme Plumbing")
    assert "Acme Plumbing" in text
    assert "not a condition of purchase" in text
    assert "STOP" in text
