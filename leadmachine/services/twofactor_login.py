"""The step between a correct password and a session when two-factor is on.

The pending sign-in lives in Redis for five minutes under a random token's digest;
wrong codes count toward the same lockout as wrong passwords.
"""

import uuid

from leadmachine.queues import redis_connection
from leadmachine.services import ratelimit, twofactor
from leadmachine.services.accounts import LOCKOUT_SECONDS, MAX_FAILURES, LockedOut
from leadmachine.services.errors import AuthenticationFailed, DomainError
from leadmachine.services.tokens import digest, new_secret

PENDING_SECONDS = 300


class PendingExpired(DomainError):
    pass


def start(user_id: uuid.UUID) -> str:
    token = new_secret()
    redis_connection().set(f"2fa:{digest(token)}", str(user_id), ex=PENDING_SECONDS)
    return token


def finish(token: str, code: str) -> uuid.UUID:
    key = f"2fa:{digest(token or '')}"
    user_id = redis_connection().get(key)
    if user_id is None:
        raise PendingExpired("Your sign-in expired. Enter your password again.")
    user_id = uuid.UUID(user_id.decode())
    lock_key = f"2fa-user:{user_id}"
    if ratelimit.locked_for(lock_key, MAX_FAILURES):
        redis_connection().delete(key)
        raise LockedOut("Too many wrong codes. Try again in 15 minutes.")
    if not twofactor.verify(user_id, code):
        ratelimit.record_failure(lock_key, LOCKOUT_SECONDS)
        raise AuthenticationFailed("That code is not right.")
    redis_connection().delete(key)
    ratelimit.clear_failures(lock_key)
    return user_id
