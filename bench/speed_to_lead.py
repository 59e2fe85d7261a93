"""Speed to lead: milliseconds from the widget POST to the first SMS recorded as sent.

Leads arrive at a steady rate (open loop: a slow response does not slow the arrivals)
through the real HTTP API, with the local AI and SMS adapters and exactly one worker, so
the number is our system's own overhead, the part that must be a rounding error next to
the AI call. Timings come from the database (`lead.created_at` -> the first outbound
`message.sent_at`), read as the owner role because the app role only sees rows through
row-level security; `created_at` is stamped part-way through the POST, so the time from
the client's send is printed too. A few leads go first, each after the previous one's
SMS, and are reported apart: freshly started processes pay one-off costs (parsers,
connections, imports) that would otherwise make the percentiles depend on how many
leads follow. A benchmark: it prints numbers and asserts nothing.

    .venv/bin/python bench/speed_to_lead.py --leads 500 --rate 20
"""

import argparse
import asyncio
import math
import os
import sys
import time
import uuid
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from typing import NamedTuple

from _harness import Bench, running_app  # first: puts the project on sys.path

import httpx
import psutil
from rq.job import Job
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from leadmachine.db import admin_engine
from leadmachine.queues import redis_connection

GOAL_P95_MS = 250
USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
FIRST_REPLIES = text(
    """
    SELECT l.id, l.created_at, m.created_at AS composed_at, m.sent_at
    FROM lead l
    JOIN LATERAL (
        SELECT created_at, sent_at FROM message
        WHERE lead_id = l.id AND direction = 'outbound'
        ORDER BY created_at LIMIT 1
    ) m ON m.sent_at IS NOT NULL
    WHERE l.id = ANY(:ids)
    ORDER BY l.created_at
    """
).bindparams(bindparam("ids", type_=ARRAY(UUID(as_uuid=True))))


class Post(NamedTuple):
    sent_at: datetime  # client clock, when the request left
    ms: float
    status: int
    lead_id: uuid.UUID | None


