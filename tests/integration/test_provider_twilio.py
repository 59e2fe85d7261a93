"""The Twilio adapter, on the real SDK, against a local server speaking the Messages API;
and webhook signatures checked against ones Twilio's own validator computes."""

import uuid
from urllib.parse import parse_qsl, urlencode

import pytest
from twilio.request_validator import RequestValidator

from leadmachine.providers.sms import SmsRequest, TwilioSms, _routed_http_client, verify_twilio_signature
from leadmachine.services.errors import ProviderRejected, ProviderUnavailable
from tests.fakes import FakeTwilio, refusing_url

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "twilio-test-auth-token"
FROM = "+15005550006"
TO = "+14155552671"
CALLBACK = "https://app.leadmachine.test/webhooks/twilio/status"


@pytest.fixture
def twilio_api():
    with FakeTwilio(SID, TOKEN) as server:
        yield server


def adapter(url: str, token: str = TOKEN, timeout: float = 5.0) -> TwilioSms:
    return TwilioSms(account_sid=SID, auth_token=token, from_number=FROM, api_base=url, timeout=timeout)


def text(body: str = "Hi Jane, thanks for contacting Acme!", callback: str | None = CALLBACK) -> SmsRequest:
    return SmsRequest(uuid.uuid4(), TO, body, f"test:{uuid.uuid4()}", status_callback=callback)


def test_send_posts_the_text_and_returns_twilios_sid(twilio_api):
    result = adapter(twilio_api.url).send(text())
    assert result.provider_id.startswith("SM") and len(result.provider_id) == 34
    assert result.status == "queued"
    [request] = twilio_api.requests
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request.form() == {"To": TO, "From": FROM, "Body": "Hi Jane, thanks for contacting Acme!", "StatusCallback": CALLBACK}


def test_send_without_a_status_callback_leaves_it_out(twilio_api):
    adapter(twilio_api.url).send(text(callback=None))
    assert "StatusCallback" not in twilio_api.messages[0]


@pytest.mark.parametrize(
    "code, message",
    [
        (21610, "Attempt to send to unsubscribed recipient"),
        (21211, "Invalid 'To' Phone Number: +1415555267"),
        (21614, "'To' number is not a valid mobile number"),
    ],
)
def test_a_4xx_is_rejected_with_twilios_error_code(twilio_api, code, message):
    twilio_api.fail(400, code=code, message=message)
    with pytest.raises(ProviderRejected) as rejected:
        adapter(twilio_api.url).send(text())
    assert rejected.value.code == code
    assert str(rejected.value) == message  # readable in the inbox, without the SDK's prefix or colours


def test_problem_details_errors_map_the_same_way(twilio_api):
    twilio_api.fail(400, code=21211, message="Invalid 'To' Phone Number", problem=True)
    with pytest.raises(ProviderRejected, match="Invalid 'To' Phone Number") as rejected:
        adapter(twilio_api.url).send(text())
    assert rejected.value.code == 21211
    twilio_api.fail(503, code=20503, message="Service Unavailable", problem=True)
    with pytest.raises(ProviderUnavailable):
        adapter(twilio_api.url).send(text())


def test_wrong_credentials_are_rejected(twilio_api):
    with pytest.raises(ProviderRejected) as rejected:
        adapter(twilio_api.url, token="not-the-token").send(text())
    assert rejected.value.code == 20003


@pytest.mark.parametrize("status", [500, 503, 429])
def test_server_errors_and_rate_limits_are_unavailable(twilio_api, status):
    twilio_api.fail(status, code=20500 if status != 429 else 20429, message="Internal Server Error")
    with pytest.raises(ProviderUnavailable):
        adapter(twilio_api.url).send(text())


def test_a_timeout_is_unavailable(twilio_api):
    twilio_api.stall(3)
    with pytest.raises(ProviderUnavailable):
        adapter(twilio_api.url, timeout=0.3).send(text())


def test_a_refused_connection_is_unavailable():
    with refusing_url() as url, pytest.raises(ProviderUnavailable):
        adapter(url).send(text())


def test_an_unlisted_api_base_is_refused_before_anything_is_sent():
    """P6: the adapter will not be pointed at a host outside the allow-list."""
    with pytest.raises(ProviderRejected, match="not a listed processor"):
        adapter("https://sms-relay.example.net")


def test_every_request_is_checked_against_the_allow_list():
    """P6: even a URL the SDK builds itself cannot leave for an unlisted host."""
    client = _routed_http_client(None, timeout=1)
    with pytest.raises(ProviderRejected):
        client.request("POST", "https://messaging.example.org/v1/Services", data={"To": TO})


def signed(url: str, params: dict[str, str], token: str = TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


INBOUND = {"MessageSid": "SM" + "a" * 32, "From": TO, "To": FROM, "Body": "STOP", "MediaUrl0": "", "NumMedia": "0"}
INBOUND_URL = "https://app.leadmachine.test/webhooks/twilio/inbound"


def test_a_genuine_twilio_signature_verifies():
    assert verify_twilio_signature(INBOUND_URL, INBOUND, signed(INBOUND_URL, INBOUND), auth_token=TOKEN)


def test_a_tampered_form_or_url_does_not_verify():
    signature = signed(INBOUND_URL, INBOUND)
    assert not verify_twilio_signature(INBOUND_URL, {**INBOUND, "Body": "START"}, signature, auth_token=TOKEN)
    assert not verify_twilio_signature(INBOUND_URL + "?x=1", INBOUND, signature, auth_token=TOKEN)
    assert not verify_twilio_signature(INBOUND_URL, INBOUND, signed(INBOUND_URL, INBOUND, "other"), auth_token=TOKEN)
    assert not verify_twilio_signature(INBOUND_URL, INBOUND, "", auth_token=TOKEN)


def test_blank_form_fields_count_so_forms_are_parsed_keeping_them():
    body = urlencode(INBOUND)
    signature = signed(INBOUND_URL, INBOUND)
    assert verify_twilio_signature(INBOUND_URL, dict(parse_qsl(body, keep_blank_values=True)), signature, auth_token=TOKEN)
    assert not verify_twilio_signature(INBOUND_URL, dict(parse_qsl(body)), signature, auth_token=TOKEN)


def test_the_signature_covers_the_query_string_and_reads_the_token_from_settings(monkeypatch):
    from leadmachine.config import get_settings

    url = INBOUND_URL + "?business=acme"
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    get_settings.cache_clear()
    try:
        assert verify_twilio_signature(url, INBOUND, signed(url, INBOUND))
    finally:
        monkeypatch.delenv("TWILIO_AUTH_TOKEN")
        get_settings.cache_clear()
    assert not verify_twilio_signature(url, INBOUND, signed(url, INBOUND))  # no token: nothing verifies
