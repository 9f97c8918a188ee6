"""`flask demo load`: a realistic, idempotent demo for newcomers and browser tests."""
import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def load_command() -> None:
    """Fill the database with the demo; running it twice creates nothing twice."""
    from app.unit_of_work import unit_of_work

    from .data import PASSWORD
    from .loader import credentials, load

    with unit_of_work():
        created = load()
    click.echo("demo loaded: " + ", ".join(f"{n} {kind} created" for kind, n in created.items()))
    click.echo(f"demo sign-ins, all with the password {PASSWORD}:")
    for email, description in credentials():
        click.echo(f"  {email:<34} {description}")
