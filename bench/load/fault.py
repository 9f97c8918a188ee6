"""`make fault`: PostgreSQL restarted in the middle of the write load, then one gunicorn worker
killed (SIGKILL) mid-request.

Targets: no acknowledged write lost or duplicated; a request that failed answered 503 with "please
retry" (never 500); retries with the same form token created nothing twice; the app answered again
without being restarted (pool_pre_ping); the gunicorn master replaced the killed worker.

Other engineers' test suites use the same PostgreSQL server, and a restart breaks whatever they are
running: before restarting, the harness waits (up to FAULT_WAIT_SECONDS, default 600) until no one
but itself is connected, and gives up rather than restart under them. PostgreSQL is never left
stopped: the restart is one `pg_ctlcluster ... restart`, and a start is attempted if it failed."""
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

from . import report, verify
from .runner import ADMIN_URL, log, stats

WAIT = int(os.environ.get("FAULT_WAIT_SECONDS", "600"))
SKIP_RESTART = os.environ.get("FAULT_SKIP_RESTART") == "1"  # a dry run of the harness itself


def others_connected(own_database: str) -> dict[str, int]:
    """Connections to any database but ours (our own check excluded)."""
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT datname, count(*) FROM pg_stat_activity WHERE datname IS NOT NULL AND datname <> :own "
                "AND pid <> pg_backend_pid() GROUP BY 1"), {"own": own_database}).all()
    finally:
        engine.dispose()
    return dict(rows)


def wait_until_alone(own_database: str) -> bool:
    if SKIP_RESTART:
        return True
    started = time.monotonic()
    while True:
        others = others_connected(own_database)
        if not others:
            return True
        if time.monotonic() - started > WAIT:
            log(f"still connected after {WAIT} s: {others}; PostgreSQL is NOT restarted")
            return False
        log(f"others are connected {others}: waiting")
        time.sleep(10)


def restart_postgres() -> float:
    """Restart the cluster; seconds until it accepts connections again."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    done = subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                          capture_output=True, text=True)
    if done.returncode:
        log(f"restart failed ({done.stderr.strip()}); starting it")
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
    while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode:
        time.sleep(0.2)
    return time.monotonic() - started


def kill_a_worker(harness) -> dict:
    """SIGKILL one worker while requests are in flight; did the master start a new one?"""
    before = harness.workers()
    victim = min(before)
    killed_at = time.time()
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = harness.workers()
        if victim not in now and len(now) == len(before):
            return {"killed": victim, "at": killed_at, "replaced_by": sorted(now - before),
                    "seconds": round(time.time() - killed_at, 1)}
        time.sleep(0.2)
    return {"killed": victim, "at": killed_at, "replaced_by": [], "seconds": None}


def run(harness, config: dict, args) -> int:
    if not wait_until_alone(args.database):
        return 2
    process, prefix = harness.locust("writes", "fault", 3600, ["Participant"], background=True)
    time.sleep(20)
    if not wait_until_alone(args.database):
        process.send_signal(signal.SIGTERM)
        process.wait()
        return 2
    restart_at = time.time()
    log("restarting PostgreSQL" + (" (skipped: FAULT_SKIP_RESTART)" if SKIP_RESTART else ""))
    down_for = 0.0 if SKIP_RESTART else restart_postgres()
    time.sleep(20)
    log("killing a gunicorn worker")
    worker = kill_a_worker(harness)
    time.sleep(20)
    process.send_signal(signal.SIGTERM)
    process.wait(60)
    return _report(harness, config, prefix, (restart_at, restart_at + down_for), worker)


def _report(harness, config, prefix: Path, restart: tuple[float, float], worker: dict) -> int:
    rows = stats(prefix)
    records = verify.acknowledged(harness.acks)
    result = verify.check(harness.engine(), records, config["first_new_proposal"])
    refused = Counter(r.get("status") for r in records if r["kind"] == "failed")
    answered_503 = sum(1 for r in records if r["kind"] == "refused_503")
    recovered = _recovery(records, restart[1])
    late = [r for r in records if r["kind"] in ("failed", "refused_503") and restart[1] + 5 < r["at"] < worker["at"]]
    print(report.table("make fault: writes while PostgreSQL restarts and a worker is killed", list(rows.values()), 0))
    print(report.checks(result, harness.acks))
    facts = {"PostgreSQL restart (s)": round(restart[1] - restart[0], 1), "503 'please retry' answers": answered_503,
             "500 answers": refused.get(500, 0), "other failures (status: count; 0 = connection cut)": dict(refused),
             "first write acknowledged after PostgreSQL was back (s)": recovered,
             "failures from 5 s after PostgreSQL was back until the worker kill": len(late),
             "worker killed": worker["killed"],
             "replaced by": worker["replaced_by"], "replaced within (s)": worker["seconds"],
             "health after": harness.wait_healthy(10) is not None}
    print("\n| fact | value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in facts.items()))
    missed = [f"{result[k]} {k}" for k in ("lost", "duplicated", "counter_mismatches") if result[k]]
    missed += ["a failed request answered 500"] if refused.get(500) else []
    missed += [f"{n} answers with status {s}" for s, n in refused.items() if s not in (0, 500, None)]
    missed += ["no write acknowledged after the restart"] if recovered is None else []
    missed += [f"{len(late)} failures after PostgreSQL was back: no recovery"] if late else []
    missed += ["the killed worker was not replaced"] if not worker["replaced_by"] else []
    print(report.verdict(missed))
    return 1 if missed else 0


def _recovery(records: list[dict], back_at: float) -> float | None:
    """Seconds from PostgreSQL accepting connections again to the next acknowledged write."""
    after = [r["at"] for r in records if r["kind"] in ("proposal", "feedback", "support", "vote") and r["at"] > back_at]
    return round(min(after) - back_at, 1) if after else None
