"""Mandate triage measured on real requests: decide.madrid proposals labelled by hand, in two rounds.

The labels (data/eval/madrid/) were made independently of the rules, by people who did not write
them, following LABELLING_GUIDE.md; doubtful.md lists the cases the labellers were unsure of. The
CSVs hold ids, titles and labels; the proposals' descriptions are read from the shared datasets at
run time.

- The first round (596 proposals, madrid_triage_labelled.csv) is split once, by a hash of the id,
  into a dev half and a test half. The test half was only scored at first; it has since been read
  while the rules were refined, so both halves are development data now.
- The fresh round (madrid_triage_fresh.csv, drawn by scripts/madrid_fresh_sample.py from the
  proposals the first round left out, labelled blind to the rules) was held out for one session; its
  errors were then read while refining the rules, so it is development data too.
- The third round (madrid_triage_third.csv: every proposal the first two left out, drawn by
  scripts/madrid_third_sample.py, labelled blind to the rules by seven labellers) was scored whole
  once, then split by a hash of the id like the first round: 'third-dev' is read while refining the
  rules, 'third-test' is the held-out set, scored and never read.
- The 2019 sample (madrid_triage_2019.csv: the 80 proposals of the shared decide-madrid-2019 sample,
  from 2015-2019 and with long comment threads, labelled by two labellers blind to the rules and to
  each other, then adjudicated) is a second held-out set, from another period and another file:
  scored, never read."""
import csv
import hashlib
import html
import re
from collections import Counter, defaultdict
from pathlib import Path

from .competences import OUTSIDE_MANDATE, CompetenceMap

EVAL = Path(__file__).parent / "data" / "eval" / "madrid"
LABELS = EVAL / "madrid_triage_labelled.csv"
FRESH = EVAL / "madrid_triage_fresh.csv"
THIRD = EVAL / "madrid_triage_third.csv"
SAMPLE_2019 = EVAL / "madrid_triage_2019.csv"
PROPOSALS = Path("decide-madrid-2024") / "decide_madrid_proposals_2024_2025.csv"
PROPOSALS_2019 = Path("decide-madrid-2019") / "decide_madrid_2019_sample_proposals.csv"
TAG = re.compile(r"<[^>]+>")


def half(request_id: str) -> str:
    """'dev' or 'test', fixed for ever by the id (about half each)."""
    digest = hashlib.sha256(f"majlis-triage-{request_id}".encode()).hexdigest()
    return "dev" if int(digest, 16) % 2 == 0 else "test"


def plain(text: str) -> str:
    """HTML description → plain text, paragraphs kept as sentence breaks."""
    text = re.sub(r"</p>|<br\s*/?>|</li>", "\n", text or "", flags=re.IGNORECASE)
    return re.sub(r"[ \t]+", " ", html.unescape(TAG.sub(" ", text))).strip()


def madrid_requests(datasets: Path) -> list[dict]:
    """The labelled proposals of every round joined with their descriptions; `half` is dev or test
    for the first round, 'fresh' for the second, third-dev or third-test for the third and '2019' for
    the 2019 sample (whose description is its summary followed by its text)."""
    with (Path(datasets) / PROPOSALS).open(encoding="utf-8", newline="") as handle:
        descriptions = {r["id"]: plain(r["description"]) for r in csv.DictReader(handle, delimiter=";")}
    with (Path(datasets) / PROPOSALS_2019).open(encoding="utf-8", newline="") as handle:
        descriptions_2019 = {r["id"]: "\n".join(filter(None, (plain(r["summary"]), plain(r["text"]))))
                             for r in csv.DictReader(handle)}
    rows = []
    for path, name, texts in ((LABELS, "{}", descriptions), (FRESH, "fresh", descriptions),
                              (THIRD, "third-{}", descriptions), (SAMPLE_2019, "2019", descriptions_2019)):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [{**row, "text": texts.get(row["id"], ""), "half": name.format(half(row["id"]))}
                     for row in csv.DictReader(handle)]
    return rows


def score(truth: list[str], predicted: list[str], review: list[bool] | None = None) -> dict:
    """Outside-mandate recall and precision (regional or national), four-level accuracy, and the
    accuracy of answering 'municipal' for everything. With `review` (the needs-review flags), also the
    share of outside-mandate requests a moderator gets to see: flagged outside, or marked for review."""
    outside_true = [t in OUTSIDE_MANDATE for t in truth]
    outside_pred = [p in OUTSIDE_MANDATE for p in predicted]
    hits = sum(a and b for a, b in zip(outside_true, outside_pred))
    n = len(truth)
    seen = {} if review is None else {"outside_flagged_or_for_review": round(
        sum(t and (p or r) for t, p, r in zip(outside_true, outside_pred, review)) / max(1, sum(outside_true)), 3)}
    return {"n": n, "outside": sum(outside_true), **seen,
            "outside_recall": round(hits / max(1, sum(outside_true)), 3),
            "outside_precision": round(hits / max(1, sum(outside_pred)), 3),
            "accuracy": round(sum(t == p for t, p in zip(truth, predicted)) / max(1, n), 3),
            "all_municipal_accuracy": round(sum(t == "municipal" for t in truth) / max(1, n), 3)}


DEVELOPMENT = ("dev", "test", "fresh", "third-dev")
HELD_OUT = ("third-test", "2019")
ROUNDS = {"dev": "first", "test": "first", "third-dev": "third", "third-test": "third"}


def evaluate_madrid(datasets: Path, model=None, halves=DEVELOPMENT) -> dict:
    """Scores per round ('first'; 'fresh'; 'third'), per half, per stratum of the sample and per
    language (when there is more than one), each language and the needs-review share apart for the
    development rows and each held-out set; 'development' is every row read while writing rules, and
    'all' every round asked for. The held-out sets are only scored when asked for by name
    (halves=DEVELOPMENT + HELD_OUT, as `make bench` does): their rows must not be read."""
    from .text import detect_languages
    from .triage import default_model

    rows = [r for r in madrid_requests(datasets) if r["half"] in halves]
    model = model or default_model()
    results = model.triage_many([r["text"] for r in rows], CompetenceMap.load("madrid"), [r["title"] for r in rows])
    languages = detect_languages([r["title"] + ". " + r["text"] for r in rows])
    report = {"all": score([r["level"] for r in rows], [t.level for t in results], [t.needs_review for t in results])}
    groups = defaultdict(list)
    for row, result, language in zip(rows, results, languages):
        scope = row["half"] if row["half"] in HELD_OUT else "development"
        keys = {ROUNDS.get(row["half"]), scope, row["half"], f"{row['half']}:{row['in_sample']}",
                f"{scope} language:{language}"} - {None}
        for key in keys:
            groups[key].append((row["level"], result.level, result.needs_review))
    for scope in ("development", *HELD_OUT):
        languages_of_scope = [k for k in groups if k.startswith(f"{scope} language:")]
        scored = [k for k in languages_of_scope if len(groups[k]) >= 20]
        for key in languages_of_scope:
            if key not in scored or len(scored) < 2:
                del groups[key]  # by language only where more than one language has enough requests to score
        if scope in groups:
            report[f"{scope} needs_review_share"] = round(sum(r for *_, r in groups[scope]) / len(groups[scope]), 3)
    for key, triples in sorted(groups.items()):
        report[key] = score(*map(list, zip(*triples)))
    report["languages"] = dict(Counter(languages).most_common())
    return {"report": report, "rows": rows, "results": results}
