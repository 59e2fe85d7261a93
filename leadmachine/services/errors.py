"""Named domain errors that entry points turn into clear messages."""


class DomainError(Exception):
    """Base for errors a user can act on; the message is safe to show."""


class NotFound(DomainError):
    pass


class InvalidInput(DomainError):
    """Carries one readable message per bad field."""

    def __init__(self, fields: dict[str, str], message: str = "Please correct the highlighted fields."):
        super().__init__(message)
        self.fields = fields


class AuthenticationFailed(DomainError):
    pass


class ProviderUnavailable(Exception):
    """A provider could not be reached or answered 5xx: worth retrying later."""


class ProviderRejected(Exception):
    """A provider refused the request for good (invalid number, bad key): do not retry.

    `code` is the provider's own error code when it gave one (Twilio: 21610 the number
    unsubscribed, 21211 an invalid number), so callers can act on it; the message is
    readable enough to show the owner.
    """

    def __init__(self, message: str = "", code: int | str | None = None):
        super().__init__(message)
        self.code = code
