"""`flask selection run` and `flask selection draw`: fair selection from the command line, for operators
and for anyone checking a published draw. Bad input exits 2 with one line."""
import json
from pathlib import Path

import click
from flask.cli import AppGroup

selection_cli = AppGroup("selection", help="Fair selection of seats (LEXIMIN) and verifiable draws.")


def _fail(message: str):
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


@selection_cli.command("run")
@click.argument("pool_dir")
@click.option("--k", "k", type=int, required=True, help="Panel size.")
@click.option("--json", "out", type=click.Path(dir_okay=False), required=True, help="Where to write the result.")
@click.option("--published", default=None, help="The public value whose SHA-256 seeds the draw.")
def run_command(pool_dir: str, k: int, out: str, published: str | None) -> None:
    """Compute the LEXIMIN lottery for POOL_DIR (categories.csv, respondents.csv) and draw a panel."""
    from .selection.leximin import Infeasible
    from .selection.pool import PoolError
    from .selection.run import run_folder

    try:
        result = run_folder(pool_dir, k, published)
    except (PoolError, Infeasible) as error:
        _fail(str(error))
    Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"min probability {result['min_probability']:.4%} over {result['pool_size']} volunteers "
               f"({result['types']} types), panel of {k} in {result['seconds']} s; commitment {result['commitment']}")


@selection_cli.command("draw")
@click.argument("source")
@click.option("--published", required=True, help="The public value announced in advance.")
def draw_command(source: str, published: str) -> None:
    """Re-run a draw: SOURCE is a selection's number in this database or the JSON written by `run`."""
    from .selection import draw as draws

    lottery, recorded, commitment = _lottery(source)
    if commitment and draws.commitment(lottery) != commitment:
        _fail("the lottery does not match its published commitment")
    click.echo(f"commitment {draws.commitment(lottery)}")
    seed = draws.seed_of(published)
    panel = draws.draw(lottery, seed)
    click.echo(f"seed {seed}")
    click.echo("panel " + " ".join(panel))
    if recorded is not None:
        click.echo("matches the recorded draw" if recorded == panel else "DIFFERS from the recorded draw")
        if recorded != panel:
            raise SystemExit(1)


def _lottery(source: str) -> tuple[dict, list | None, str | None]:
    """(lottery, recorded panel, commitment) from a JSON file or a selection stored in the database."""
    path = Path(source)
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            _fail(f"{source} is not JSON")
        return data.get("lottery", data), None, data.get("commitment")
    if not source.isdigit():
        _fail(f"{source} is neither a file nor a selection number")
    from app.extensions import db

    from .models import Selection

    selection = db.session.get(Selection, int(source))
    if selection is None:
        _fail(f"no selection number {source}")
    return selection.lottery, (selection.panel if selection.drawn_at else None), selection.commitment
