"""The harness's processes: its PostgreSQL database, its Redis databases, gunicorn and Locust."""
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get("LOAD_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379")
REDIS_DBS = {"cache": 11, "limits": 12, "jobs": 13}  # this harness's own numbers, flushed before and after
READ_ROUTES = ["consultation p1 newest", "consultation p1 supported", "consultation p1 random",
               "consultation p200 newest", "consultation p200 supported", "consultation p200 random",
               "search", "proposal page"]
LOOSE_LIMITS = "1000000 per minute"  # every Locust user comes from 127.0.0.1: one client address


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Harness:
    """Owns what it starts: `with Harness(...)` drops the database and stops the server on the way out."""

    def __init__(self, args, workdir: Path):
        self.args, self.workdir = args, workdir
        self.acks = workdir / "acks.jsonl"
        self.url = ADMIN_URL.rsplit("/", 1)[0] + "/" + args.database
        self.app_dir = Path(args.app_dir).resolve() if args.app_dir else REPO
        self.server = None
        self._engine = None
        self._config: dict = {}
        self.env = dict(os.environ, MAJLIS_ENV="production", DATABASE_URL=self.url, SECRET_KEY=secrets.token_hex(32),
                        PUBLIC_URL=f"http://127.0.0.1:{args.port}", FLASK_APP="wsgi",
                        RATELIMIT_STORAGE_URI=f"{REDIS}/{REDIS_DBS['limits']}",
                        CACHE_REDIS_URL=f"{REDIS}/{REDIS_DBS['cache']}", JOBS_URL=f"{REDIS}/{REDIS_DBS['jobs']}",
                        RATELIMIT_SIGNIN=LOOSE_LIMITS, RATELIMIT_SUBMIT=LOOSE_LIMITS, PYTHONPATH=str(self.app_dir))

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.stop_server()
        if self._engine is not None:
            self._engine.dispose()
        self._drop_database()
        self._flush_redis()

    # database and fill -------------------------------------------------------------------------
    def prepare(self) -> dict:
        self._flush_redis()
        self._drop_database()
        with _admin() as admin:
            admin.execute(text(f'CREATE DATABASE "{self.args.database}"'))
        log(f"database {self.args.database} created; migrating")
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=self.app_dir, env=self.env, check=True,
                       capture_output=True)
        config = self._fill()
        self._config = config
        self.start_server()
        return config

    def _fill(self) -> dict:
        command = [sys.executable, "-m", "bench.load.fill_main", str(self.args.proposals), str(self.args.supports)]
        env = dict(self.env, PYTHONPATH=str(REPO), LOAD_APP_DIR=str(self.app_dir) if self.args.app_dir else "")
        run = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        if run.returncode:
            raise SystemExit(f"filling failed:\n{run.stderr[-3000:]}")
        config = json.loads(run.stdout.strip().splitlines()[-1])
        log(f"filled {config['proposals']} proposals, {config['supports']} supports, {config['people']} people "
            f"in {config['fill_seconds']} s")
        with self.engine().connect() as connection:
            config["first_new_proposal"] = connection.execute(text("SELECT max(id) + 1 FROM proposals")).scalar()
        return config

    def engine(self):
        if self._engine is None:
            self._engine = create_engine(self.url, pool_pre_ping=True)
        return self._engine

    def _drop_database(self) -> None:
        with _admin() as admin:
            admin.execute(text(f'DROP DATABASE IF EXISTS "{self.args.database}" WITH (FORCE)'))

    def _flush_redis(self) -> None:
        import redis

        for number in REDIS_DBS.values():
            try:
                redis.Redis.from_url(f"{REDIS}/{number}").flushdb()
            except redis.RedisError as error:
                log(f"redis {number}: {error}")

    # gunicorn ----------------------------------------------------------------------------------
    def start_server(self) -> None:
        wsgi = "bench.load.wsgi:app" if self.app_dir == REPO else "wsgi:app"
        command = [str(BIN / "gunicorn"), "--workers", "4", "--threads", str(self.args.threads),
                   "--bind", f"127.0.0.1:{self.args.port}",
                   "--log-level", "warning", wsgi]
        env = dict(self.env, PYTHONPATH=f"{self.app_dir}:{REPO}")
        log_file = open(self.workdir / "gunicorn.log", "wb")
        self.server = subprocess.Popen(command, cwd=self.app_dir, env=env, stdout=log_file, stderr=log_file)
        self.wait_healthy(60)
        log(f"gunicorn (4 workers, {self.args.threads} threads each, pid {self.server.pid}) on port {self.args.port}")

    def wait_healthy(self, seconds: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.server.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {self.workdir / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.args.port}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not become healthy")

    def workers(self) -> set[int]:
        out = subprocess.run(["pgrep", "-P", str(self.server.pid)], capture_output=True, text=True).stdout
        return {int(pid) for pid in out.split()}

    def stop_server(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                self.server.kill()
        self.server = None

    # locust ------------------------------------------------------------------------------------
    def locust(self, scenario: str, label: str, seconds: int, classes: list[str], config: dict | None = None,
               background: bool = False):
        """Run Locust headless; return {name: row} from its CSV (or the process, in the background)."""
        config = config or self._config
        prefix = self.workdir / label
        command = [str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
                   "-u", str(self.args.users), "-r", str(self.args.users), "-t", f"{seconds}s", "--host",
                   f"http://127.0.0.1:{self.args.port}", "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
                   "--loglevel", "WARNING", *classes]
        env = dict(os.environ, LOAD_SCENARIO=scenario, LOAD_CONFIG=json.dumps(config), LOAD_ACKS=str(self.acks))
        log(f"locust: {scenario}, {self.args.users} users, {seconds} s")
        output = open(self.workdir / f"{label}.log", "wb")
        process = subprocess.Popen(command, env=env, stdout=output, stderr=output)
        if background:
            return process, prefix
        process.wait()
        return stats(prefix)



def stats(prefix: Path) -> dict:
    """Locust's CSV as {name: {rps, p50, p95, p99, requests, failures}} (milliseconds)."""
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            rows[row["Name"]] = {"name": row["Name"], "rps": float(row["Requests/s"]), "p50": _ms(row["50%"]),
                                 "p95": _ms(row["95%"]), "p99": _ms(row["99%"]),
                                 "requests": int(row["Request Count"]), "failures": int(row["Failure Count"])}
    return rows


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else float(value)


class _admin:
    """An AUTOCOMMIT connection to the server's maintenance database (CREATE/DROP DATABASE)."""

    def __enter__(self):
        self.engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        self.connection = self.engine.connect()
        return self.connection

    def __exit__(self, *_exc):
        self.connection.close()
        self.engine.dispose()
