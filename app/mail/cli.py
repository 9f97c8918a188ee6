"""`flask mail send`: deliver what waits in the outbox."""
import click
from flask.cli import AppGroup

mail_cli = AppGroup("mail", help="E-mail outbox.")


@mail_cli.command("send")
@click.option("--limit", default=500, show_default=True)
def send_command(limit: int) -> None:
    """Deliver unsent messages (to the log when MAIL_SERVER is not set); failures stay for the next run."""
    from .services import deliver_pending

    sent, failed = deliver_pending(limit)
    click.echo(f"sent {sent}, failed {failed}")