class Submitter:
    """Posts numbered leads to the widget endpoint."""

    def __init__(self, client: httpx.AsyncClient, widget_key: str):
        self.client = client
        self.url = f"/api/v1/widget/{widget_key}/leads"
        self.sent = 0

    async def post(self) -> Post:
        i, self.sent = self.sent, self.sent + 1
        lead = {
            "name": f"Visitor {i}",
            "phone": f"+1415555{i % 10_000:04d}",
            "message": "My kitchen sink is leaking under the cabinet. Can someone come today?",
            "consent": True,
            "page_url": "https://bench.test/contact",
        }
        sent_at, started = datetime.now(timezone.utc), time.perf_counter()
        try:
            response = await self.client.post(self.url, json=lead)
        except httpx.HTTPError:
            return Post(sent_at, (time.perf_counter() - started) * 1000, 0, None)
        elapsed = (time.perf_counter() - started) * 1000
        lead_id = uuid.UUID(response.json()["lead_id"]) if response.status_code == 201 else None
        return Post(sent_at, elapsed, response.status_code, lead_id)

    async def steady(self, count: int, rate: float) -> list[Post]:
        """One POST every 1/rate seconds, whether or not earlier ones have answered."""
        start = time.perf_counter()
        tasks = []
        for i in range(count):
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(self.post()))
        return await asyncio.gather(*tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leads", type=int, default=500, help="leads to measure (default 500)")
    parser.add_argument("--rate", type=float, default=20, help="leads per second (default 20)")
    parser.add_argument("--warmup", type=int, default=5, help="leads sent one by one first, reported apart (default 5)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for the last SMS (default 60)")
    parser.add_argument(
        "--providers", choices=("local", "sdk"), default="local",
        help="local adapters, or the real Anthropic, Twilio and Resend SDK adapters pointed at local "
        "wire-format servers (tests/fakes) that answer at once (default local)",
    )
    args = parser.parse_args()
    with ExitStack() as stack:
        described = "local AI, SMS and email adapters"
        if args.providers == "sdk":
            stack.enter_context(provider_servers())
            described = "real SDK adapters against local Anthropic, Twilio and Resend servers"
        bench = stack.enter_context(running_app(worker=True))
        print(f"API {bench.base_url}, one worker, {described}.", flush=True)
        asyncio.run(run(bench, args))


@contextmanager
def provider_servers():
    """Start the wire-format servers and point the real adapters at them (through the
    environment the API and worker inherit)."""
    from tests.fakes import FakeAnthropic, FakeResend, FakeTwilio

    sid, token = "AC" + "0" * 32, "bench-auth-token"
    with FakeAnthropic("sk-ant-bench") as anthropic, FakeTwilio(sid, token) as twilio, FakeResend("re_bench") as resend:
        os.environ.update(
            ANTHROPIC_API_KEY="sk-ant-bench", ANTHROPIC_BASE_URL=anthropic.url,
            TWILIO_ACCOUNT_SID=sid, TWILIO_AUTH_TOKEN=token, TWILIO_FROM_NUMBER="+15005550006",
            TWILIO_API_BASE=twilio.url, RESEND_API_KEY="re_bench", RESEND_API_URL=resend.url,
        )
        yield
        print(
            f"  Provider calls: Anthropic {len(anthropic.requests)}, Twilio {len(twilio.requests)}, "
            f"Resend {len(resend.requests)}",
            flush=True,
        )


async def run(bench: Bench, args) -> None:
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    headers = {"User-Agent": USER_AGENT}
    async with httpx.AsyncClient(base_url=bench.base_url, headers=headers, limits=limits, timeout=30) as client:
        submitter = Submitter(client, bench.widget_key)
        if args.warmup:
            posts, rows = [], []
            for _ in range(args.warmup):
                posts.append(await submitter.post())
                rows += await asyncio.to_thread(first_replies, bench, accepted_ids(posts[-1:]), args.timeout)
            print(f"\nWarm-up: {args.warmup} leads, each after the last one's SMS, on fresh processes (not counted below)")
            report(posts, rows)
        print(f"\nSteady load: {args.leads} leads at {args.rate:g}/s…", flush=True)
        cpu_before = {name: cpu_seconds(process) for name, process in bench.processes.items()}
        posts = await submitter.steady(args.leads, args.rate)
    rows = await asyncio.to_thread(first_replies, bench, accepted_ids(posts), args.timeout)
    p95 = report(posts, rows)
    per_lead = {name: (cpu_seconds(process) - cpu_before[name]) * 1000 / len(posts) for name, process in bench.processes.items()}
    print("  CPU per lead:         " + ", ".join(f"{name} {value:.1f} ms" for name, value in per_lead.items()))
    complete = len(rows) == len(posts)
    verdict = "MET" if complete and p95 < GOAL_P95_MS else "NOT MET"
    detail = f"p95 {p95:.1f} ms" + ("" if complete else f", {len(posts) - len(rows)} leads without an SMS")
    print(f"\nGoal: speed-to-lead p95 under {GOAL_P95_MS} ms at steady load -> {verdict} ({detail})")


def cpu_seconds(process) -> float:
    """User + system CPU of a process and its children (granian serves from a child).

    Unlike wall-clock latency this barely moves when other programs share the machine.
    """
    root = psutil.Process(process.pid)
    return sum(sum(each.cpu_times()[:2]) for each in [root, *root.children(recursive=True)])


def accepted_ids(posts: list[Post]) -> list[uuid.UUID]:
    return [post.lead_id for post in posts if post.lead_id]


def first_replies(bench: Bench, ids: list[uuid.UUID], timeout: float) -> list:
    """(lead id, created, composed, sent) rows once every lead has its reply or time runs out."""
    engine = admin_engine(bench.database_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as connection:
                rows = connection.execute(FIRST_REPLIES, {"ids": ids}).all()
            if len(rows) >= len(ids) or time.monotonic() > deadline:
                return rows
            time.sleep(0.25)
    finally:
        engine.dispose()


def report(posts: list[Post], rows: list) -> float:
    """Print one phase's numbers; its speed-to-lead p95 (infinite when nothing was sent)."""
    accepted = len(accepted_ids(posts))
    print(f"  leads accepted (201): {accepted}" + ("" if accepted == len(posts) else f"   REFUSED: {len(posts) - accepted}"))
    print(f"  SMS sent:             {len(rows)}" + ("" if len(rows) == accepted else f"   MISSING: {accepted - len(rows)}"))
    if not rows:
        return math.inf
    total = [ms(row.sent_at - row.created_at) for row in rows]
    print(f"  first lead:           speed to lead {total[0]:.1f} ms, POST {posts[0].ms:.1f} ms")
    print_row("speed to lead", total)
    sent_by_lead = {row.id: row.sent_at for row in rows}
    print_row("client send -> SMS sent", [ms(sent_by_lead[p.lead_id] - p.sent_at) for p in posts if p.lead_id in sent_by_lead])
    print_row("POST response time", [post.ms for post in posts])
    for stage, values in stages(rows).items():
        print_row(f"  {stage}", values)
    return percentile(total, 95)


def stages(rows: list) -> dict[str, list[float]]:
    """Where the time goes, from RQ's job timestamps (kept 60 s after a job ends)."""
    jobs = Job.fetch_many([f"followup-{row.id}" for row in rows], connection=redis_connection())
    split = [(row, job) for row, job in zip(rows, jobs) if job and job.enqueued_at and job.started_at]
    return {
        "lead row -> job enqueued": [ms(job.enqueued_at - row.created_at) for row, job in split],
        "enqueued -> worker started": [ms(job.started_at - job.enqueued_at) for row, job in split],
        "started -> reply composed": [ms(row.composed_at - job.started_at) for row, job in split],
        "composed -> SMS sent": [ms(row.sent_at - row.composed_at) for row, _ in split],
    }


def ms(delta) -> float:
    return delta.total_seconds() * 1000


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def print_row(label: str, values: list[float]) -> None:
    if values:
        print(
            f"  {label:<30} n={len(values):<4} p50 {percentile(values, 50):7.1f} ms"
            f"   p95 {percentile(values, 95):7.1f} ms   max {max(values):7.1f} ms"
        )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("Interrupted; every process the benchmark started has been stopped.")
