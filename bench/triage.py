"""Mandate triage: held-out accuracy on the labelled set, and throughput on the Barcelona proposals."""
from app.analysis.competences import CompetenceMap
from app.analysis.triage import default_model, evaluate

from .common import barcelona, report, timed


def main() -> None:
    results = {}
    with timed(results, "evaluate_seconds"):
        results.update(evaluate())
    texts, _ = barcelona()
    model, barcelona_map = default_model(), CompetenceMap.load("barcelona")
    with timed(results, "barcelona_10860_seconds"):
        triaged = model.triage_many(texts, barcelona_map)
    levels = {}
    for t in triaged:
        levels[t.level] = levels.get(t.level, 0) + 1
    results["barcelona_levels"] = levels
    results["barcelona_mixed"] = sum(t.mixed for t in triaged)
    report("triage", results)


if __name__ == "__main__":
    main()
