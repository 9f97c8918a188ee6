"""`flask audit verify`: recompute the chain; exit 1 naming the first broken entry."""
import click
from flask.cli import AppGroup

audit_cli = AppGroup("audit", help="The tamper-evident audit log.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Check every entry's hash and link; exit 1 at the first entry altered, deleted or reordered."""
    from .services import verify

    verdict = verify()
    if verdict.ok:
        click.echo(f"audit log intact: {verdict.checked} entries")
        return
    click.echo(f"audit log BROKEN after {verdict.checked} good entries: {verdict.problem}"
               + (f" (row id {verdict.entry_id})" if verdict.entry_id else ""), err=True)
    raise SystemExit(1)
