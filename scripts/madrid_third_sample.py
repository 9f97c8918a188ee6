"""Draws the third round of the Madrid triage evaluation set (see LABELLING_GUIDE.md §10): every
proposal the first two rounds left out, test posts dropped.

The fresh round (madrid_triage_fresh.csv) was read while the rules were refined in session 4, so it
became development data like the first round. A sample of a few hundred would hold only a dozen
requests outside the mandate (the first round's keyword net took most of them), so this round labels
all that is left: recall rests on every such request in the dataset, and precision is measured on
the population the platform will really see. Strata as in the fresh round: 'wide' = the fresh
round's wider word net, 'rest' = the others. Batches are shuffled with a seed, so the draw is
reproducible:  python scripts/madrid_third_sample.py ../shared/datasets > third.json"""
import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from app.analysis.evaluation import FRESH, LABELS, PROPOSALS, plain  # noqa: E402
from madrid_fresh_sample import JUNK, WIDE, fold  # noqa: E402


def draw(datasets: Path) -> list[dict]:
    with (datasets / PROPOSALS).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    done = set()
    for path in (LABELS, FRESH):
        with path.open(encoding="utf-8", newline="") as handle:
            done |= {r["id"] for r in csv.DictReader(handle)}
    rest = [r for r in rows if r["id"] not in done and not JUNK.search(fold(r["title"]))]
    picked = [(r, "wide" if WIDE.search(fold(r["title"] + " " + plain(r["description"]))) else "rest")
              for r in rest]
    random.Random(2027).shuffle(picked)
    return [{"id": r["id"], "title": r["title"], "stratum": s} for r, s in picked]


if __name__ == "__main__":
    print(json.dumps(draw(Path(sys.argv[1])), ensure_ascii=False, indent=1))
