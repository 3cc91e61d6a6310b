"""The ``scorebridge`` command: serve, worker, migrate, create-user, seed-demo, reseal,
retention, simulate-vendor."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence

from scorebridge.settings import get_settings


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from scorebridge import migrate
    from scorebridge.app import create_app
    from scorebridge.kit import collector

    settings = get_settings()
    migrate.upgrade(settings.database_url, pooler=settings.database_pooler)
    app = create_app(settings)
    collector.freeze_startup()
    print(f"ScoreBridge on http://{args.host}:{args.port}  (API docs: /api/docs)", flush=True)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="info",
        log_config=None,  # ScoreBridge's JSON lines (observability.logs), not uvicorn's format
        proxy_headers=True,
        access_log=args.access_log,
    )


def _worker(_args: argparse.Namespace) -> None:
    from arq.worker import run_worker

    from scorebridge.kit import collector
    from scorebridge.worker import worker_settings

    settings = worker_settings()
    collector.freeze_startup()
    run_worker(settings)


def _migrate(_args: argparse.Namespace) -> None:
    from scorebridge import migrate

    settings = get_settings()
    migrate.upgrade(settings.database_url, pooler=settings.database_pooler)
    print("database is at the latest migration")


def _create_user(args: argparse.Namespace) -> None:
    from pydantic import ValidationError

    from scorebridge.demo import create_user
    from scorebridge.kit.errors import AppError

    try:
        user_id = asyncio.run(
            create_user(args.email, args.name, args.password, args.role, args.department or [])
        )
    except AppError as refused:  # a refused password, a taken email …
        raise SystemExit(f"refused: {refused.detail}") from None
    except ValidationError as invalid:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in invalid.errors()
        )
        raise SystemExit(f"refused: {problems}") from None
    print(f"created user {args.email} ({user_id})")


def _seed_demo(args: argparse.Namespace) -> None:
    from scorebridge.demo import seed_demo

    asyncio.run(seed_demo(sso_emulator=args.sso_emulator_url if args.with_sso_emulator else None))


def _reseal(_args: argparse.Namespace) -> None:
    from scorebridge import migrate
    from scorebridge.app import build_queue
    from scorebridge.kit.db import open_database
    from scorebridge.kit.sealing import configure
    from scorebridge.resealing import reseal

    settings = get_settings()
    migrate.upgrade(settings.database_url, pooler=settings.database_pooler)
    configure(settings.secret_key, settings.previous_secret_keys)

    async def run() -> int:
        database = open_database(
            settings.database_url, build_queue(settings), pooler=settings.database_pooler
        )
        try:
            async with database.unit_of_work() as session:
                return await reseal(session)
        finally:
            await database.dispose()

    print(f"sealed the secrets of {asyncio.run(run())} rows with the current key")


def _retention(args: argparse.Namespace) -> None:
    import json

    from scorebridge import migrate
    from scorebridge.app import build_queue
    from scorebridge.kit.db import open_database
    from scorebridge.kit.sealing import configure
    from scorebridge.privacy import retention

    settings = get_settings()
    migrate.upgrade(settings.database_url, pooler=settings.database_pooler)
    configure(settings.secret_key, settings.previous_secret_keys)

    async def run() -> dict[str, object]:
        database = open_database(
            settings.database_url, build_queue(settings), pooler=settings.database_pooler
        )
        try:
            if args.dry_run:
                async with database.unit_of_work() as session:
                    preview = await retention.preview(session)
                return {"dry_run": True, **preview.model_dump(mode="json")}
            record = await retention.run(
                database, trigger="cli", batch_size=settings.retention_batch_size
            )
            return {"dry_run": False, "run_id": str(record.id), "counts": record.counts}
        finally:
            await database.queue.close()
            await database.dispose()

    print(json.dumps(asyncio.run(run()), ensure_ascii=False, indent=2))


def _simulate_vendor(args: argparse.Namespace) -> None:
    from scorebridge.intake.simulator import simulate

    asyncio.run(simulate(args.url, args.vendor, args.secret, count=args.count, rate=args.rate))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scorebridge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, handler: Callable[[argparse.Namespace], None], help_: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_)
        sub.set_defaults(handler=handler)
        return sub

    serve = add("serve", _serve, "migrate, then serve the API and the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--access-log", action="store_true")
    add("worker", _worker, "run the arq worker (needs SCOREBRIDGE_REDIS_URL)")
    add("migrate", _migrate, "upgrade the database to the latest migration")
    user = add("create-user", _create_user, "create a user with roles and departments")
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--password", required=True)
    user.add_argument(
        "--role",
        required=True,
        action="append",
        choices=["admin", "hr", "dept_head", "interviewer", "employee"],
    )
    user.add_argument("--department", action="append", help="department code (repeatable)")
    add("reseal", _reseal, "seal every stored secret again with the current secret key")
    retention = add("retention", _retention, "apply the retention policy now (a run, audited)")
    retention.add_argument(
        "--dry-run", action="store_true", help="only count what a run would remove"
    )
    demo = add(
        "seed-demo", _seed_demo, "create the demo organisation, vendors, results and accounts"
    )
    demo.add_argument(
        "--with-sso-emulator",
        action="store_true",
        help="also point WeCom sign-in and WeCom messages at the WeCom/DingTalk emulator "
        "(PYTHONPATH=tests python -m enterprise_emulator)",
    )
    demo.add_argument(
        "--sso-emulator-url", default="http://127.0.0.1:8090", help="where the emulator listens"
    )
    sim = add("simulate-vendor", _simulate_vendor, "send signed realistic results as a vendor")
    sim.add_argument("--url", required=True, help="base URL, e.g. http://127.0.0.1:8000")
    sim.add_argument("--vendor", required=True, help="vendor slug")
    sim.add_argument("--secret", required=True, help="the vendor's signing secret")
    sim.add_argument("--count", type=int, default=20)
    sim.add_argument("--rate", type=float, default=5.0, help="results per second")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    from pydantic import ValidationError

    args = build_parser().parse_args(argv)
    if args.command != "simulate-vendor":  # refuse a bad configuration before doing anything
        try:
            get_settings()
        except ValidationError as invalid:
            reasons = "; ".join(
                str(e["msg"]).removeprefix("Value error, ") for e in invalid.errors()
            )
            sys.exit(f"scorebridge: refusing to start: {reasons}")
    try:
        args.handler(args)
    except KeyboardInterrupt:
        sys.exit(130)
