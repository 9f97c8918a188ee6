"""Opinion groups from agree/disagree/pass votes, following Pol.is's published method.

Pol.is's choices matter: missing votes are filled with the statement's mean (filling with 0 would
separate heavy voters from light voters rather than opinions), projections are scaled up for people
who voted on few statements, and the final k-means runs on 100 small "base clusters"."""
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

Z_90 = 1.2816  # one-sided 90% confidence


@dataclass
class VoteMatrix:
    participants: list[str]
    statements: list[str]
    values: np.ndarray  # participants × statements; 1 agree, -1 disagree, 0 pass, nan not voted
    moderated_out: set = field(default_factory=set)  # statements rejected by moderators

    @classmethod
    def from_votes(cls, votes, moderated_out=()) -> "VoteMatrix":
        """From (participant, statement, vote[, time]) rows; the latest vote per cell wins."""
        latest: dict[tuple[str, str], tuple[float, float]] = {}
        for n, row in enumerate(votes):
            participant, statement, vote = str(row[0]), str(row[1]), float(row[2])
            when = float(row[3]) if len(row) > 3 and row[3] not in (None, "") else n
            if (participant, statement) not in latest or latest[(participant, statement)][0] <= when:
                latest[(participant, statement)] = (when, vote)
        participants = sorted({p for p, _ in latest}, key=_natural)
        statements = sorted({s for _, s in latest}, key=_natural)
        p_index = {p: i for i, p in enumerate(participants)}
        s_index = {s: j for j, s in enumerate(statements)}
        values = np.full((len(participants), len(statements)), np.nan)
        for (p, s), (_, vote) in latest.items():
            values[p_index[p], s_index[s]] = vote
        return cls(participants, statements, values, {str(s) for s in moderated_out})

    def for_clustering(self) -> np.ndarray:
        """Rejected statements become a column of passes for everyone, as in Pol.is: they carry no
        opinion, yet still count in the √(#statements / #voted) scaling of the projection."""
        values = self.values.copy()
        values[:, [j for j, s in enumerate(self.statements) if s in self.moderated_out]] = 0.0
        return values


@dataclass
class StatementScore:
    statement: str
    agree_rate: float
    disagree_rate: float
    votes: int
    direction: str = "agree"  # for representative statements: what marks the group out


@dataclass
class OpinionGroup:
    id: int
    members: list[str]
    representative: list[StatementScore]


@dataclass
class OpinionResult:
    groups: list[OpinionGroup]
    assignments: dict[str, int | None]  # None: voted too little to be placed
    coordinates: dict[str, tuple[float, float]]
    consensus: list[StatementScore]
    divisive: list[dict]
    parameters: dict = field(default_factory=dict)


def opinion_groups(matrix: VoteMatrix, k: int | None = None, base_clusters: int = 100, min_votes: int = 7,
                   fill: str = "mean", seed: int = 0) -> OpinionResult:
    """Pol.is groups, the statements that represent each, consensus and divisive statements."""
    values = matrix.for_clustering()
    clustered = _participants_to_cluster(~np.isnan(matrix.values), min_votes)
    coords = project(values, fill)
    labels = _cluster(coords[clustered], k, base_clusters, seed)
    groups_of = np.full(len(values), -1)
    groups_of[clustered] = labels
    n_groups = int(labels.max()) + 1 if len(labels) else 0
    shown = [j for j, s in enumerate(matrix.statements) if s not in matrix.moderated_out]
    statements = [matrix.statements[j] for j in shown]
    counts = _vote_counts(matrix.values[:, shown], groups_of, n_groups)
    groups = [OpinionGroup(g, [matrix.participants[i] for i in np.flatnonzero(groups_of == g)],
                           representative_statements(counts, g, statements)) for g in range(n_groups)]
    return OpinionResult(
        groups,
        {p: (int(groups_of[i]) if groups_of[i] >= 0 else None) for i, p in enumerate(matrix.participants)},
        {p: (float(coords[i, 0]), float(coords[i, 1])) for i, p in enumerate(matrix.participants) if clustered[i]},
        consensus_statements(counts, statements),
        divisive_statements(counts, statements),
        {"k": n_groups, "base_clusters": base_clusters, "min_votes": min_votes, "fill": fill, "seed": seed},
    )


def _participants_to_cluster(voted: np.ndarray, min_votes: int) -> np.ndarray:
    """Those who voted on min(7, #statements) statements; the most active up to 15 if too few."""
    n_votes = voted.sum(axis=1)
    chosen = n_votes >= min(min_votes, voted.shape[1])
    if chosen.sum() < 15:
        chosen[np.argsort(-n_votes, kind="stable")[:15]] = True
        chosen &= n_votes > 0
    return chosen


def project(values: np.ndarray, fill: str = "mean") -> np.ndarray:
    """2-D coordinates: PCA on the mean-filled matrix, scaled by √(#statements / #voted)."""
    voted = ~np.isnan(values)
    totals, seen = np.where(voted, values, 0.0).sum(axis=0), voted.sum(axis=0)
    means = np.divide(totals, seen, out=np.zeros(values.shape[1]), where=seen > 0) if fill == "mean" \
        else np.zeros(values.shape[1])
    filled = np.where(voted, values, means)
    n_components = min(2, *filled.shape)
    pca = PCA(n_components=n_components, random_state=0).fit(filled)
    centred = np.where(voted, values - pca.mean_, 0.0)  # unvoted cells contribute nothing
    coords = centred @ pca.components_.T
    n_voted = np.maximum(voted.sum(axis=1), 1)
    coords *= np.sqrt(values.shape[1] / n_voted)[:, None]
    if n_components < 2:
        coords = np.hstack([coords, np.zeros((len(coords), 2 - n_components))])
    return coords


