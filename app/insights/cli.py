"""`flask analysis run CONSULTATION_ID [--wait]`: the same run as the Start button, from the command line.
(The engine's own command line, on files and without a database, is `python -m app.analysis`.)"""
import sys

import click
from flask.cli import AppGroup

analysis_cli = AppGroup("analysis", help="Analysis runs of consultations (themes, duplicates, opinion, triage).")


@analysis_cli.command("run")
@click.argument("consultation_id", type=int)
@click.option("--wait", is_flag=True, help="Run here and now, and print the summary, instead of queueing a job.")
@click.option("--k", type=int, default=None, help="Number of themes (default: chosen automatically).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--duplicate-threshold", type=float, default=0.8, show_default=True)
def run_command(consultation_id: int, wait: bool, k: int | None, seed: int, duplicate_threshold: float) -> None:
    """Start an analysis run of a consultation; print its id (and, with --wait, its summary)."""
    from app.consultations.models import Consultation
    from app.domain_errors import DomainError
    from app.extensions import db
    from app.unit_of_work import unit_of_work

    from .jobs import execute
    from .runs import start_run

    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        click.echo(f"No consultation has the id {consultation_id}.", err=True)
        sys.exit(2)
    try:
        with unit_of_work():
            run = start_run(consultation, None, {"k": k, "seed": seed, "duplicate_threshold": duplicate_threshold},
                            background=not wait)
    except DomainError as error:
        click.echo(str(error.message), err=True)
        sys.exit(2)
    run_id = run.id
    click.echo(f"run {run_id} of consultation {consultation_id}: " + ("running" if wait else "queued"))
    if not wait:
        return
    with unit_of_work():
        run = execute(run_id, 1)
    click.echo(f"run {run_id}: {run.status.value}")
    if run.error:
        click.echo(run.error, err=True)
        sys.exit(1)
    for key in ("proposals", "themes", "k_reason", "duplicate_groups", "duplicates", "flags", "outside_mandate",
                "needs_review"):
        click.echo(f"  {key}: {run.summary.get(key)}")
