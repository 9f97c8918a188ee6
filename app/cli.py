"""Registers every domain's `flask` commands."""


def init_app(app) -> None:
    from app.demo.cli import demo_cli
    from app.mail.cli import mail_cli
    from app.notifications.cli import notifications_cli

    app.cli.add_command(demo_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(notifications_cli)
