"""`make run`: one command that starts everything a laptop needs.

Embedded PostgreSQL and Redis when their URLs are unset, migrations, the demo
business, one worker, the scheduler and the Reflex app. Ctrl-C stops all of it.
Children log to var/log/; the terminal shows only what a person needs.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from leadmachine import embedded, migrate
from leadmachine.config import PROJECT_ROOT, get_settings

READY_TIMEOUT_SECONDS = 600


@contextmanager
def embedded_database():
    """Start the private PostgreSQL, point DATABASE_URL at it, migrate, stop at exit."""
    settings = get_settings()
    server = embedded.start_postgres(settings.var_dir)
    os.environ["DATABASE_URL"] = server.url()
    get_settings.cache_clear()
    try:
        migrate.upgrade()
        yield server
    finally:
        server.stop()


def child_environment() -> dict[str, str]:
    env = dict(os.environ)
    tools = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"
    venv_bin = Path(sys.executable).parent
    env["PATH"] = os.pathsep.join([str(tools), str(venv_bin), env.get("PATH", "")])
    env.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def spawn(name: str, command: list[str], log_dir: Path, env: dict[str, str]) -> subprocess.Popen:
    log_file = open(log_dir / f"{name}.log", "ab")
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes.values():
        try:
            process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def reflex_command(port: int) -> list[str]:
    reflex = str(Path(sys.executable).parent / "reflex")
    return [reflex, "run", "--env", "prod", "--single-port", "--backend-port", str(port), "--frontend-port", str(port)]


def wait_until_ready(url: str, web: subprocess.Popen, timeout: float = READY_TIMEOUT_SECONDS) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if web.poll() is not None:
            return False
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def run() -> int:
    """Start everything; Ctrl-C or SIGTERM stops every process this started."""
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    settings = get_settings()
    log_dir = settings.var_dir / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    processes: dict[str, subprocess.Popen] = {}
    with ExitStack() as stack:
        try:
            if not settings.database_url:
                print("Starting embedded PostgreSQL (data in var/pg)…", flush=True)
                stack.enter_context(embedded_database())
            else:
                migrate.upgrade()
            if not settings.redis_url:
                print("Starting embedded Redis (data in var/redis)…", flush=True)
                redis_server = embedded.start_redis(settings.var_dir)
                stack.callback(redis_server.stop)
                os.environ["REDIS_URL"] = redis_server.url
            get_settings.cache_clear()
            settings = get_settings()

            from leadmachine.services.demo import ensure_demo

            demo = ensure_demo(settings.var_dir, settings.base_url)
            env = child_environment()
            python = [sys.executable, "-m", "leadmachine"]
            stack.callback(stop, processes)
            processes["worker"] = spawn("worker", [*python, "worker"], log_dir, env)
            processes["scheduler"] = spawn("scheduler", [*python, "scheduler"], log_dir, env)
            processes["web"] = spawn("web", reflex_command(settings.port), log_dir, env)
            print("Starting the web app (the first run builds the dashboard; this takes a minute)…", flush=True)
            if not wait_until_ready(f"http://127.0.0.1:{settings.port}/healthz", processes["web"]):
                print(f"The web app did not start. See {log_dir / 'web.log'}.", file=sys.stderr)
                return 1
            print_banner(demo, log_dir)
            return supervise(processes, log_dir)
        except KeyboardInterrupt:
            print("\nStopping Lead Machine…", flush=True)
            return 0


def supervise(processes: dict[str, subprocess.Popen], log_dir: Path) -> int:
    while True:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"The {name} process stopped (exit {process.returncode}); see {log_dir / (name + '.log')}.", file=sys.stderr)
                return 1
        time.sleep(0.5)


def print_banner(demo, log_dir: Path) -> None:
    print(
        f"""
Lead Machine is running.

  Dashboard    {demo.base_url}/inbox
  Sign in as   {demo.owner_email}
  Password     {demo.owner_password}
  Widget page  {demo.base_url}/w/{demo.widget_key}
  API key      {demo.api_key}

Logs are in {log_dir}. Press Ctrl-C to stop.
""",
        flush=True,
    )
