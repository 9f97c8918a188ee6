"""Representativeness measures over plain counts (no Flask, no database), so that each can be checked
against a hand-computed example:

- representation ratio of a group: its share among the people counted ÷ its share of the reference
  population (1 = as in the city; 0.5 = half as present);
- total variation distance between the two distributions: ½ Σ |share − reference| (0 = identical,
  1 = disjoint): the share of people who would have to change group for the two to match;
- Herfindahl–Hirschman index of voice among organisations: Σ sᵢ² over their shares of contributions
  (1 = one organisation speaks alone), and the effective number of voices 1 / HHI."""
from dataclasses import dataclass

UNDER_REPRESENTED = 0.8  # a ratio below this is named as under-representation (the "four-fifths" rule)


@dataclass
class GroupRow:
    label: str
    count: int | None  # None: suppressed
    reference: float  # share of the reference population, 0..1
    share: float | None = None  # share among those counted (declared), None when suppressed
    ratio: float | None = None  # share / reference, None when suppressed or no reference


def shares(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {label: (n / total if total else 0.0) for label, n in counts.items()}


def ratio(share: float, reference: float) -> float | None:
    return share / reference if reference > 0 else None


def total_variation(observed: dict[str, float], reference: dict[str, float]) -> float:
    """½ Σ |p − q| over the union of groups."""
    labels = set(observed) | set(reference)
    return 0.5 * sum(abs(observed.get(g, 0.0) - reference.get(g, 0.0)) for g in labels)


def hhi(voice: dict, ) -> float:
    """Σ sᵢ² of the shares of voice; 0 when nobody spoke."""
    total = sum(voice.values())
    return sum((v / total) ** 2 for v in voice.values()) if total else 0.0


def effective_number(index: float) -> float | None:
    return 1 / index if index > 0 else None


def compare(counts: dict[str, int], reference: dict[str, float], hidden: set[str] = frozenset()) -> tuple[list[GroupRow], float | None]:
    """Rows per reference group and the total variation distance, computed only from what is shown:
    hidden (suppressed) groups are merged into one, so the distance reveals nothing about them alone."""
    total = sum(counts.get(g, 0) for g in reference)
    if total == 0:
        return [GroupRow(g, counts.get(g, 0), r) for g, r in reference.items()], None
    rows = []
    for label, ref in reference.items():
        n = counts.get(label, 0)
        if label in hidden:
            rows.append(GroupRow(label, None, ref))
        else:
            rows.append(GroupRow(label, n, ref, n / total, ratio(n / total, ref)))
    observed = {r.label: r.share for r in rows if r.share is not None}
    expected = {r.label: r.reference for r in rows if r.share is not None}
    if hidden:
        observed["\0hidden"] = sum(counts.get(g, 0) for g in hidden) / total
        expected["\0hidden"] = sum(reference[g] for g in hidden if g in reference)
    return rows, total_variation(observed, expected)


def missing(rows: list[GroupRow]) -> list[str]:
    """Groups of the reference population with no one at all."""
    return [r.label for r in rows if r.count == 0 and r.reference > 0]


def under_represented(rows: list[GroupRow], threshold: float = UNDER_REPRESENTED) -> list[GroupRow]:
    """Shown groups present but clearly fewer than in the reference population."""
    return [r for r in rows if r.count and r.ratio is not None and r.ratio < threshold]
