"""LEXIMIN selection lotteries (Flanigan, Gölz, Gupta, Hennig & Procaccia, Nature 596, 2021).

A panel is k volunteers who together meet every quota. A lottery is a probability distribution over
panels; LEXIMIN is the one that maximises the smallest selection probability, then the second smallest,
and so on. It is computed by column generation with scipy's HiGHS solvers:

1. Volunteers with identical features are merged into *types*: LEXIMIN gives every member of a type the
   same probability, so a panel is a vector of counts per type (far fewer variables).
2. Each round solves the dual linear programme over the panels found so far; an integer programme then
   looks for a panel the dual undervalues. When none is left, the round's optimum z is exact, and every
   type with a positive dual weight cannot rise above z: its probability is fixed at z.
3. When every type is fixed, a last linear programme gives the weights of the panels.

Plain Python, numpy and scipy: no Flask, no database."""
import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from .pool import Pool

EPS = 1e-6  # HiGHS's tolerances are 1e-7; anything below this is solver noise


class Infeasible(ValueError):
    """No panel meets the quotas; `conflicts` says which quotas and by how much (see feasibility.py)."""

    def __init__(self, message: str, conflicts: list | None = None):
        super().__init__(message)
        self.conflicts = conflicts or []


@dataclass
class Types:
    """Volunteers grouped by identical features, and the quota matrix over the groups."""
    keys: list[tuple[str, ...]]  # the feature values of each type, in the pool's category order
    members: list[list[int]]  # the indices (into the pool) of each type's volunteers
    matrix: np.ndarray  # quotas x types: 1 where the type has the quota's value
    lower: np.ndarray
    upper: np.ndarray
    quota_keys: list[tuple[str, str]] = field(default_factory=list)  # (category, value) of each matrix row

    @property
    def sizes(self) -> np.ndarray:
        return np.array([len(m) for m in self.members], dtype=float)


@dataclass
class Lottery:
    """The result: panels as counts per type, their probabilities, and each volunteer's chance."""
    k: int
    types: Types
    panels: list[tuple[int, ...]]
    weights: list[float]
    type_probabilities: list[float]
    rounds: int = 0
    seconds: float = 0.0
    ids: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)

    @property
    def probabilities(self) -> dict[str, float]:
        return {self.ids[i]: self.type_probabilities[t] for t, members in enumerate(self.types.members)
                for i in members}

    @property
    def min_probability(self) -> float:
        return min(self.type_probabilities) if self.type_probabilities else 0.0


def group_types(pool: Pool) -> Types:
    """Merge identical volunteers; build the quota matrix over types."""
    index: dict[tuple[str, ...], int] = {}
    members: list[list[int]] = []
    for i, person in enumerate(pool.people):
        key = tuple(person[c] for c in pool.categories)
        if key not in index:
            index[key] = len(members)
            members.append([])
        members[index[key]].append(i)
    keys = list(index)
    quota_keys = list(pool.quotas)
    matrix = np.array([[1.0 if key[pool.categories.index(cat)] == value else 0.0 for key in keys]
                       for cat, value in quota_keys]).reshape(len(quota_keys), len(keys))
    lower = np.array([pool.quotas[q][0] for q in quota_keys], dtype=float)
    upper = np.array([pool.quotas[q][1] for q in quota_keys], dtype=float)
    return Types(keys, members, matrix, lower, upper, quota_keys)


def best_panel(types: Types, k: int, weights: np.ndarray) -> tuple[tuple[int, ...], float] | None:
    """The panel (counts per type) maximising Σ weights·counts under the quotas; None if there is none."""
    constraints = [LinearConstraint(np.ones((1, len(types.keys))), k, k)]
    if len(types.lower):
        constraints.append(LinearConstraint(types.matrix, types.lower, types.upper))
    result = milp(-weights, constraints=constraints, integrality=np.ones(len(types.keys)),
                  bounds=Bounds(0, types.sizes), options={"presolve": True})
    if result.x is None:
        return None
    counts = tuple(int(round(v)) for v in result.x)
    return counts, float(np.dot(weights, counts))


def _initial_panels(types: Types, k: int, rng: np.random.Generator) -> tuple[set, set[int]]:
    """A first panel for each type that can be on one at all; also returns the types that cannot."""
    panels: set[tuple[int, ...]] = set()
    covered, impossible = set(), set()
    for t in range(len(types.keys)):
        if t in covered:
            continue
        weights = rng.random(len(types.keys)) * 1e-3
        weights[t] = 1.0
        found = best_panel(types, k, weights)
        if found is None:
            from .feasibility import explain

            raise Infeasible(*explain(types, k))
        panel, _ = found
        if panel[t] == 0:
            impossible.add(t)
            continue
        panels.add(panel)
        covered.update(i for i, n in enumerate(panel) if n)
    return panels, impossible


