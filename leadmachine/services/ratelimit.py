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
