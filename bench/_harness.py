"""Setup shared by the benchmarks: their own database, Redis and HTTP API, torn down after.

With `DATABASE_URL` / `REDIS_URL` set, the benchmarks use those servers but their own
database (`leadmachine_bench`, recreated each run) and their own Redis database (15,
emptied each run). Unset, they start embedded servers under `var/bench/`. Either way a
run never touches dev or test data, and every process it starts is stopped on exit,
error, Ctrl-C or SIGTERM.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import redis
from rq import Worker
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leadmachine import embedded, migrate  # noqa: E402
from leadmachine.config import PROJECT_ROOT, get_settings  # noqa: E402
from leadmachine.launcher import child_environment, spawn, stop, wait_until_ready  # noqa: E402

BENCH_DATABASE = "leadmachine_bench"
BENCH_REDIS_DB = 15
BENCH_VAR = PROJECT_ROOT / "var" / "bench"
START_TIMEOUT_SECONDS = 60
# High enough that the widget rate limiter never refuses a benchmark lead.
UNLIMITED = "1000000"
# Without this, a run in the evening (the recipients' time) measures texts held until 8am.
NO_QUIET_HOURS = "none"


@dataclass(frozen=True)
class Bench:
    base_url: str
    database_url: str
    redis_url: str
    business_id: uuid.UUID
    widget_key: str
    log_dir: Path
    processes: dict[str, subprocess.Popen]


@contextmanager
def running_app(worker: bool) -> Iterator[Bench]:
    """A migrated bench database with one business, the HTTP API and optionally one worker."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    log_dir = BENCH_VAR / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    processes: dict[str, subprocess.Popen] = {}
    with ExitStack() as stack:
        database_url = _fresh_database(stack)
        redis_url = _fresh_redis(stack)
        os.environ.update(
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            LEADMACHINE_VAR_DIR=str(BENCH_VAR),
            LEADMACHINE_WIDGET_LIMIT_PER_IP=UNLIMITED,
            LEADMACHINE_WIDGET_LIMIT_PER_BUSINESS=UNLIMITED,
            LEADMACHINE_QUIET_HOURS=NO_QUIET_HOURS,
        )
        get_settings.cache_clear()
        migrate.upgrade(database_url)
        business = _create_business()

        env = child_environment()
        port = _free_port()
        stack.callback(stop, processes)
        processes["api"] = spawn("api", _api_command(port), log_dir, env)
        base_url = f"http://127.0.0.1:{port}"
        if not wait_until_ready(f"{base_url}/healthz", processes["api"], START_TIMEOUT_SECONDS):
            raise RuntimeError(f"the API did not start; see {log_dir / 'api.log'}")
        if worker:
            processes["worker"] = spawn("worker", [sys.executable, "-m", "leadmachine", "worker"], log_dir, env)
            _wait_for_worker(redis_url, processes["worker"], log_dir)
        yield Bench(base_url, database_url, redis_url, business.business_id, business.widget_key, log_dir, processes)


def _fresh_database(stack: ExitStack) -> str:
    given = os.environ.get("DATABASE_URL")
    if given:
        server_url = make_url(given).set(database="postgres").render_as_string(hide_password=False)
    else:
        server = embedded.start_postgres(BENCH_VAR, database="postgres")
        stack.callback(server.stop)
        server_url = server.url("postgres")
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (BENCH_DATABASE,))
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    return make_url(server_url).set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def _fresh_redis(stack: ExitStack) -> str:
    given = os.environ.get("REDIS_URL")
    if given:
        url = _with_redis_db(given, BENCH_REDIS_DB)
    else:
        server = embedded.start_redis(BENCH_VAR)
        stack.callback(server.stop)
        url = server.url
    redis.Redis.from_url(url).flushdb()
    return url


def _with_redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = urlencode({**dict(parse_qsl(parts.query)), "db": str(db)})
        return urlunsplit(parts._replace(query=query))
    return urlunsplit(parts._replace(path=f"/{db}"))


def _create_business():
    from leadmachine.services.businesses import create_business

    return create_business(
        "Bench Plumbing",
        "owner@bench.test",
        "Bench Owner",
        "correct horse battery staple",
        hours="Mon-Fri 8am-6pm",
        booking_link="https://bench.test/book",
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api_command(port: int) -> list[str]:
    """Our Starlette app alone, served by granian as Reflex serves it in production."""
    granian = str(Path(sys.executable).parent / "granian")
    return [
        granian, "--interface", "asgi", "--factory", "--workers", "1",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
        "leadmachine.api:build_api",
    ]


def _wait_for_worker(redis_url: str, process, log_dir: Path) -> None:
    connection = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if Worker.all(connection=connection):
            return
        time.sleep(0.1)
    raise RuntimeError(f"the worker did not start; see {log_dir / 'worker.log'}")
