"""The Sortition Foundation's `sortition-algorithms` (GPL-3.0, the field's reference implementation) run
on the same folders, for comparison only: its maximin (HiGHS backend) must reach the minimum probability
that our LEXIMIN reaches first. Installed with `pip install -e ".[compare]"`."""
from app.moderation.selection.pool import read_folder


def maximin_minimum(folder, k: int) -> float:
    from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
    from sortition_algorithms.features import read_in_features
    from sortition_algorithms.people import read_in_people
    from sortition_algorithms.settings import Settings

    pool = read_folder(folder)
    feature_rows = [{"feature": c, "value": v, "min": str(lo), "max": str(hi)} for (c, v), (lo, hi) in pool.quotas.items()]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], feature_rows, k)
    head = ["id", *pool.categories]
    body = [{"id": person_id, **person} for person_id, person in zip(pool.ids, pool.people)]
    people, _ = read_in_people(head, body, features, Settings(id_column="id", columns_to_keep=[]))
    committees, probabilities, _ = find_distribution_maximin(features, people, k, [])
    chance = dict.fromkeys(pool.ids, 0.0)
    for committee, probability in zip(committees, probabilities):
        for person in committee:
            chance[person] += probability
    return min(chance.values())
