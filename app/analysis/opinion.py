"""Opinion groups from agree/disagree/pass votes, computed as Pol.is computes them.

Pol.is's choices matter: missing votes are filled with the statement's mean (filling with 0 would
separate heavy voters from light voters rather than opinions), projections are scaled up for people
who voted on few statements, the groups are k-means on 100 small "base clusters", and k-means is
one deterministic, warm-started Lloyd pass rather than the best of several random restarts (which
can put a single heavy voter alone in a group). Pol.is re-runs this on every batch of new votes,
each run starting from the previous one, and changes the number of groups only once a new k has
won several runs in a row; `state` carries that history from one run to the next, and `replay`
reproduces it from a timestamped vote export. Groups below a minimum size are never shown."""
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import ThreadpoolController

from . import PARAMETERS_VERSION
from .kmeans import kmeans, silhouette

Z_90 = 1.2816  # one-sided 90% confidence
MIN_GROUP_SIZE = 5  # the council's k-anonymity threshold in the platform
MAX_K = 5  # Pol.is's max-max-k; the k tried also stays below 2 + #base clusters / 12
K_BUFFER = 4  # runs in a row a new k must win before it replaces the k in use (Pol.is's group-k-buffer)


@dataclass
class VoteMatrix:
    participants: list[str]
    statements: list[str]
    values: np.ndarray  # participants × statements; 1 agree, -1 disagree, 0 pass, nan not voted
    moderated_out: set = field(default_factory=set)  # statements rejected by moderators
    meta: set = field(default_factory=set)  # statements about the participants or the process, not opinions

    @classmethod
    def from_votes(cls, votes, moderated_out=(), meta=()) -> "VoteMatrix":
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
        return cls(participants, statements, values, {str(s) for s in moderated_out}, {str(s) for s in meta})

    def for_clustering(self) -> np.ndarray:
        """Rejected statements become a column of passes for everyone, as in Pol.is: they carry no
        opinion, yet still count in the √(#statements / #voted) scaling of the projection. Meta
        statements are left out altogether."""
        values = self.values.copy()
        values[:, [j for j, s in enumerate(self.statements) if s in self.moderated_out]] = 0.0
        return values[:, [j for j, s in enumerate(self.statements) if s not in self.meta]]


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
    assignments: dict[str, int | None]  # None: voted too little to be placed, or in a group too small to show
    coordinates: dict[str, tuple[float, float]]
    consensus: list[StatementScore]
    divisive: list[dict]
    parameters: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)  # JSON: give it back to the next run of the same conversation
    report: dict = field(default_factory=dict)  # how k was chosen, what the minimum group size changed


def opinion_groups(matrix: VoteMatrix, k: int | None = None, base_clusters: int = 100, min_votes: int = 7,
                   fill: str = "mean", seed: int = 0, state: dict | None = None, min_group_size: int = MIN_GROUP_SIZE,
                   max_k: int = MAX_K, k_buffer: int = K_BUFFER) -> OpinionResult:
    """Pol.is groups, the statements that represent each, consensus and divisive statements.

    Pass the previous run's `state` when re-running during a deliberation: its clusters warm-start
    this run and k changes only once a new k has won `k_buffer` consecutive runs. Groups smaller
    than `min_group_size` are never returned (their members join the nearest group)."""
    run = _run(matrix, state or {}, k=k, base_clusters=base_clusters, min_votes=min_votes, fill=fill, seed=seed,
               max_k=max_k, k_buffer=k_buffer)
    groups_of, size_report = enforce_min_size(run.groups_of, run.coords, min_group_size)
    n_groups = int(groups_of.max()) + 1 if len(groups_of) else 0
    shown = [j for j, s in enumerate(matrix.statements) if s not in matrix.moderated_out | matrix.meta]
    statements = [matrix.statements[j] for j in shown]
    counts = _vote_counts(matrix.values[:, shown], groups_of, n_groups)
    groups = [OpinionGroup(g, [matrix.participants[i] for i in np.flatnonzero(groups_of == g)],
                           representative_statements(counts, g, statements)) for g in range(n_groups)]
    return OpinionResult(
        groups,
        {p: (int(groups_of[i]) if groups_of[i] >= 0 else None) for i, p in enumerate(matrix.participants)},
        {p: (float(run.coords[i, 0]), float(run.coords[i, 1]))
         for i, p in enumerate(matrix.participants) if run.clustered[i]},
        consensus_statements(counts, statements),
        divisive_statements(counts, statements),
        {"k": n_groups, "base_clusters": base_clusters, "min_votes": min_votes, "fill": fill, "seed": seed,
         "min_group_size": min_group_size, "max_k": max_k, "k_buffer": k_buffer, "version": PARAMETERS_VERSION},
        run.state,
        {**run.report, **size_report, "meta_statements_excluded": len(matrix.meta & set(matrix.statements))},
    )


