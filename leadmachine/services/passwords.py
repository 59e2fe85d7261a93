"""Password hashing and the strength rule."""

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 10
_COMMON = {
    "password", "password1", "password123", "1234567890", "qwertyuiop", "iloveyou12",
    "letmein123", "welcome123", "admin12345", "passw0rd12", "0123456789", "abcdefghij",
}
# Verified against when an email is unknown, so a miss costs as long as a hit.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str, email: str = "") -> str | None:
    """Why a password is too weak, in words a person can act on; None if it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > 256:
        return "Use at most 256 characters."
    if password.lower() in _COMMON or len(set(password)) < 4:
        return "That password is too easy to guess."
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in password.lower():
        return "Don't include your email address in your password."
    return None
