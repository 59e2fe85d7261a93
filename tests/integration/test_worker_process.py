"""A real RQ worker process runs the follow-up, including work whose job was lost."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from sqlmodel import select

from leadmachine.config import PROJECT_ROOT
from leadmachine.db import tenant_session
from leadmachine.models import Message
from leadmachine.queues import FOLLOWUP, queue


def sent_messages(business_id) -> list[Message]:
    with tenant_session(business_id) as session:
        return session.exec(select(Message).where(Message.status == "sent")).all()


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def start_worker():
    processes = []

    def start():
        process = subprocess.Popen(
            [sys.executable, "-m", "leadmachine", "worker"], cwd=PROJECT_ROOT, env=dict(os.environ)
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.send_signal(signal.SIGTERM)
        process.wait(15)


def test_worker_process_answers_a_new_lead(post_lead, business, start_worker):
    start_worker()
    lead_id = uuid.UUID(post_lead().json()["lead_id"])
    assert wait_for(lambda: len(sent_messages(business.business_id)) == 1)
    [message] = sent_messages(business.business_id)
    assert message.lead_id == lead_id and message.ai_generated


def test_worker_start_sends_followups_whose_job_was_lost(post_lead, business, start_worker):
    post_lead()
    queue(FOLLOWUP).empty()
    start_worker()
    assert wait_for(lambda: len(sent_messages(business.business_id)) == 1)


def test_seed_demo_prints_the_same_credentials_every_time(services):
    def seed() -> dict:
        output = subprocess.run(
            [sys.executable, "-m", "leadmachine", "seed-demo", "--json"],
            cwd=PROJECT_ROOT, env=dict(os.environ), capture_output=True, text=True, check=True,
        ).stdout
        return json.loads(output)

    first, second = seed(), seed()
    assert first == second
    assert set(first) == {"business_id", "widget_key", "api_key", "owner_email", "owner_password", "base_url"}
    assert first["api_key"].startswith("lm_live_") and first["widget_key"].startswith("wk_")


def test_create_business_prints_credentials_that_sign_in(services):
    from leadmachine.services import accounts

    def create(email: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "leadmachine", "create-business", "--name", "Corner Cafe",
             "--owner-email", email, "--json"],
            cwd=PROJECT_ROOT, env=dict(os.environ), capture_output=True, text=True,
        )

    result = create("Boss@Cafe.test")
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)
    assert set(created) == {"business_id", "widget_key", "api_key", "owner_email", "owner_password", "base_url"}
    assert str(accounts.authenticate(created["owner_email"], created["owner_password"]))
    again = create("boss@cafe.test")
    assert again.returncode == 2 and "already exists" in again.stderr and "Traceback" not in again.stderr
