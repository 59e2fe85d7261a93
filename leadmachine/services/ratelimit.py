"""Fixed-window rate limits in Redis.

Fails open: if Redis is unreachable the request goes through, because losing a real
lead costs a business more than letting a burst of spam in for a minute.
"""

import redis

from leadmachine.queues import redis_connection


def retry_after(key: str, limit: int, window_seconds: int) -> int | None:
    """Count one hit; seconds to wait when `key` is over `limit`, else None."""
    bucket = f"rl:{key}"
    try:
        pipe = redis_connection().pipeline()
        pipe.set(bucket, 0, ex=window_seconds, nx=True)  # starts the window once
        pipe.incr(bucket)
        pipe.ttl(bucket)
        _, count, ttl = pipe.execute()
    except (redis.ConnectionError, redis.TimeoutError):
        return None
    if count > limit:
        return max(int(ttl), 1)
    return None


def record_failure(key: str, window_seconds: int) -> int:
    """Count a failed attempt (e.g. a wrong password); returns the count in the window."""
    bucket = f"fail:{key}"
    try:
        pipe = redis_connection().pipeline()
        pipe.set(bucket, 0, ex=window_seconds, nx=True)
        pipe.incr(bucket)
        return int(pipe.execute()[1])
    except (redis.ConnectionError, redis.TimeoutError):
        return 0


def locked_for(key: str, max_failures: int) -> int | None:
    """Seconds left on a lockout once `max_failures` were recorded, else None."""
    bucket = f"fail:{key}"
    try:
        pipe = redis_connection().pipeline()
        pipe.get(bucket)
        pipe.ttl(bucket)
        count, ttl = pipe.execute()
    except (redis.ConnectionError, redis.TimeoutError):
        return None
    if count is not None and int(count) >= max_failures:
        return max(int(ttl), 1)
    return None


def clear_failures(key: str) -> None:
    try:
        redis_connection().delete(f"fail:{key}")
    except (redis.ConnectionError, redis.TimeoutError):
        pass
