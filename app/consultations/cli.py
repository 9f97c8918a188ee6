"""`flask consultations import`: proposals from a CSV file (paper forms typed up, or another
platform's export), with the same rules as the moderator's import page. Bad input exits 2."""
from pathlib import Path

import click
from flask.cli import AppGroup

consultations_cli = AppGroup("consultations", help="Consultations: importing proposals.")

SHOWN_ERRORS = 50


def _fail(*lines: str):
    for line in lines:
        click.echo(f"error: {line}", err=True)
    raise SystemExit(2)


@consultations_cli.command("import")
@click.argument("consultation_id")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title-col", default="title", show_default=True, help="The column holding each proposal's title.")
@click.option("--body-col", default="body", show_default=True, help="The column holding its text.")
@click.option("--id-col", default="id", show_default=True,
              help="Its id on paper or on the other platform: a row whose id is already imported is skipped.")
@click.option("--language-col", default=None, help="Its language (en, fr, ar…); without it, it is recognised.")
@click.option("--organisation-col", default=None, help="The name of the council's organisation that sent it.")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be imported, without importing.")
def import_command(consultation_id: str, file: Path, title_col: str, body_col: str, id_col: str,
                   language_col: str | None, organisation_col: str | None, dry_run: bool) -> None:
    """Add the proposals in FILE (UTF-8 CSV) to consultation CONSULTATION_ID, all or none."""
    from app.unit_of_work import unit_of_work

    from . import importing

    consultation = _consultation(consultation_id)
    columns = importing.Columns(title=title_col, body=body_col, id=id_col, language=language_col,
                                organisation=organisation_col)
    with unit_of_work():
        plan = importing.plan(consultation, importing.parse(_read(file), columns))
        if plan.errors:
            _fail(*_error_lines(plan.errors))
        if dry_run:
            click.echo(f"would import {len(plan.new)} proposals into consultation {consultation.id}; "
                       f"{plan.already} already imported (of {len(plan.parsed.rows)} rows)")
            return
        outcome = importing.import_proposals(plan, source=f"command line: {file.name}")
    click.echo(f"imported {outcome.added} proposals into consultation {consultation.id} “{consultation.title}”; "
               f"{outcome.already} already imported (of {len(plan.parsed.rows)} rows)")


def _consultation(raw_id: str):
    from app.extensions import db
    from app.inputs import parse_id

    from .models import Consultation

    consultation_id = parse_id(raw_id)
    consultation = db.session.get(Consultation, consultation_id) if consultation_id else None
    if consultation is None:
        _fail(f"there is no consultation {raw_id!r} (give the number shown in its address, /consultations/N)")
    return consultation


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        _fail(f"cannot read {file}: {error.strerror}")


def _error_lines(errors) -> list[str]:
    lines = [f"line {e.line}: {e.message}" if e.line else e.message for e in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        lines.append(f"… and {len(errors) - SHOWN_ERRORS} more errors")
    return lines + ["nothing was imported"]