@dataclass
class _Run:
    clustered: np.ndarray  # participants placed in the clustering
    coords: np.ndarray
    groups_of: np.ndarray  # Pol.is's group per participant (-1: not clustered), before the size rule
    state: dict
    report: dict


def _run(matrix, state, k=None, base_clusters=100, min_votes=7, fill="mean", seed=0, max_k=MAX_K,
         k_buffer=K_BUFFER) -> _Run:
    """One Pol.is update: who is in, the projection, base clusters, groups, the k smoother."""
    clustered = _participants_to_cluster(~np.isnan(matrix.values), min_votes, matrix.participants,
                                         set(state.get("in_conv", ())))
    coords = project(matrix.for_clustering(), fill)
    names = [matrix.participants[i] for i in np.flatnonzero(clustered)]
    grouping = _group(coords[clustered], names, k, base_clusters, seed, state, max_k, k_buffer)
    groups_of = np.full(len(matrix.participants), -1)
    groups_of[clustered] = grouping.labels
    new_state = {**grouping.state, "in_conv": names, "updates": int(state.get("updates", 0)) + 1}
    return _Run(clustered, coords, groups_of, new_state, grouping.report)


def _participants_to_cluster(voted: np.ndarray, min_votes: int, participants=(), already=frozenset()) -> np.ndarray:
    """Those who voted on min(7, #statements) statements; the most active up to 15 if too few.
    Once in, a participant stays in for later runs of the same conversation (as in Pol.is)."""
    n_votes = voted.sum(axis=1)
    chosen = n_votes >= min(min_votes, voted.shape[1])
    chosen |= np.array([p in already for p in participants], dtype=bool) if already else False
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
    if n_components < 1 or len(filled) < 2 or (len(filled) < 1000 and not filled.var(axis=0).any()):
        return np.zeros((len(values), 2))  # nothing to project yet (the first votes of a conversation)
    solver = "covariance_eigh" if filled.shape[1] <= 1000 else "randomized"  # both far faster than a full SVD
    # one BLAS thread: about as fast for two components, and far faster when the machine is busy
    with _blas().limit(limits=1, user_api="blas"):
        pca = PCA(n_components=n_components, svd_solver=solver, random_state=0).fit(filled)
    centred = np.where(voted, values - pca.mean_, 0.0)  # unvoted cells contribute nothing
    coords = centred @ pca.components_.T
    n_voted = np.maximum(voted.sum(axis=1), 1)
    coords *= np.sqrt(values.shape[1] / n_voted)[:, None]
    if n_components < 2:
        coords = np.hstack([coords, np.zeros((len(coords), 2 - n_components))])
    return coords


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """Found once: looking up the BLAS libraries costs more than a small PCA."""
    return ThreadpoolController()


@dataclass
class _Grouping:
    labels: np.ndarray  # per clustered participant
    state: dict
    report: dict


