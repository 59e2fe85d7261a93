"""`GET /healthz`: can this process reach its database and Redis?"""

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from leadmachine.db import identity_session
from leadmachine.queues import redis_connection


def _check_database() -> bool:
    try:
        with identity_session() as session:
            session.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def _check_redis() -> bool:
    try:
        return bool(redis_connection().ping())
    except Exception:
        return False


async def healthz(request: Request) -> JSONResponse:
    database = await run_in_threadpool(_check_database)
    redis_ok = await run_in_threadpool(_check_redis)
    healthy = database and redis_ok
    return JSONResponse(
        {"status": "ok" if healthy else "degraded", "database": database, "redis": redis_ok},
        status_code=200 if healthy else 503,
    )
