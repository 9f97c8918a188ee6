"""k-means as Pol.is runs it: deterministic starts, warm starts from the previous run's members.

Pol.is does not restart k-means from random seeds. A first run starts from the first k distinct
points; every later run starts from the previous clusters, re-centred on their members' new
positions, with the most distant points split off as new clusters when some are missing. Clusters
that lose every member are dropped. The iteration stops when every (sorted) centre moves less than
0.01, or after `max_iters` steps. Clusters are kept as member lists, never as coordinates, so a
warm start survives a change of sign or rotation of the projection between two runs."""
from dataclasses import dataclass

import numpy as np

TOLERANCE = 0.01


@dataclass
class Cluster:
    id: int
    members: list  # names of the rows (participant ids, or base-cluster ids)
    center: np.ndarray


def kmeans(points: np.ndarray, names: list, k: int, previous: list[dict] | None = None,
           weights: np.ndarray | None = None, max_iters: int = 20, order: np.ndarray | None = None) -> list[Cluster]:
    """Clusters of `points` (rows named by `names`), warm-started from `previous` [{id, members}].

    `order` (a permutation of the rows) decides which distinct points start a cold run: Pol.is
    takes them in the order participants joined; another order gives another, equally valid, run."""
    points = np.asarray(points, dtype=float)
    weights = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=float)
    if not len(points):
        return []
    clusters = _warm_start(points, names, k, previous, weights) if previous else None
    if not clusters:
        clusters = _cold_start(points, k, order)
    ids = np.array([c.id for c in clusters])
    centres = np.array([c.center for c in clusters])
    for _ in range(max_iters + 1):
        closest = _closest(points, centres)
        new_centres, kept = _recentre(points, weights, closest, len(centres))
        done = len(kept) == len(centres) and _same(centres, new_centres)
        members_of = np.full(len(centres), -1)
        members_of[kept] = np.arange(len(kept))
        closest, ids, centres = members_of[closest], ids[kept], new_centres
        if done:
            break
    return [Cluster(int(ids[n]), [names[i] for i in np.flatnonzero(closest == n)], centres[n]) for n in range(len(ids))]


def _cold_start(points, k, order=None) -> list[Cluster]:
    order = np.arange(len(points)) if order is None else np.asarray(order)
    _, first = np.unique(points[order], axis=0, return_index=True)
    starts = order[np.sort(first)][:k]
    return [Cluster(n, [], points[i].copy()) for n, i in enumerate(starts)]


def _recentre(points, weights, closest, n_clusters) -> tuple[np.ndarray, np.ndarray]:
    """Weighted means of the points assigned to each cluster; clusters left empty are dropped."""
    total = np.bincount(closest, weights=weights, minlength=n_clusters)
    kept = np.flatnonzero(total > 0)
    sums = np.column_stack([np.bincount(closest, weights=points[:, d] * weights, minlength=n_clusters)
                            for d in range(points.shape[1])])
    return sums[kept] / total[kept, None], kept


def _closest(points, centres) -> np.ndarray:
    distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return distances.argmin(axis=1)


def _mean(points, weights) -> np.ndarray:
    return (points * weights[:, None]).sum(axis=0) / weights.sum()


def _same(before: np.ndarray, after: np.ndarray) -> bool:
    """Pol.is's test: the sorted centres each moved less than the tolerance."""
    a = before[np.lexsort(before.T[::-1])]
    b = after[np.lexsort(after.T[::-1])]
    return bool((np.linalg.norm(a - b, axis=1) < TOLERANCE).all())


def _warm_start(points, names, k, previous, weights) -> list[Cluster]:
    """Previous clusters re-centred on their members still present; duplicates merged; then, while
    fewer than k (and fewer than the distinct points), the most distant point starts a new cluster."""
    index = {name: i for i, name in enumerate(names)}
    clusters = []
    for old in previous:
        rows = [index[m] for m in old["members"] if m in index]
        if rows:
            clusters.append(Cluster(int(old["id"]), rows, _mean(points[rows], weights[rows])))
    clusters = _merge_identical(clusters, points, weights)
    possible = min(k, len(np.unique(points, axis=0)))
    while clusters and len(clusters) < possible:
        centres = np.array([c.center for c in clusters])
        distances = np.sqrt(((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2))
        nearest = distances.min(axis=1)
        far = int(np.argmax(nearest))
        if nearest[far] <= 0:
            break
        for cluster in clusters:
            if far in cluster.members:
                cluster.members.remove(far)
        clusters = [c for c in clusters if c.members]
        for cluster in clusters:
            cluster.center = _mean(points[cluster.members], weights[cluster.members])
        clusters.append(Cluster(max(c.id for c in clusters) + 1 if clusters else 0, [far], points[far].copy()))
    return clusters


def _merge_identical(clusters, points, weights) -> list[Cluster]:
    merged: list[Cluster] = []
    by_centre: dict[bytes, Cluster] = {}
    for cluster in clusters:
        twin = by_centre.get(cluster.center.tobytes())
        if twin is None:
            merged.append(cluster)
            by_centre[cluster.center.tobytes()] = cluster
        else:
            twin.members += cluster.members
            twin.center = _mean(points[twin.members], weights[twin.members])
    return merged


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over points, unweighted (0 for a point alone in its cluster), as Pol.is."""
    groups, labels = np.unique(np.asarray(labels), return_inverse=True)
    if len(groups) < 2:
        return -1.0
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    one_hot = np.eye(len(groups))[labels.ravel()]
    sums, counts = distances @ one_hot, one_hot.sum(axis=0)
    rows = np.arange(len(points))
    own = counts[labels.ravel()]
    a = sums[rows, labels.ravel()] / np.maximum(own - 1, 1)
    means = sums / counts
    means[rows, labels.ravel()] = np.inf
    b = means.min(axis=1)
    scores = np.where(own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(scores.mean())
