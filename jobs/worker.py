"""Process entry points: `python -m leadmachine worker` and `... scheduler`."""

from datetime import timedelta

import structlog
from rq import SimpleWorker
from rq.cron import CronScheduler

from leadmachine.config import get_settings
from leadmachine.providers import get_ai, get_email, get_sms
from leadmachine.queues import ALL_QUEUES, MAINTENANCE, redis_connection
from leadmachine.services.sweeper import enqueue_missed_followups
from leadmachine.services.visitors import warm_up

from jobs.maintenance import (
    purge_expired_logs,
    queue_due_nudges,
    release_scheduled_messages,
    send_daily_digests,
    sweep_followups,
)

log = structlog.get_logger(__name__)


def run_worker(burst: bool = False) -> None:
    """One worker for every queue, highest priority first.

    SimpleWorker runs jobs in this process instead of forking one per job: the
    database pool and loaded parsers stay warm, which is most of speed-to-lead.
    """
    warm_up()
    get_ai(), get_sms(), get_email()  # import the provider SDKs now, not on the first lead
    missed = enqueue_missed_followups(older_than=timedelta(0))
    if missed:
        log.info("worker.start.enqueued_missed", count=missed)
    worker = SimpleWorker(list(ALL_QUEUES), connection=redis_connection())
    worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")


def run_scheduler() -> None:
    scheduler = CronScheduler(connection=redis_connection(), logging_level="WARNING")
    scheduler.register(sweep_followups, MAINTENANCE, interval=get_settings().followup_sweep_seconds)
    scheduler.register(release_scheduled_messages, MAINTENANCE, interval=60)
    scheduler.register(queue_due_nudges, MAINTENANCE, interval=300)
    scheduler.register(purge_expired_logs, MAINTENANCE, cron="17 3 * * *")
    scheduler.register(send_daily_digests, MAINTENANCE, cron="0 * * * *")
    scheduler.start()
