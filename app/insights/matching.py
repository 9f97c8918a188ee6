"""Matching a new run's results to what the consultation already has, so that curation survives a re-run.

Pure functions over ids and sets: no database, no Flask. `saving.py`-style code in pipeline.py loads the
current themes and groups, asks these functions where each new cluster belongs, and writes the answer.

Why matching by members: a theme's identity is what a moderator (and, later, the city's response) refers
to; the engine numbers its clusters afresh on every run, so the only stable thing two runs share is which
proposals they put together. Jaccard overlap with an optimal one-to-one assignment (Hungarian method)
keeps the pairing stable when two old themes both overlap one new cluster."""
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

THEME_THRESHOLD = 0.3  # below this overlap a new cluster is a new theme
DUPLICATE_THRESHOLD = 0.5  # a near-duplicate group that changed by less than half keeps its decision


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def assign(old: dict[int, set], new: list[set], threshold: float) -> dict[int, int]:
    """new index -> old key, one-to-one, maximising total overlap; pairs below threshold are left out."""
    keys = list(old)
    if not keys or not new:
        return {}
    scores = np.array([[jaccard(cluster, old[key]) for key in keys] for cluster in new])
    rows, cols = linear_sum_assignment(-scores)
    return {int(r): keys[c] for r, c in zip(rows, cols) if scores[r, c] >= threshold}


def final_theme(theme_id: int, merged_into: dict[int, int | None]) -> int:
    """Follow merges to the theme that now holds the members (a chain A -> B -> C ends at C)."""
    seen = set()
    while merged_into.get(theme_id) and theme_id not in seen:
        seen.add(theme_id)
        theme_id = merged_into[theme_id]
    return theme_id


@dataclass
class ThemePlan:
    """Where each new cluster goes and what happens to the old themes."""
    target: dict[int, int] = field(default_factory=dict)  # cluster index -> existing theme id
    new_clusters: list[int] = field(default_factory=list)  # cluster indexes that become new themes
    retire: list[int] = field(default_factory=list)  # active themes no longer found and holding no pinned member
    keep: list[int] = field(default_factory=list)  # active themes not found but kept for their pinned members


def plan_themes(clusters: list[set], active: dict[int, set], merged: dict[int, set],
                merged_into: dict[int, int | None], pinned: dict[int, set],
                threshold: float = THEME_THRESHOLD) -> ThemePlan:
    """Match clusters to themes.

    `active`: active theme id -> its current members. `merged`: retired-by-merge theme id -> the members it
    had when last computed (from the previous run's snapshot), so that the clusters the engine finds again
    for both halves of a merge both land in the merged theme. `merged_into`: theme id -> the theme it was
    merged into. `pinned`: active theme id -> members a moderator put there."""
    candidates = {**{key: members for key, members in merged.items() if members}, **active}
    pairs = assign(candidates, clusters, threshold)
    plan = ThemePlan()
    for index in range(len(clusters)):
        if index in pairs:
            plan.target[index] = final_theme(pairs[index], merged_into)
        else:
            plan.new_clusters.append(index)
    found = set(plan.target.values())
    for theme_id in active:
        if theme_id not in found:
            (plan.keep if pinned.get(theme_id) else plan.retire).append(theme_id)
    return plan


def place_members(clusters: list[set], plan: ThemePlan, new_theme_ids: dict[int, int],
                  pinned_at: dict) -> dict:
    """proposal id -> theme id for every clustered proposal; a pinned proposal stays where it is pinned."""
    placement = {}
    for index, members in enumerate(clusters):
        theme_id = plan.target.get(index, new_theme_ids.get(index))
        for proposal_id in members:
            placement[proposal_id] = pinned_at.get(proposal_id, theme_id)
    placement.update(pinned_at)
    return placement


def match_groups(old: dict[int, set], new: list[set], threshold: float = DUPLICATE_THRESHOLD) -> dict[int, int]:
    """new group index -> existing group id: the same or an overlapping set of proposals keeps its id and
    the moderator's decision on it."""
    return assign(old, new, threshold)


def compare_snapshots(before: dict, after: dict) -> dict:
    """What moved between two runs' snapshots (see pipeline.snapshot): proposals that changed theme,
    themes that appeared or disappeared, flags whose effective level changed, duplicate groups."""
    themes_a, themes_b = before.get("themes", {}), after.get("themes", {})
    moved = sorted((int(p), themes_a[p], themes_b[p]) for p in themes_a.keys() & themes_b.keys()
                   if themes_a[p] != themes_b[p])
    ids_a, ids_b = set(themes_a.values()), set(themes_b.values())
    flags_a, flags_b = before.get("flags", {}), after.get("flags", {})
    flags = sorted((int(p), flags_a[p], flags_b[p]) for p in flags_a.keys() & flags_b.keys()
                   if flags_a[p] != flags_b[p])
    groups_a = {tuple(g) for g in before.get("duplicates", [])}
    groups_b = {tuple(g) for g in after.get("duplicates", [])}
    return {
        "moved": moved,
        "added": sorted(int(p) for p in themes_b.keys() - themes_a.keys()),
        "dropped": sorted(int(p) for p in themes_a.keys() - themes_b.keys()),
        "new_themes": sorted(ids_b - ids_a),
        "gone_themes": sorted(ids_a - ids_b),
        "flags": flags,
        "new_groups": sorted(list(g) for g in groups_b - groups_a),
        "gone_groups": sorted(list(g) for g in groups_a - groups_b),
    }
