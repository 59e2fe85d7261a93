"""Browser tests: the real product, started as `make run` starts it, driven in Chromium.

One launcher (`python -m leadmachine run`) serves every test in this package, on a free
port, against the test database and Redis from tests/conftest.py. The tests are marked
`no_clean` so the per-test TRUNCATE does not wipe the demo business the launcher
created; the `app` fixture empties the tables once, before it starts the launcher.

The Reflex build bakes its port into the frontend, so the build goes to a private web
directory instead of the shared `.web/` (a developer's `make run` may be serving it).
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from leadmachine.config import PROJECT_ROOT
from tests.conftest import empty_database_and_redis

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
READY_TIMEOUT_SECONDS = 300
STOP_TIMEOUT_SECONDS = 30

# Generous for a 2-core machine that may be building or benchmarking at the same time;
# assertions about speed (the live inbox) pass their own, tighter timeout.
expect.set_options(timeout=10_000)


@dataclass(frozen=True)
class RunningApp:
    base_url: str
    widget_key: str
    api_key: str
    owner_email: str
    owner_password: str
    owner_name: str

    def submit_lead(self, name: str, phone: str, message: str, **extra) -> str:
        """Send a lead the way the widget does, through the public HTTP API."""
        response = httpx.post(
            f"{self.base_url}/api/v1/widget/{self.widget_key}/leads",
            json={"name": name, "phone": phone, "message": message, "consent": True, **extra},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        return response.json()["lead_id"]

    def leads(self) -> list[dict]:
        """What is stored, read back through the business REST API."""
        return self._get("/api/v1/leads")["leads"]

    def lead(self, lead_id: str) -> dict:
        return self._get(f"/api/v1/leads/{lead_id}")

    def _get(self, path: str) -> dict:
        response = httpx.get(
            self.base_url + path, headers={"Authorization": f"Bearer {self.api_key}"}, timeout=10
        )
        assert response.status_code == 200, response.text
        return response.json()


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _launcher_environment(services, port: int, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("LEADMACHINE_BASE_URL", "LEADMACHINE_HOST", "LEADMACHINE_ENV", "APP_DATABASE_URL"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=services["database_url"],
        REDIS_URL=services["redis_url"],
        LEADMACHINE_PORT=str(port),
        LEADMACHINE_VAR_DIR=str(workdir / "var"),
        REFLEX_WEB_WORKDIR=str(workdir / "web"),
        REFLEX_STATES_WORKDIR=str(workdir / "states"),
        REFLEX_TELEMETRY_ENABLED="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_until_healthy(url: str, launcher: subprocess.Popen, explain) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    last = "no answer"
    while time.monotonic() < deadline:
        if launcher.poll() is not None:
            pytest.fail(f"`python -m leadmachine run` exited with {launcher.returncode}\n{explain()}")
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text[:200]}"
        except httpx.HTTPError as error:
            last = type(error).__name__
        time.sleep(0.5)
    pytest.fail(f"the app was not healthy after {READY_TIMEOUT_SECONDS}s (last /healthz: {last})\n{explain()}")


def _stop(launcher: subprocess.Popen) -> None:
    """Ctrl-C, as a person would: the launcher stops its worker, scheduler and web app."""
    if launcher.poll() is None:
        launcher.send_signal(signal.SIGINT)
    try:
        launcher.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        warnings.warn(f"the launcher ignored Ctrl-C for {STOP_TIMEOUT_SECONDS}s; killing it (its children may linger)")
        launcher.kill()
        launcher.wait()


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


@pytest.fixture(scope="package")
def app(services, tmp_path_factory):
    _require_chromium()
    empty_database_and_redis(services)  # once for the whole package
    workdir = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    launcher_log = workdir / "launcher.log"
    with open(launcher_log, "wb") as log:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "leadmachine", "run"],
            cwd=PROJECT_ROOT,
            env=_launcher_environment(services, port, workdir),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def explain() -> str:
        return (
            f"--- launcher ---\n{_tail(launcher_log)}\n"
            f"--- web.log ---\n{_tail(workdir / 'var' / 'log' / 'web.log')}"
        )

    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(f"{base_url}/healthz", launcher, explain)
        credentials = json.loads((workdir / "var" / "demo-credentials.json").read_text())
        from leadmachine.services.demo import DEMO_PROFILE

        yield RunningApp(
            base_url=base_url,
            widget_key=credentials["widget_key"],
            api_key=credentials["api_key"],
            owner_email=credentials["owner_email"],
            owner_password=credentials["owner_password"],
            owner_name=DEMO_PROFILE["owner_name"],
        )
    finally:
        _stop(launcher)


@pytest.fixture(scope="package")
def browser(app):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, app):
    """A fresh browser profile per test: no cookies carried between tests."""
    context = browser.new_context(base_url=app.base_url, viewport={"width": 1280, "height": 860})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def signed_in_page(page, app):
    sign_in(page, app.owner_email, app.owner_password)
    expect(page).to_have_url(re.compile(r"/inbox/?$"))
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    return page


def sign_in(page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
