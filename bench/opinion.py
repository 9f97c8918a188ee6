"""Opinion groups on the Pol.is conversations (time, ARI against Pol.is) and on a synthetic
20,000 × 2,000 vote matrix at 5% density (target ≤ 30 s)."""
import numpy as np
from sklearn.metrics import adjusted_rand_score

from app.analysis.opinion import VoteMatrix, opinion_groups
from app.analysis.polis import published_groups, read_votes

from .common import DATASETS, report, timed

CONVERSATIONS = ["scoop-hivemind.biodiversity", "austria-climate.5twd2jsnkf.2022-08-08", "vtaiwan.uberx",
                 "london.youth.policing", "scoop-hivemind.ubi"]


def synthetic(participants=20_000, statements=2_000, density=0.05, groups=3, seed=0) -> VoteMatrix:
    """Camps with their own leaning on each statement; 5% of cells voted."""
    rng = np.random.default_rng(seed)
    camp = rng.integers(groups, size=participants)
    leaning = rng.uniform(-1, 1, size=(groups, statements))
    values = np.full((participants, statements), np.nan)
    voted = rng.random((participants, statements)) < density
    p = (leaning[camp] + 1) / 2
    draws = rng.random((participants, statements))
    values[voted] = np.where(draws[voted] < p[voted] * 0.9, 1.0, np.where(draws[voted] > 0.95, 0.0, -1.0))
    return VoteMatrix([str(i) for i in range(participants)], [str(j) for j in range(statements)], values), camp


def main() -> None:
    results = {}
    for name in CONVERSATIONS:
        folder = DATASETS / "polis" / name
        with timed(results, f"{name}_seconds"):
            matrix = read_votes(folder)
            published = published_groups(folder)
            result = opinion_groups(matrix, k=len(set(published.values())))
        both = [p for p in published if result.assignments.get(p) is not None]
        results[f"{name}_ari"] = round(adjusted_rand_score([published[p] for p in both],
                                                           [result.assignments[p] for p in both]), 3)
    matrix, camp = synthetic()
    with timed(results, "synthetic_20000x2000_seconds"):
        result = opinion_groups(matrix)
    placed = [i for i, p in enumerate(matrix.participants) if result.assignments[p] is not None]
    results["synthetic_groups"] = len(result.groups)
    results["synthetic_ari_vs_planted"] = round(adjusted_rand_score(
        camp[placed], [result.assignments[matrix.participants[i]] for i in placed]), 3)
    report("opinion", results)


if __name__ == "__main__":
    main()
