"""Why no panel meets the quotas: which quotas conflict, and by how much.

First the plain arithmetic a person can check (a category whose minimums add up to more than the panel,
a value with fewer volunteers than its minimum); otherwise an integer programme relaxes the quotas as
little as possible and names each quota it had to move, with the amount."""
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


@dataclass(frozen=True)
class Conflict:
    category: str
    value: str  # "" when the conflict is about the whole category
    bound: str  # "min" or "max"
    quota: int  # the quota as set
    achievable: int  # the closest value a panel can reach
    reason: str  # "category_sum", "too_few_volunteers", "relaxed"

    @property
    def by(self) -> int:
        return abs(self.quota - self.achievable)

    def sentence(self) -> str:
        where = f"{self.category}={self.value}" if self.value else f"the category {self.category}"
        if self.reason == "category_sum":
            return (f"the {self.bound}imums of {where} add up to {self.quota} but the panel has "
                    f"{self.achievable} seats ({'over' if self.bound == 'min' else 'short'} by {self.by})")
        if self.reason == "too_few_volunteers":
            return f"{where} needs at least {self.quota} but only {self.achievable} volunteers have it (short by {self.by})"
        return f"{where} {self.bound} {self.quota} must move to {self.achievable} (by {self.by})"


def explain(types, k: int) -> tuple[str, list[Conflict]]:
    """(one line for people, the conflicts) for quotas that no panel of size k can meet."""
    conflicts = _arithmetic(types, k) or _relaxation(types, k)
    if not conflicts:
        return "no panel meets the quotas", []
    return "infeasible quotas: " + "; ".join(c.sentence() for c in conflicts), conflicts


def _arithmetic(types, k: int) -> list[Conflict]:
    conflicts = []
    by_category: dict[str, list[int]] = {}
    for row, (category, _value) in enumerate(types.quota_keys):
        by_category.setdefault(category, []).append(row)
    for category, rows in by_category.items():
        low, high = int(types.lower[rows].sum()), int(types.upper[rows].sum())
        if low > k:
            conflicts.append(Conflict(category, "", "min", low, k, "category_sum"))
        if high < k:
            conflicts.append(Conflict(category, "", "max", high, k, "category_sum"))
    available = types.matrix @ types.sizes
    for row, (category, value) in enumerate(types.quota_keys):
        if available[row] < types.lower[row]:
            conflicts.append(Conflict(category, value, "min", int(types.lower[row]), int(available[row]),
                                      "too_few_volunteers"))
    return conflicts


def _relaxation(types, k: int) -> list[Conflict]:
    """Minimise the total amount by which quotas must move for a panel to exist."""
    n, q = len(types.keys), len(types.lower)
    # variables: counts per type, then slack below each minimum, then slack above each maximum
    cost = np.concatenate([np.zeros(n), np.ones(2 * q)])
    identity = np.eye(q)
    at_least = LinearConstraint(np.hstack([types.matrix, identity, np.zeros((q, q))]), types.lower, np.inf)
    at_most = LinearConstraint(np.hstack([types.matrix, np.zeros((q, q)), -identity]), -np.inf, types.upper)
    size = LinearConstraint(np.concatenate([np.ones(n), np.zeros(2 * q)])[None, :], k, k)
    upper = np.concatenate([types.sizes, np.full(2 * q, np.inf)])
    result = milp(cost, constraints=[at_least, at_most, size], integrality=np.ones(n + 2 * q),
                  bounds=Bounds(0, upper))
    if result.x is None:
        return []
    below, above = result.x[n:n + q], result.x[n + q:]
    conflicts = []
    for row, (category, value) in enumerate(types.quota_keys):
        if below[row] > 0.5:
            conflicts.append(Conflict(category, value, "min", int(types.lower[row]),
                                      int(types.lower[row] - round(below[row])), "relaxed"))
        if above[row] > 0.5:
            conflicts.append(Conflict(category, value, "max", int(types.upper[row]),
                                      int(types.upper[row] + round(above[row])), "relaxed"))
    return conflicts