def _dual(types: Types, panels: list, fixed: dict[int, float]) -> tuple[np.ndarray, float, float]:
    """min ŷ − Σ_fixed f_t·y_t  s.t.  Σ_t y_t·x_Pt/m_t ≤ ŷ for every panel P,  Σ_unfixed y_t = 1,  y ≥ 0.
    Returns (y, ŷ, the round's value)."""
    n = len(types.keys)
    sizes = types.sizes
    cost = np.zeros(n + 1)
    cost[0] = 1.0
    for t, value in fixed.items():
        cost[1 + t] = -value
    counts = np.array(panels, dtype=float).reshape(len(panels), n)
    rows = np.hstack([-np.ones((len(panels), 1)), counts / sizes])
    equality = np.array([[0.0] + [0.0 if t in fixed else 1.0 for t in range(n)]])
    result = linprog(cost, A_ub=rows, b_ub=np.zeros(len(panels)), A_eq=equality, b_eq=[1.0],
                     bounds=[(None, None)] + [(0, None)] * n, method="highs")
    if result.status != 0:
        raise RuntimeError(f"the dual programme failed: {result.message}")
    return result.x[1:], float(result.x[0]), float(result.fun)


def _round(types: Types, k: int, panels: set, fixed: dict[int, float]) -> tuple[np.ndarray, float]:
    """Add panels until no panel improves the dual; return the dual weights and the round's value."""
    while True:
        ordered = sorted(panels)
        y, cap, value = _dual(types, ordered, fixed)
        found = best_panel(types, k, y / types.sizes)
        if found is None or found[1] <= cap + EPS or found[0] in panels:
            return y, value
        panels.add(found[0])


def _final_weights(types: Types, panels: list, fixed: dict[int, float]) -> np.ndarray:
    """Panel weights giving each type at least its fixed probability (a feasibility programme that
    maximises the smallest surplus, so that rounding noise never leaves anyone short)."""
    n, count = len(types.keys), len(panels)
    sizes = types.sizes
    # variables: weights of panels, then the surplus s; maximise s
    cost = np.zeros(count + 1)
    cost[-1] = -1.0
    counts = np.array(panels, dtype=float).reshape(count, n)
    rows = np.hstack([-(counts / sizes).T, np.ones((n, 1))])
    bounds_ub = np.array([-fixed[t] for t in range(n)])
    equality = np.array([[1.0] * count + [0.0]])
    result = linprog(cost, A_ub=rows, b_ub=bounds_ub, A_eq=equality, b_eq=[1.0],
                     bounds=[(0, None)] * count + [(-EPS * 10, None)], method="highs")
    if result.status != 0:
        raise RuntimeError(f"the final programme failed: {result.message}")
    weights = np.clip(result.x[:count], 0, None)
    return weights / weights.sum()


def leximin(pool: Pool, k: int, seed: int = 0) -> Lottery:
    """The LEXIMIN lottery of panels of size k for the pool (Infeasible if no panel meets the quotas)."""
    started = time.perf_counter()
    _check_size(pool, k)
    types = group_types(pool)
    panels, impossible = _initial_panels(types, k, np.random.default_rng(seed))
    fixed: dict[int, float] = {t: 0.0 for t in impossible}
    rounds = 0
    while len(fixed) < len(types.keys):
        rounds += 1
        y, value = _round(types, k, panels, fixed)
        level = min(max(value, 0.0), 1.0)
        newly = [t for t in range(len(types.keys)) if t not in fixed and y[t] > EPS]
        for t in newly or [t for t in range(len(types.keys)) if t not in fixed]:
            fixed[t] = level
    ordered = sorted(panels)
    weights = _final_weights(types, ordered, fixed)
    kept = [(p, w) for p, w in zip(ordered, weights) if w > 1e-9]
    total = sum(w for _, w in kept)
    panels_out, weights_out = [p for p, _ in kept], [w / total for _, w in kept]
    probabilities = [sum(w * p[t] for p, w in zip(panels_out, weights_out)) / len(types.members[t])
                     for t in range(len(types.keys))]
    return Lottery(k=k, types=types, panels=panels_out, weights=weights_out, type_probabilities=probabilities,
                   rounds=rounds, seconds=time.perf_counter() - started, ids=list(pool.ids),
                   categories=list(pool.categories))


def _check_size(pool: Pool, k: int) -> None:
    if k < 1:
        raise Infeasible("the panel size must be at least 1")
    if k > len(pool.ids):
        raise Infeasible(f"the panel size {k} is larger than the pool ({len(pool.ids)} volunteers)")