def _cluster(points: np.ndarray, k: int | None, base_clusters: int, seed: int) -> np.ndarray:
    if len(points) < 2:
        return np.zeros(len(points), dtype=int)
    n_base = min(base_clusters, len(np.unique(points, axis=0)))
    base = KMeans(n_base, random_state=seed, n_init=1).fit(points)
    centres, sizes = base.cluster_centers_, np.bincount(base.labels_, minlength=n_base)
    candidates = [k] if k else list(range(2, min(5, 2 + n_base // 12) + 1))
    best, best_score = None, -2.0
    for candidate in candidates:
        if candidate >= n_base:
            continue
        grouping = KMeans(candidate, random_state=seed, n_init=10).fit(centres, sample_weight=sizes).labels_
        score = silhouette_score(centres, grouping) if len(set(grouping)) > 1 else -1
        if score > best_score:
            best, best_score = grouping, score
    if best is None:
        best = np.zeros(n_base, dtype=int)
    return _relabel_by_size(best[base.labels_])


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Group 0 is the largest, so ids are stable across runs."""
    order = np.argsort(-np.bincount(labels), kind="stable")
    mapping = np.empty_like(order)
    mapping[order] = np.arange(len(order))
    return mapping[labels]


def _vote_counts(values, groups_of, n_groups) -> dict:
    """Per group and statement: agrees, disagrees and votes seen (passes included)."""
    agree, disagree, seen = (np.zeros((n_groups, values.shape[1])) for _ in range(3))
    for g in range(n_groups):
        block = values[groups_of == g]
        agree[g] = (block == 1).sum(axis=0)
        disagree[g] = (block == -1).sum(axis=0)
        seen[g] = (~np.isnan(block)).sum(axis=0)
    return {"A": agree, "D": disagree, "S": seen}


def _proportion_z(successes, trials):
    """z of a proportion against one half (Pol.is's `prop-test`, with its +1 smoothing)."""
    return 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def _two_proportion_z(s1, n1, s2, n2):
    p1, p2 = (s1 + 1) / (n1 + 2), (s2 + 1) / (n2 + 2)
    pooled = (s1 + s2 + 1) / (n1 + n2 + 2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / (n1 + 2) + 1 / (n2 + 2)))
    return np.divide(p1 - p2, spread, out=np.zeros_like(p1, dtype=float), where=spread > 0)


def representative_statements(counts: dict, g: int, statements: list[str], limit: int = 5) -> list[StatementScore]:
    """Statements on which group g agrees (or disagrees) more than the others, significantly."""
    A, D, S = counts["A"], counts["D"], counts["S"]
    rest = [h for h in range(len(A)) if h != g]
    a_out, d_out, s_out = A[rest].sum(0), D[rest].sum(0), S[rest].sum(0)
    found = []
    for direction, X, X_out in (("agree", A, a_out), ("disagree", D, d_out)):
        rate = (X[g] + 1) / (S[g] + 2)
        ratio = rate / ((X_out + 1) / (s_out + 2))
        significant = (_proportion_z(X[g], S[g]) > Z_90) & (_two_proportion_z(X[g], S[g], X_out, s_out) > Z_90)
        for j in np.flatnonzero(significant):
            found.append((ratio[j] * rate[j], StatementScore(statements[j], _rate(A[g, j], S[g, j]),
                                                             _rate(D[g, j], S[g, j]), int(S[g, j]), direction)))
    found.sort(key=lambda item: -item[0])
    return [score for _, score in found[:limit]]


def consensus_statements(counts: dict, statements: list[str], limit: int = 5) -> list[StatementScore]:
    """Statements every group agrees with, ranked by the product of the groups' agreement."""
    A, D, S = counts["A"], counts["D"], counts["S"]
    if not len(A):
        return []
    rates = (A + 1) / (S + 2)
    everyone = (rates > 0.5).all(axis=0) & (S.sum(0) > 0)
    score = np.prod(rates, axis=0)
    best = [j for j in np.argsort(-score) if everyone[j]][:limit]
    return [StatementScore(statements[j], _rate(A[:, j].sum(), S[:, j].sum()), _rate(D[:, j].sum(), S[:, j].sum()),
                           int(S[:, j].sum())) for j in best]


def divisive_statements(counts: dict, statements: list[str], limit: int = 5) -> list[dict]:
    """Statements whose agreement differs most between groups (spread of the groups' agree rates)."""
    A, S = counts["A"], counts["S"]
    if len(A) < 2:
        return []
    rates = (A + 1) / (S + 2)
    spread = rates.max(axis=0) - rates.min(axis=0)
    best = np.argsort(-spread)[:limit]
    return [{"statement": statements[j], "spread": round(float(spread[j]), 3),
             "agree_rate_by_group": [round(float(r), 3) for r in rates[:, j]]} for j in best]


def _rate(x, n) -> float:
    return round(float(x) / float(n), 3) if n else 0.0


def _natural(value: str):
    return (0, int(value), "") if value.lstrip("-").isdigit() else (1, 0, value)
