"""Opinion groups on the five Pol.is conversations: agreement (ARI) with Pol.is's own groups computed
once on the final votes and by replaying votes.csv in time order (an update every 100 votes, each
warm-started from the previous one, as Pol.is and the platform run it), the number of groups, and
stability across runs; then a synthetic 20,000 × 2,000 vote matrix at 5% density (target ≤ 30 s).

The UBI conversation was exported by a 2017 version of Pol.is, which filled missing votes with 0
(the column mean since October 2017): it is run with fill=zero, as Pol.is computed its groups then.
Every run applies the platform's minimum group size (5); Pol.is's own groups have no minimum (the
London conversation has two groups of 3), so ARI there measures the difference too."""
import numpy as np
from sklearn.metrics import adjusted_rand_score

from app.analysis.opinion import VoteMatrix, agreement, opinion_groups, replay, stability
from app.analysis.polis import published_groups, read_votes, rejected_statements, timed_votes

from .common import DATASETS, log, report, timed

CONVERSATIONS = ["scoop-hivemind.biodiversity", "austria-climate.5twd2jsnkf.2022-08-08", "vtaiwan.uberx",
                 "london.youth.policing", "scoop-hivemind.ubi"]
FILL = {"scoop-hivemind.ubi": "zero"}
EVERY = 100


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


def ari(published: dict, result) -> float:
    both = [p for p in published if result.assignments.get(p) is not None]
    return round(adjusted_rand_score([published[p] for p in both], [result.assignments[p] for p in both]), 3)


def main() -> None:
    results = {}
    one_shot, replayed = [], []
    for name in CONVERSATIONS:
        folder = DATASETS / "polis" / name
        matrix, published = read_votes(folder), published_groups(folder)
        fill = FILL.get(name, "mean")
        with timed(results, f"{name}_seconds"):
            result = opinion_groups(matrix, fill=fill)
        spread = stability(matrix, seeds=range(5), fill=fill)
        votes, rejected = timed_votes(folder), rejected_statements(folder)
        with timed(results, f"{name}_replay_seconds"):
            runs = [replay(votes, every=EVERY, offset=(EVERY * seed) // 3, moderated_out=rejected, fill=fill, seed=seed)
                    for seed in range(3)]
        log(f"{name} done")
        one_shot.append(ari(published, result))
        replayed.append(ari(published, runs[0]))
        results[name] = {
            "polis_k": len(set(published.values())),
            "one_shot": {"ari": one_shot[-1], "k": len(result.groups), "stability_5_seeds": spread["mean_ari"],
                         "k_by_seed": spread["k_by_run"], "moved_for_min_size": result.report["participants_moved_to_nearest_group"]},
            "replay": {"ari": replayed[-1], "k": len(runs[0].groups), "updates": runs[0].report["updates_replayed"],
                       "stability_3_schedules": agreement(runs)["mean_ari"], "k_by_schedule": [len(r.groups) for r in runs],
                       "ari_by_schedule": [ari(published, r) for r in runs]},
        }
    results["median_ari_one_shot"] = float(np.median(one_shot))
    results["median_ari_replay"] = float(np.median(replayed))
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
