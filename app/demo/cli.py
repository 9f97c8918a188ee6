"""`flask demo load`: a realistic, idempotent demo for newcomers and browser tests."""
import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def load_command() -> None:
    """Fill the database with the demo; running it twice creates nothing twice."""
    from .loader import credentials, load

    created = load()
    click.echo("demo loaded: " + ", ".join(f"{n} {kind} created" for kind, n in created.items()))
    click.echo("demo sign-ins (all with the same password):")
    for role, email, password in credentials():
        click.echo(f"  {role:<13} {email:<32} {password}")
