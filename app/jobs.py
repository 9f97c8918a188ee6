"""Background jobs on Huey: one code path, three storages.

- development (`make run`): a SQLite file beside the database, worked by `flask jobs worker`;
- production: Redis (`JOBS_URL=redis://…`), the same command on as many hosts as needed;
- tests: `JOBS_URL=immediate`, where a job runs at once in the calling process.

A job runs in its own application context and unit of work, so it commits on its own."""
import logging
from functools import wraps
from pathlib import Path

import click
from flask import current_app, has_app_context
from flask.cli import AppGroup
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

log = logging.getLogger("majlis.jobs")
huey = Huey("majlis", immediate=True, storage_class=MemoryStorage)  # storage set by init_app
_state = {"app": None}


def job(**options):
    """Declare a background job; calling `fn.enqueue(...)` queues it (or runs it, in immediate mode)."""

    def decorate(func):
        @wraps(func)
        def in_app_context(*args, **kwargs):
            from .unit_of_work import unit_of_work

            app = current_app._get_current_object() if has_app_context() else _state["app"]
            with app.app_context(), unit_of_work():
                return func(*args, **kwargs)

        task = huey.task(name=f"{func.__module__}.{func.__name__}", **options)(in_app_context)
        func.enqueue = task
        return func

    return decorate


def init_app(app) -> None:
    _state["app"] = app
    app.cli.add_command(jobs_cli)
    url = app.config["JOBS_URL"] or f"sqlite:///{Path(app.instance_path) / 'jobs.sqlite3'}"
    if url == "immediate":
        huey.immediate = True
        return
    huey.immediate = False
    huey.storage = _storage(url)


def _storage(url: str):
    if url.startswith("redis://") or url.startswith("rediss://"):
        return RedisStorage("majlis", url=url)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage("majlis", filename=str(path))
    raise ValueError(f"JOBS_URL must be redis://…, sqlite:///… or immediate, not {url!r}")


def pending() -> int:
    """Jobs waiting in the queue (for /health)."""
    return huey.pending_count()


jobs_cli = AppGroup("jobs", help="Background jobs.")


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads working the queue.")
def worker_command(workers: int) -> None:
    """Work the job queue until stopped (Ctrl-C)."""
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True, check_worker_health=True)
    click.echo(f"Working the job queue with {workers} threads.")
    consumer.run()
