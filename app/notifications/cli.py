"""`flask notifications send`: announce phase changes, then deliver the e-mail outbox."""
import click
from flask import current_app
from flask.cli import AppGroup

notifications_cli = AppGroup("notifications", help="Notifications and the e-mail outbox.")


@notifications_cli.command("send")
def send_command() -> None:
    """Announce phase changes to followers, then send every queued e-mail."""
    from app.consultations.services import announce_phase_changes
    from app.mail.services import deliver_pending

    told = announce_phase_changes(current_app.config["PUBLIC_URL"])
    sent, failed = deliver_pending()
    click.echo(f"phase changes announced to {told} people; e-mails sent {sent}, failed {failed}")
