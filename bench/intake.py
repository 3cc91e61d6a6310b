"""Intake benchmark (PostgreSQL + Redis): prints figures, asserts nothing.

* accepted webhooks/s, p50/p99 and non-2xx of ``POST /webhooks/{slug}`` (one ``scorebridge
  serve`` process, the worker paused) under ``wrk`` (Debian's; ``make wrk``) with a Lua script
  cycling through pre-signed unique requests — and of the floor (``bench/floor_app.py``: the
  same HMAC check and one asyncpg INSERT) in the same run, and the ratio of the two;
* the drain rate: one ``scorebridge worker`` processing that backlog (deliveries/s);
* accepted/s with the worker running;
* webhook accepted → result visible, p50/p99, at a steady rate (default 100/s for 60 s; wrk
  on a schedule: each request waits for its time);
* the worker's RSS after each stage, and the host-speed figure (a 20M-step Python loop).

    .venv/bin/python bench/intake.py [--pg postgresql+asyncpg://root@127.0.0.1:5432/postgres]
        [--redis redis://127.0.0.1:6379] [--burst 5000] [--connections 32] [--rate 100]
        [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from floor_app import SECRET, TABLE
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine
from support import (
    claim_redis,
    create_database,
    drop_database,
    host_speed,
    release_redis,
    stop,
    wait_http,
)

ROOT = Path(__file__).resolve().parents[1]
SCOREBRIDGE = str(Path(sys.executable).parent / "scorebridge")
THREADS = 2
STARTED = time.perf_counter()


def step(what: str) -> None:
    """Progress on stderr (the figures go to stdout)."""
    print(f"[{time.perf_counter() - STARTED:6.1f} s] {what}", file=sys.stderr, flush=True)


# --- Load generation ----------------------------------------------------------------------------


def message(n: int, run: str) -> tuple[str, bytes]:
    from scorebridge.intake.simulator import ResultGenerator, envelope

    data = ResultGenerator(seed=n).result(interview_id=f"{run}-{n}")
    return f"msg_{run}_{n}", json.dumps(envelope(data), ensure_ascii=False).encode()


def headers_for(webhook_id: str, body: bytes, sent_at: float | None = None) -> dict[str, str]:
    from scorebridge.intake.simulator import signed_headers

    return signed_headers(SECRET, webhook_id, body, sent_at=sent_at)


def _lua_string(data: bytes) -> str:
    """A Lua string literal of any bytes (decimal escapes)."""
    return '"' + "".join(f"\\{b}" for b in data) + '"'


def wrk_script(
    path: str,
    host: str,
    messages: list[tuple[str, bytes]],
    folder: Path,
    rate: float | None = None,
) -> Path:
    """A wrk script sending each pre-signed request once (its threads take turns through them),
    each thread stopping after its share of answers; with ``rate``, sent on a schedule of that
    many requests a second (each thread's k-th request waits for its time; enough connections
    keep the schedule while answers are slow)."""
    requests = []
    start = time.time()
    for n, (webhook_id, body) in enumerate(messages):
        lines = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Type: application/json",
                 f"Content-Length: {len(body)}"]  # fmt: skip
        # A paced request is stamped with its time in the schedule: a signature is good for
        # five minutes either side, and a long steady stage outlasts that.
        sent_at = start + n / rate if rate is not None else None
        lines += [f"{k}: {v}" for k, v in headers_for(webhook_id, body, sent_at).items()]
        requests.append(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    script = folder / f"wrk-{uuid.uuid4().hex[:6]}.lua"
    with script.open("w") as out:
        out.write("local requests = {\n")
        for raw in requests:
            out.write(_lua_string(raw) + ",\n")
        out.write("}\n")
        if rate is not None:
            # seconds between a thread's requests
            out.write(f"local interval = {THREADS} / {rate}\n")
        out.write(
            f"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct {{ long tv_sec; long tv_nsec; }} sb_timespec;
int clock_gettime(int clk_id, sb_timespec *tp);
]]
local clock = ffi.new("sb_timespec")
local function now()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC: the same clock in every thread
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end
local count, threads, n = #requests, {THREADS}, 0
function setup(thread)
  n = n + 1
  thread:set("tid", n)
end
function init(args)
  index = tid
  answered = 0
  bad = 0
  share = math.floor((count - tid) / threads) + 1
end
function delay()
  if interval == nil then return 0 end
  scheduled = (scheduled or 0) + 1
  local wait = (first or now()) + scheduled * interval - now()
  if wait > 0 then return wait * 1000 end
  return 0
end
function request()
  if first == nil then first = now() end
  local r = requests[((index - 1) % count) + 1]
  index = index + threads
  return r
end
function response(status, headers, body)
  answered = answered + 1
  if status ~= 202 then bad = bad + 1 end
  if answered == share then
    -- wrk itself runs for its whole -d: the bench interrupts it once every thread said this
    io.stderr:write(string.format("finished %.6f %.6f %d %d\\n", first, now(), answered, bad))
    io.stderr:flush()
    wrk.thread:stop()
  end
end
"""
        )
    return script


