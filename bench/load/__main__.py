"""`make load` / `make fault`: one command each, from a fresh clone.

Creates its own PostgreSQL database (majlis_load) and uses its own Redis database numbers, fills
them (bench/load/fill.py), starts gunicorn with 4 workers, runs Locust headless (locustfile.py),
prints one table and exits non-zero when a target of issue 8 is missed. Everything it started is
stopped, and its database dropped, at the end."""
import argparse
import os
import sys
import tempfile
from pathlib import Path

from . import fault, report, runner, verify
from .runner import Harness

TARGETS = """targets: consultation pages (every sort, p1 and p200) and search: p95 <= 150 ms, >= 40% of the static
file's req/s, no failure; proposal page: p95 <= 100 ms; writes: none lost, none duplicated, p95 <= 250 ms"""


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--fault", action="store_true", help="the fault test: PostgreSQL restart, worker kill")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="the mixed run (and the fault test's load)")
    parser.add_argument("--route-seconds", type=int, default=15, help="each read route alone, and the ceiling")
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--supports", type=int, default=40_000)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("LOAD_THREADS", "1")),
                        help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8768")))
    parser.add_argument("--database", default=os.environ.get("LOAD_DATABASE", "majlis_load"))
    parser.add_argument("--app-dir", default=os.environ.get("LOAD_APP_DIR"),
                        help="serve the app of another checkout (for 'before' figures; read routes only)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    workdir = Path(tempfile.mkdtemp(prefix="majlis_load_"))
    with Harness(args, workdir) as harness:
        config = harness.prepare()
        if args.fault:
            return fault.run(harness, config, args)
        return load(harness, config, args)


def load(harness, config: dict, args) -> int:
    """The ceiling, each read route alone, then the mixed run with writes; the table and the checks."""
    rows = [_row(harness.locust("static", "static", args.route_seconds, ["Reader"]), "static file")]
    ceiling, ceiling_p95 = rows[0]["rps"], rows[0]["p95"]
    for name in runner.READ_ROUTES:
        rows.append(_row(harness.locust(f"read:{name}", f"read_{len(rows)}", args.route_seconds, ["Reader"]), name))
    if args.app_dir:  # an older checkout: reads only (its forms and schema differ)
        print(report.table("make load (read routes only)", rows, ceiling, ceiling_p95))
        return 0
    mixed = harness.locust("mixed", "mixed", args.seconds, ["Reader", "Participant"])
    checks = verify.check(harness.engine(), verify.acknowledged(harness.acks), config["first_new_proposal"])
    print(report.table(f"alone, {args.users} users each, {args.route_seconds} s", rows, ceiling, ceiling_p95))
    print(report.table(f"mixed: {args.users} users for {args.seconds} s (3 readers : 2 participants)",
                       list(mixed.values()), ceiling, ceiling_p95))
    print(report.checks(checks, harness.acks))
    missed = report.missed(rows, mixed, checks, ceiling)
    print(TARGETS)
    print(report.verdict(missed))
    return 1 if missed else 0


def _row(stats: dict, name: str) -> dict:
    """The route's row; a route none of whose requests finished within the run has a row of nothing."""
    return stats.get(name) or {"name": name + " (no request finished)", "rps": 0.0, "p50": None, "p95": None,
                               "p99": None, "requests": 0, "failures": 1}


if __name__ == "__main__":
    sys.exit(main())