def _group(points, names, k, n_base, seed, state, max_k, k_buffer) -> _Grouping:
    """Base clusters, then group clusterings for each candidate k, then the k smoother."""
    if len(points) < 2:
        return _Grouping(np.zeros(len(points), dtype=int), {}, {"k_reason": "fewer than two participants to group"})
    order = None if seed == 0 else np.random.default_rng(seed).permutation(len(points))
    base = kmeans(points, names, n_base, state.get("base_clusters"), max_iters=100, order=order)
    centres = np.array([c.center for c in base])
    sizes = np.array([len(c.members) for c in base], dtype=float)
    base_ids = [c.id for c in base]
    candidates = [k] if k else list(range(2, min(max_k, 2 + len(base) // 12) + 1))
    previous = state.get("group_clusterings", {})
    clusterings, silhouettes = {}, {}
    for candidate in candidates:
        if candidate >= len(base):
            continue
        clusters = kmeans(centres, base_ids, candidate, previous.get(str(candidate)), weights=sizes, max_iters=20)
        clusterings[candidate] = clusters
        labels = _labels_of(clusters, base_ids)
        silhouettes[candidate] = silhouette(centres, labels)
    smoother = _smooth_k(silhouettes, state.get("k_smoother", {}), k_buffer, fixed=k)
    chosen = smoother["smoothed_k"]
    base_labels = _labels_of(clusterings[chosen], base_ids) if chosen in clusterings else np.zeros(len(base), int)
    member_of = {m: n for n, c in enumerate(base) for m in c.members}
    labels = _relabel_by_size(base_labels[[member_of[name] for name in names]])
    new_state = {"base_clusters": [{"id": int(c.id), "members": list(c.members)} for c in base],
                 "group_clusterings": {str(kk): [{"id": int(c.id), "members": [int(m) for m in c.members]}
                                                 for c in cs] for kk, cs in clusterings.items()},
                 "k_smoother": smoother}
    report = {"k": int(labels.max()) + 1 if len(labels) else 0, "k_candidates": candidates,
              "silhouettes": {str(kk): round(v, 4) for kk, v in silhouettes.items()}, "k_smoother": smoother,
              "k_reason": _k_reason(k, smoother, silhouettes, k_buffer), "base_clusters": len(base)}
    return _Grouping(labels, new_state, report)


def _labels_of(clusters, base_ids) -> np.ndarray:
    position = {b: n for n, b in enumerate(base_ids)}
    labels = np.zeros(len(base_ids), dtype=int)
    for g, cluster in enumerate(clusters):
        labels[[position[m] for m in cluster.members]] = g
    return labels


def _smooth_k(silhouettes: dict, previous: dict, buffer: int, fixed: int | None = None) -> dict:
    """Pol.is's group-k smoother: the best k of this run must win `buffer` runs in a row to replace
    the k in use; ties go to the larger k. The first run uses its own best k."""
    if fixed or not silhouettes:
        k = fixed or (min(silhouettes) if silhouettes else 1)
        return {"last_k": k, "last_k_count": 1, "smoothed_k": k}
    this_k = max(sorted(silhouettes), key=lambda kk: (silhouettes[kk], kk))
    count = previous.get("last_k_count", 0) + 1 if previous.get("last_k") == this_k else 1
    smoothed = previous.get("smoothed_k")
    if count >= buffer or smoothed is None or smoothed not in silhouettes:
        smoothed = this_k
    return {"last_k": this_k, "last_k_count": count, "smoothed_k": smoothed}


def _k_reason(fixed, smoother, silhouettes, buffer) -> str:
    if fixed:
        return f"k={fixed} was asked for"
    if not silhouettes:
        return "too few distinct positions for two groups"
    best = smoother["last_k"]
    if smoother["smoothed_k"] == best:
        return f"k={best} has the best silhouette of the base clusters ({silhouettes[best]:.3f})"
    return (f"k={smoother['smoothed_k']} kept: k={best} has the best silhouette in this run, but only "
            f"{smoother['last_k_count']} run(s) in a row of the {buffer} needed to change k")


def enforce_min_size(groups_of: np.ndarray, coords: np.ndarray, min_size: int) -> tuple[np.ndarray, dict]:
    """No group smaller than `min_size`: the smallest such group is dissolved into the groups nearest
    to each of its members, until every group is large enough; if even one group would be too small,
    nobody is assigned. Groups are then numbered by size (0 the largest)."""
    groups_of = groups_of.copy()
    dissolved, moved, unassigned = 0, 0, 0
    while True:
        ids, sizes = np.unique(groups_of[groups_of >= 0], return_counts=True)
        if not len(ids) or sizes.min() >= min_size:
            break
        small = ids[np.argmin(sizes)]
        members = np.flatnonzero(groups_of == small)
        others = [g for g in ids if g != small]
        dissolved += 1
        if not others:
            groups_of[members] = -1
            unassigned += len(members)
            break
        centres = np.array([coords[groups_of == g].mean(axis=0) for g in others])
        nearest = ((coords[members][:, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
        groups_of[members] = np.array(others)[nearest]
        moved += len(members)
    placed = groups_of >= 0
    if placed.any():
        groups_of[placed] = _relabel_by_size(groups_of[placed])
    return groups_of, {"min_group_size": min_size, "small_groups_dissolved": dissolved,
                       "participants_moved_to_nearest_group": moved, "participants_unassigned_for_size": unassigned}


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Group 0 is the largest, so ids are stable across runs; ids are consecutive."""
    values, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    mapping = np.empty(len(values), dtype=int)
    mapping[order] = np.arange(len(values))
    return mapping[inverse.ravel()]


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


def replay(votes, every: int = 100, offset: int = 0, moderated_out=(), meta=(), **options) -> OpinionResult:
    """Groups at the end of a conversation re-run as the platform runs it: votes in time order, one
    update every `every` votes (the first after `offset` votes, if given), each update warm-started
    from the one before. `votes` are (participant, statement, vote, time) rows."""
    rows = sorted(((str(r[0]), str(r[1]), float(r[2]), float(r[3])) for r in votes), key=lambda r: r[3])
    if not rows:
        raise ValueError("no votes to replay")
    participants = sorted({r[0] for r in rows}, key=_natural)
    statements = sorted({r[1] for r in rows}, key=_natural)
    p_index = {p: i for i, p in enumerate(participants)}
    s_index = {s: j for j, s in enumerate(statements)}
    who = np.array([p_index[r[0]] for r in rows])
    what = np.array([s_index[r[1]] for r in rows])
    vote = np.array([r[2] for r in rows])
    values = np.full((len(participants), len(statements)), np.nan)
    cuts = sorted({c for c in range(offset or every, len(rows), max(1, every))} | {len(rows)})
    state, start = {}, 0
    run_options = {key: value for key, value in options.items() if key != "min_group_size"}
    for cut in cuts:
        _apply_votes(values, who[start:cut], what[start:cut], vote[start:cut])
        start = cut
        matrix = _seen(values, participants, statements, moderated_out, meta)
        if cut < len(rows):  # the updates before the last one only carry their state forward
            state = _run(matrix, state, **run_options).state
    result = opinion_groups(matrix, state=state, **options)
    result.report["updates_replayed"] = len(cuts)
    result.parameters.update({"replay_every": every, "replay_offset": offset})
    return result


def _apply_votes(values, who, what, vote) -> None:
    """Write a batch of votes, the last one per cell winning (rows are in time order)."""
    key = who * values.shape[1] + what
    _, last = np.unique(key[::-1], return_index=True)
    last = len(key) - 1 - last
    values[who[last], what[last]] = vote[last]


def _seen(values, participants, statements, moderated_out, meta) -> VoteMatrix:
    rows = np.flatnonzero((~np.isnan(values)).any(axis=1))
    cols = np.flatnonzero((~np.isnan(values)).any(axis=0))
    return VoteMatrix([participants[i] for i in rows], [statements[j] for j in cols], values[np.ix_(rows, cols)],
                      {str(s) for s in moderated_out}, {str(s) for s in meta})


def agreement(results: list[OpinionResult]) -> dict:
    """How much several runs agree: adjusted Rand index of every pair, on the participants both placed."""
    scores = []
    for a, b in combinations(results, 2):
        both = [p for p, g in a.assignments.items() if g is not None and b.assignments.get(p) is not None]
        if both:
            scores.append(adjusted_rand_score([a.assignments[p] for p in both], [b.assignments[p] for p in both]))
    return {"runs": len(results), "mean_ari": round(float(np.mean(scores)), 3) if scores else None,
            "min_ari": round(float(np.min(scores)), 3) if scores else None,
            "k_by_run": [len(r.groups) for r in results]}


def stability(matrix: VoteMatrix, seeds=range(5), **options) -> dict:
    """Agreement between runs that start k-means from different orders of the participants."""
    return agreement([opinion_groups(matrix, seed=seed, **options) for seed in seeds])


def _rate(x, n) -> float:
    return round(float(x) / float(n), 3) if n else 0.0


def _natural(value: str):
    return (0, int(value), "") if value.lstrip("-").isdigit() else (1, 0, value)
