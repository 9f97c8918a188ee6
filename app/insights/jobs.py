"""The background job that executes an analysis run, and its in-process twin for `flask analysis run --wait`.

A job is a sequence of short units of work (see pipeline.py for why): marking the run running, one per
progress report, and the last one that saves the results with `status = done`. Any error rolls back the
unsaved work and marks the run failed with the error, in a transaction of its own, so the page shows it."""
import logging

from app.clock import utcnow
from app.extensions import db
from app.jobs import job

from .models import AnalysisRun, RunStatus
from .pipeline import Superseded, compute, forget_opinion, heartbeat, versions

log = logging.getLogger("majlis.insights")


@job(retries=0)
def execute_run(run_id: int, attempt: int) -> None:
    """Queued after the commit that created (or resumed) the run."""
    execute(run_id, attempt)


def execute(run_id: int, attempt: int) -> AnalysisRun | None:
    """Run every stage of the run; returns it (done or failed), or None when there is nothing to do: the
    run is gone, already started or finished, or was resumed by someone else since this job was queued."""
    from app.unit_of_work import rollback, unit_of_work

    run = db.session.get(AnalysisRun, run_id)
    # Only a queued run starts: a job delivered twice finds it running (or finished) and leaves it alone.
    if run is None or run.status != RunStatus.QUEUED or _attempt(run) != attempt:
        return None
    with unit_of_work():
        run.status, run.heartbeat_at = RunStatus.RUNNING, utcnow()
        run.started_at = run.started_at or run.heartbeat_at
        run.versions = versions()
    try:
        with heartbeat(run_id), unit_of_work():
            compute(run, committing=True, attempt=attempt)
    except Superseded:
        rollback()
        log.info("analysis run %s was resumed elsewhere; this attempt (%s) stops", run_id, attempt)
        return None
    except Exception as error:  # noqa: BLE001 (any failure is the run's, shown on its page)
        rollback()
        log.exception("analysis run %s failed", run_id)
        with unit_of_work():
            fail(run_id, error)
    return db.session.get(AnalysisRun, run_id)


def fail(run_id: int, error: Exception) -> None:
    run = db.session.get(AnalysisRun, run_id)
    run.status, run.finished_at = RunStatus.FAILED, utcnow()
    run.error = f"{type(error).__name__}: {error}"[:5000]
    summary = dict(run.summary or {})
    summary.pop("partial", None)
    run.summary = summary
    forget_opinion(run_id)


def _attempt(run: AnalysisRun) -> int:
    return (run.summary or {}).get("attempt", 0)
