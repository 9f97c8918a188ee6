"""One selection from start to end, as the command line and the web pages run it: read the pool,
compute the LEXIMIN lottery, publish it (with its commitment hash) and draw a panel."""
import time

from . import draw as draws
from .leximin import leximin
from .pool import Pool, read_folder


def run_pool(pool: Pool, k: int, public_value: str | None = None) -> dict:
    """The lottery, every volunteer's probability and a drawn panel, as plain data (OUT.json)."""
    started = time.perf_counter()
    result = leximin(pool, k)
    lottery = draws.published(result)
    commitment = draws.commitment(lottery)
    seed = draws.seed_of(public_value) if public_value else commitment
    return {
        "k": k,
        "pool_size": len(pool.ids),
        "types": len(lottery["types"]),
        "min_probability": result.min_probability,
        "probabilities": result.probabilities,
        "commitment": commitment,
        "seed": seed,
        "seed_from": "published value" if public_value else "commitment (no published value given: not a fair draw)",
        "panel": draws.draw(lottery, seed),
        "lottery": lottery,
        "seconds": round(time.perf_counter() - started, 3),
    }


def run_folder(folder, k: int, public_value: str | None = None) -> dict:
    return run_pool(read_folder(folder), k, public_value)
