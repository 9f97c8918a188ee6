"""Draws the second, fresh round of the Madrid triage evaluation set (see LABELLING_GUIDE.md §9).

The first round (madrid_triage_labelled.csv) was looked at while the triage rules were written, so it
can no longer show how the rules do on requests nobody tuned them on. This round is drawn from the
proposals that round left out, labelled by people who never read the rules, and only scored.

Strata: 'wide' = a wider net than the first round's keywords (landmark and ambiguous words searched
in the description too, where most are hard negatives), 'random' = the rest. Seeded, so the draw is
reproducible:  python scripts/madrid_fresh_sample.py /work/shared/datasets > sample.json"""
import csv
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from app.analysis.evaluation import LABELS, PROPOSALS, plain  # noqa: E402

WIDE = re.compile(r"\bmetro\b|\bcolegio|\binstituto|\bescuela|\beducacion|\ba-?[1-6]\b|\bm-?(40|45|50|607)\b|"
                  r"\bgobierno|\bestado\b|\bvivienda|\bsalud\b|\bmedic|\bpolicia\b|\btren\b|\bestacion\b|"
                  r"\bautopista|\bcarretera|\babono\b|\bconsorcio|\bnacional\b|\bregional\b|\bcomunidad\b")
JUNK = re.compile(r"ssrf|test proposal|youtube url|^test\b|^prueba\b")
WIDE_N, RANDOM_N = 280, 120


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def draw(datasets: Path) -> list[dict]:
    with (datasets / PROPOSALS).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    with LABELS.open(encoding="utf-8", newline="") as handle:
        done = {r["id"] for r in csv.DictReader(handle)}
    rest = [r for r in rows if r["id"] not in done and not JUNK.search(fold(r["title"]))]
    wide = [r for r in rest if WIDE.search(fold(r["title"] + " " + plain(r["description"])))]
    other = [r for r in rest if r not in wide]
    rng = random.Random(2026)
    picked = [(r, "wide") for r in rng.sample(wide, WIDE_N)] + [(r, "random") for r in rng.sample(other, RANDOM_N)]
    rng.shuffle(picked)
    return [{"id": r["id"], "title": r["title"], "stratum": s} for r, s in picked]


if __name__ == "__main__":
    print(json.dumps(draw(Path(sys.argv[1])), ensure_ascii=False, indent=1))
