"""Local HTTP servers that speak the providers' wire formats, for tests and benchmarks.

Each runs in a thread on 127.0.0.1 (a loopback address, so the adapters' allow-list lets
it stand in for the provider), records every request it gets, and can be told to fail:

    with FakeTwilio(account_sid, auth_token) as twilio:
        sms = TwilioSms(account_sid, auth_token, "+15005550006", api_base=twilio.url)
        twilio.fail(400, code=21211, message="Invalid 'To' Phone Number")
        ...
        assert twilio.messages[0]["To"] == "+14155552671"

Benchmarks use the same `start()`, `url` and `stop()`, with `latency=` to stand in for
the provider's own response time.
"""

from tests.fakes.anthropic_api import FakeAnthropic
from tests.fakes.resend_api import FakeResend, sign_resend_webhook
from tests.fakes.server import FakeServer, Recorded, refusing_url
from tests.fakes.twilio_api import FakeTwilio

__all__ = ["FakeAnthropic", "FakeResend", "FakeServer", "FakeTwilio", "Recorded", "refusing_url", "sign_resend_webhook"]