def burst_ids(script: Path) -> list[str]:
    """The webhook ids a wrk script sends (one per request)."""
    return [line for line in script.read_text().splitlines() if line.startswith('"')]


def _ms(text: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def wrk(url: str, script: Path, connections: int) -> dict[str, float]:
    """Run wrk until every request was answered: requests/s over the window from the first
    request to the last answer, p50/p99 (ms) and non-2xx answers."""
    run = subprocess.Popen(
        ["wrk", "-t", str(THREADS), "-c", str(connections), "-d", "600s", "--latency",
         "--timeout", "10s", "-s", str(script), url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert run.stderr is not None
    finished: list[list[float]] = []
    for line in run.stderr:
        if line.startswith("finished"):
            finished.append([float(x) for x in line.split()[1:]])
            if len(finished) == THREADS:
                break
    run.send_signal(signal.SIGINT)  # wrk reports at once
    out, _ = run.communicate(timeout=60)
    if len(finished) < THREADS:
        raise SystemExit(f"wrk ended early: {out}")
    window = max(f[1] for f in finished) - min(f[0] for f in finished)
    figures = {
        "rate": sum(f[2] for f in finished) / window,
        "p50": 0.0,
        "p99": 0.0,
        "non2xx": sum(f[3] for f in finished),
    }
    for line in out.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] in ("50%", "99%"):
            figures["p" + words[0][:-1]] = _ms(words[1])
    return figures


# --- Orchestration ------------------------------------------------------------------------------


def profile(pid: int, folder: Path | None, name: str) -> subprocess.Popen[bytes] | None:
    """With ``--profile DIR``: py-spy samples the process (collapsed stacks in DIR/name.txt,
    for flame graphs or ``bench/hotspots.py``) until ``done`` is called with it."""
    if folder is None:
        return None
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid),
         "--format", "raw", "--rate", "250", "--nonblocking", "--output",
         str(folder / f"{name}.txt")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def done(sampler: subprocess.Popen[bytes] | None) -> None:
    if sampler is not None:
        sampler.send_signal(signal.SIGINT)
        sampler.wait(timeout=60)


def cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used (a figure that contention barely moves, unlike
    wall-clock rates on a shared host)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def count_results(engine: Any, prefix: str) -> int:
    from scorebridge.results.models import InterviewResult

    async with engine.connect() as conn:
        value = await conn.scalar(
            select(func.count())
            .select_from(InterviewResult)
            .where(InterviewResult.interview_id.like(f"{prefix}-%"))
        )
    return int(value or 0)


async def count_deliveries(engine: Any, run: str) -> int:
    """How many deliveries of a run were stored (accepted)."""
    async with engine.connect() as conn:
        found = await conn.scalar(
            text("SELECT count(*) FROM deliveries WHERE webhook_id LIKE :run"),
            {"run": f"msg_{run}_%"},
        )
    return int(found or 0)


async def wait_results(engine: Any, prefix: str, expected: int, within: float = 900) -> float:
    started = time.perf_counter()
    while await count_results(engine, prefix) < expected:
        if time.perf_counter() - started > within:
            raise SystemExit(f"only {await count_results(engine, prefix)}/{expected} results")
        await asyncio.sleep(0.25)
    return time.perf_counter() - started


async def main(args: argparse.Namespace) -> None:
    import tempfile

    from scorebridge import migrate
    from scorebridge.intake import service
    from scorebridge.intake.schemas import VendorCreate
    from scorebridge.kit.db import Database
    from scorebridge.kit.jobs import InProcessQueue

    admin, name, database_url = await create_database(args.pg)
    redis_url = await claim_redis(args.redis)
    processes: list[subprocess.Popen[bytes]] = []
    engine = create_async_engine(database_url)
    folder = Path(tempfile.mkdtemp(prefix="scorebridge-wrk-"))
    try:
        await migrate.upgrade_async(database_url)
        async with engine.begin() as conn:
            await conn.execute(text(TABLE))
        db = Database(engine, InProcessQueue())
        async with db.unit_of_work() as session:
            await service.create_vendor(
                session,
                VendorCreate.model_validate(
                    {
                        "slug": "bench",
                        "name": "Bench",
                        "signing": {"scheme": "standard-webhooks", "secret": SECRET},
                    }
                ),
            )
        env = {
            **os.environ,
            "SCOREBRIDGE_DATABASE_URL": database_url,
            "SCOREBRIDGE_REDIS_URL": redis_url,
            "SCOREBRIDGE_LOG_LEVEL": "WARNING",
        }
        floor_port = args.port + 1
        api = subprocess.Popen(  # noqa: ASYNC220 - starting is instant
            [SCOREBRIDGE, "serve", "--port", str(args.port)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        worker = subprocess.Popen(  # noqa: ASYNC220
            [SCOREBRIDGE, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        floor = subprocess.Popen(  # noqa: ASYNC220
            [sys.executable, str(Path(__file__).with_name("floor_app.py")), "--port",
             str(floor_port), "--database-url", database_url],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        processes += [api, worker, floor]
        base = f"http://127.0.0.1:{args.port}"
        await wait_http(base + "/api/v1/health", within=180)
        await wait_http(f"http://127.0.0.1:{floor_port}/ready", within=180)
        await asyncio.sleep(2)  # the worker's start-up
        path = "/api/v1/webhooks/bench"

        print(f"database {name}, redis {redis_url}")
        print(f"host: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
              f"a 20,000,000-step Python loop takes {host_speed():.2f} s")  # fmt: skip

        def script(run: str, count: int, to: str, port: int) -> Path:
            extra = count + 4 * args.connections  # answers in flight when a thread stops
            messages = [message(n, run) for n in range(extra)]
            return wrk_script(to, f"127.0.0.1:{port}", messages, folder)

        step("warming up ScoreBridge and the floor (300 webhooks each)")
        wrk(base, script("warm", 300, path, args.port), 8)
        wrk(f"http://127.0.0.1:{floor_port}", script("warm", 300, "/hook", floor_port), 8)
        await wait_results(engine, "warm", 300)
        rss = {"warm": rss_mb(worker.pid)}  # the worker's RSS after each stage: flat or not

        # Intake alone (worker paused), and the floor; then the worker drains the backlog.
        # (each script signed just before its run: signatures are good for 5 minutes)
        worker.send_signal(signal.SIGSTOP)
        step(f"intake alone: {args.burst} webhooks over {args.connections} connections")
        burst = script("burst", args.burst, path, args.port)
        sampler = profile(api.pid, args.profile, "api")
        cpu = cpu_seconds(api.pid)
        api_figures = wrk(base, burst, args.connections)
        api_figures["cpu"] = (cpu_seconds(api.pid) - cpu) / len(burst_ids(burst)) * 1000
        done(sampler)
        step("the floor: the same burst")
        burst = script("burst", args.burst, "/hook", floor_port)
        cpu = cpu_seconds(floor.pid)
        floor_figures = wrk(f"http://127.0.0.1:{floor_port}", burst, args.connections)
        floor_figures["cpu"] = (cpu_seconds(floor.pid) - cpu) / len(burst_ids(burst)) * 1000
        backlog = await count_deliveries(engine, "burst")
        sampler = profile(worker.pid, args.profile, "worker")
        cpu = cpu_seconds(worker.pid)
        worker.send_signal(signal.SIGCONT)
        step(f"one worker drains the backlog of {backlog}")
        drained = await wait_results(engine, "burst", backlog)
        worker_cpu = (cpu_seconds(worker.pid) - cpu) / backlog * 1000
        rss["drain"] = rss_mb(worker.pid)
        done(sampler)
        for label, f in (("ScoreBridge", api_figures), ("floor", floor_figures)):
            print(f"{label:<12} accepted/s {f['rate']:8.0f}  p50 {f['p50']:6.1f} ms  "
                  f"p99 {f['p99']:6.1f} ms  non-2xx {f['non2xx']:.0f}  "
                  f"CPU {f['cpu']:.2f} ms/webhook  ({args.connections} connections)")  # fmt: skip
        print(f"ratio ScoreBridge / floor: {api_figures['rate'] / floor_figures['rate']:.2f}")
        print(f"one worker drained the backlog of {backlog} in {drained:.1f} s "
              f"({backlog / drained:.0f}/s, CPU {worker_cpu:.2f} ms/delivery)")  # fmt: skip

        if args.quick:
            return
        step("intake with the worker running")
        mixed = wrk(base, script("mixed", args.burst, path, args.port), args.connections)
        await wait_results(engine, "mixed", args.burst)
        rss["mixed"] = rss_mb(worker.pid)
        print(
            f"accepted/s with the worker running: {mixed['rate']:.0f} (p99 {mixed['p99']:.0f} ms)"
        )

        count = int(args.rate * args.seconds)
        connections = 32  # enough to keep the schedule while answers take up to 640 ms
        step(f"steady {args.rate:.0f}/s for {args.seconds:.0f} s ({count} webhooks)")
        paced = wrk_script(
            path,
            f"127.0.0.1:{args.port}",
            [message(n, "steady") for n in range(count)],
            folder,
            rate=args.rate,
        )
        sampled: list[float] = []  # the worker's RSS every 10 s through the steady stage
        stop_sampling = threading.Event()

        def sample() -> None:
            while not stop_sampling.wait(10):
                sampled.append(rss_mb(worker.pid))

        sampler_thread = threading.Thread(target=sample, daemon=True)
        sampler_thread.start()
        steady = wrk(base, paced, connections)
        # wait for what was accepted: a request wrk gave up on (its 10 s timeout) never lands
        stored = await count_deliveries(engine, "steady")
        if stored < count:
            print(f"steady stage: {count - stored} of {count} webhooks were not accepted")
        await wait_results(engine, "steady", stored)
        stop_sampling.set()
        sampler_thread.join()
        rss["steady"] = rss_mb(worker.pid)
        async with engine.connect() as conn:
            # accepted (the delivery stored, its 202 on the way) → the result readable
            latencies = sorted(
                float(ms)
                for (ms,) in await conn.execute(
                    text(
                        "SELECT extract(epoch FROM r.created_at - d.received_at) * 1000 "
                        "FROM deliveries d JOIN interview_results r ON r.id = d.result_id "
                        "WHERE d.webhook_id LIKE 'msg_steady_%'"
                    )
                )
            )
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(
            f"webhook accepted → result visible at {steady['rate']:.0f}/s for "
            f"{args.seconds:.0f} s: p50 {p50:.0f} ms, p99 {p99:.0f} ms "
            f"(webhooks answered p99 {steady['p99']:.0f} ms, non-2xx {steady['non2xx']:.0f})"
        )
        async with engine.connect() as conn:
            total = int(await conn.scalar(text("SELECT count(*) FROM deliveries")) or 0)
            print(
                "deliveries by run:",
                dict(
                    (
                        await conn.execute(
                            text(
                                "SELECT split_part(webhook_id, '_', 2), count(*) FROM deliveries "
                                "GROUP BY 1"
                            )
                        )
                    ).all()
                ),
            )
        print(f"worker RSS after each stage ({total} deliveries in all): "
              + ", ".join(f"{stage} {mb:.0f} MB" for stage, mb in rss.items())
              + "; every 10 s of the steady stage: "
              + " ".join(f"{mb:.0f}" for mb in sampled))  # fmt: skip
    finally:
        stop(processes)
        await engine.dispose()
        await drop_database(admin, name)
        await release_redis(redis_url)
        shutil.rmtree(folder)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--pg", default="postgresql+asyncpg://root@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--burst", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--quick", action="store_true", help="only intake alone, the floor and the drain"
    )
    parser.add_argument(
        "--profile", type=Path, help="py-spy the API during the burst and the worker draining it"
    )
    asyncio.run(main(parser.parse_args()))
