"""Helpers shared by the benchmarks: datasets, timing, peak memory, one JSON line of results."""
import csv
import json
import resource
import sys
import time
from contextlib import contextmanager
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def barcelona() -> tuple[list[str], list[str]]:
    rows = []
    for part in (1, 2):
        path = DATASETS / "decidim-barcelona-2016" / f"decidim_barcelona_pam2016_proposals_part{part}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return [r["title"] + ". " + r["summary"] for r in rows], [r["subcategory"].strip() for r in rows]


@contextmanager
def timed(results: dict, key: str):
    start = time.perf_counter()
    yield
    results[key] = round(time.perf_counter() - start, 2)


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def report(name: str, results: dict) -> None:
    results["peak_memory_mb"] = peak_memory_mb()
    print(json.dumps({"benchmark": name, **results}), flush=True)


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
