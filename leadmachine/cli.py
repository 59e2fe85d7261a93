"""Operator commands: `python -m leadmachine <command>`."""

import argparse
import json
import sys
from dataclasses import asdict

from leadmachine.config import get_settings
from leadmachine.log import configure_logging
from leadmachine.services.errors import DomainError


def _migrate(args) -> None:
    from leadmachine import migrate

    if args.downgrade:
        migrate.downgrade(revision=args.downgrade)
    else:
        migrate.upgrade()
    print("Database is up to date." if not args.downgrade else f"Downgraded to {args.downgrade}.")


def _seed_demo(args) -> None:
    from leadmachine.services.demo import ensure_demo

    settings = get_settings()
    credentials = ensure_demo(settings.var_dir, settings.base_url)
    if args.json:
        print(json.dumps(asdict(credentials)))
    else:
        for key, value in asdict(credentials).items():
            print(f"{key:>15}: {value}")


def _create_business(args) -> None:
    from leadmachine.services.onboarding import onboard_business

    settings = get_settings()
    created = onboard_business(args.name, args.owner_email, args.owner_name, settings.base_url)
    if args.json:
        print(json.dumps(asdict(created)))
    else:
        for key, value in asdict(created).items():
            print(f"{key:>15}: {value}")


def _worker(args) -> None:
    from jobs.worker import run_worker

    run_worker(burst=args.burst)


def _scheduler(_args) -> None:
    from jobs.worker import run_scheduler

    run_scheduler()


def _run(_args) -> None:
    from leadmachine.launcher import run

    sys.exit(run())


def main(argv: list[str] | None = None) -> None:
    configure_logging()
    parser = argparse.ArgumentParser(prog="python -m leadmachine", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    migrate = commands.add_parser("migrate", help="create roles and apply migrations (DATABASE_URL)")
    migrate.add_argument("--downgrade", metavar="REVISION", help="downgrade to REVISION (e.g. base)")
    migrate.set_defaults(handler=_migrate)

    seed = commands.add_parser("seed-demo", help="create the demo business once and print its credentials")
    seed.add_argument("--json", action="store_true", help="print one JSON object")
    seed.set_defaults(handler=_seed_demo)

    create = commands.add_parser("create-business", help="onboard a verified business and its owner by hand")
    create.add_argument("--name", required=True, help="the business's name")
    create.add_argument("--owner-email", required=True)
    create.add_argument("--owner-name", default="Owner")
    create.add_argument("--json", action="store_true", help="print one JSON object (same fields as seed-demo)")
    create.set_defaults(handler=_create_business)

    worker = commands.add_parser("worker", help="run an RQ worker on every queue")
    worker.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    worker.set_defaults(handler=_worker)

    commands.add_parser("scheduler", help="run periodic jobs (the follow-up sweeper)").set_defaults(handler=_scheduler)
    commands.add_parser("run", help="start everything (embedded services when URLs are unset)").set_defaults(handler=_run)

    args = parser.parse_args(argv)
    try:
        with _embedded_services_if_needed(args.command):
            args.handler(args)
    except DomainError as error:
        details = "; ".join(f"{field}: {text}" for field, text in getattr(error, "fields", {}).items())
        print(f"error: {details or error}", file=sys.stderr)
        sys.exit(2)


def _embedded_services_if_needed(command: str):
    """Standalone commands use the embedded database when DATABASE_URL is unset."""
    from contextlib import nullcontext

    from leadmachine.launcher import embedded_database

    if command in ("migrate", "seed-demo", "create-business") and not get_settings().database_url:
        return embedded_database()
    return nullcontext()
