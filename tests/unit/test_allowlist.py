"""P6: personal data goes only to the listed processors (or a loopback test server)."""

import pytest

from leadmachine.providers.allowlist import check_outbound_url, is_allowed_host
from leadmachine.services.errors import ProviderRejected


@pytest.mark.parametrize(
    "url",
    [
        "https://api.anthropic.com",
        "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json",
        "https://api.resend.com/emails",
        "https://api.stripe.com/v1/customers",
        "https://eu1-example-12345.upstash.io/pipeline",
    ],
)
def test_listed_processor_hosts_are_allowed(url):
    assert check_outbound_url(url) == url


@pytest.mark.parametrize("url", ["http://127.0.0.1:8123", "http://localhost:9000/v1", "http://[::1]:7000/emails"])
def test_loopback_servers_are_allowed_for_tests_and_benchmarks(url):
    assert check_outbound_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "https://api.openai.com/v1",
        "https://api.twilio.com.attacker.test/",
        "https://attacker-upstash.io/",
        "https://10.0.0.5/emails",
        "http://api.anthropic.com",  # a processor, but not over TLS
        "ftp://127.0.0.1/",
        "not a url",
    ],
)
def test_other_hosts_are_refused(url):
    with pytest.raises(ProviderRejected):
        check_outbound_url(url)


def test_host_matching_ignores_case_and_a_trailing_dot():
    assert is_allowed_host("API.Anthropic.com.")
    assert not is_allowed_host("anthropic.com")
