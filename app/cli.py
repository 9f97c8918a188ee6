"""Registers every domain's `flask` commands (the shell layer: it may compose features)."""
import click
from flask.cli import AppGroup

notifications_cli = AppGroup("notifications", help="Notifications and the e-mail outbox.")


@notifications_cli.command("send")
def send_command() -> None:
    """Announce phase changes to followers, then send every queued e-mail (run it from cron)."""
    from app.consultations.services import announce_phase_changes
    from app.mail.services import deliver_pending
    from app.unit_of_work import unit_of_work

    with unit_of_work():
        told = announce_phase_changes()
    sent, failed = deliver_pending()
    click.echo(f"phase changes announced to {told} people; e-mails sent {sent}, failed {failed}")


def init_app(app) -> None:
    from app.audit.cli import audit_cli
    from app.consultations.cli import consultations_cli
    from app.demo.cli import demo_cli
    from app.insights.cli import analysis_cli
    from app.mail.cli import mail_cli
    from app.moderation.cli import selection_cli

    app.cli.add_command(analysis_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(consultations_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(selection_cli)
