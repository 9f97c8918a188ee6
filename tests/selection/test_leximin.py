"""LEXIMIN on the published instances, quotas and sums, merged types, infeasible quotas explained,
and the verifiable draw (issue 10, 6)."""
import itertools
import random

import numpy as np
import pytest

from app.moderation.selection import draw as draws
from app.moderation.selection.feasibility import explain
from app.moderation.selection.leximin import Infeasible, group_types, leximin
from app.moderation.selection.pool import Pool, PoolError, read_folder, read_texts

PUBLISHED = [("example_small_20", 20, 0.100), ("example_large_200", 200, 0.100),
             ("sortition_algorithms_fixture_22", 22, 2 / 22)]  # 10.0 %, 10.0 %, 9.09 %
_cache: dict = {}


def solved(folder, k):
    if folder not in _cache:
        pool = read_folder(folder)
        _cache[folder] = (pool, leximin(pool, k))
    return _cache[folder]


def assert_quotas_hold(pool, result):
    """Every panel in the lottery has k people and meets every quota; expected counts do too."""
    for panel in result.panels:
        assert sum(panel) == result.k
        counts = result.types.matrix @ np.array(panel, dtype=float)
        assert np.all(counts >= result.types.lower) and np.all(counts <= result.types.upper)
        assert all(0 <= n <= len(m) for n, m in zip(panel, result.types.members))
    assert abs(sum(result.weights) - 1) < 1e-9 and min(result.weights) > 0


@pytest.mark.datasets
@pytest.mark.parametrize("name,k,minimum", PUBLISHED)
def test_minimum_equals_the_published_value(sortition, name, k, minimum):
    pool, result = solved(sortition / name, k)
    assert result.min_probability == pytest.approx(minimum, abs=1e-4)
    assert sum(result.probabilities.values()) == pytest.approx(k, abs=1e-6)
    assert_quotas_hold(pool, result)


@pytest.mark.datasets
def test_fixture_probabilities_match_the_expected_panel_counts(sortition):
    pool, result = solved(sortition / "sortition_algorithms_fixture_22", 22)
    expected = np.zeros(len(result.types.keys))
    for panel, weight in zip(result.panels, result.weights):
        expected += weight * np.array(panel)
    assert np.allclose(expected / result.types.sizes, result.type_probabilities)
    assert len(result.types.keys) < len(pool.ids)  # identical volunteers were merged


def random_pool(n=60, seed=3) -> Pool:
    rng = random.Random(seed)
    people = [{"gender": rng.choice("wm"), "age": rng.choice(["young", "middle", "old"])} for _ in range(n)]
    quotas = {("gender", "w"): (4, 6), ("gender", "m"): (4, 6), ("age", "young"): (2, 4),
              ("age", "middle"): (2, 4), ("age", "old"): (2, 4)}
    return Pool(ids=[f"p{i}" for i in range(n)], people=people, quotas=quotas, categories=["gender", "age"])


def test_a_small_pool_gets_the_probabilities_worked_out_by_hand():
    """Every panel holds one y of two and two x of four: each gets 1/2, the best minimum possible."""
    pool = Pool(ids=list("abcdef"), people=[{"g": g} for g in "xxxxyy"], quotas={("g", "x"): (1, 2), ("g", "y"): (1, 1)},
                categories=["g"])
    result = leximin(pool, 3)
    # every panel has exactly one y (of 2) and two x (of 4): y gets 1/2, x gets 1/2
    assert result.probabilities == pytest.approx({i: 0.5 for i in "abcdef"})
    panels = [c for c in itertools.combinations(range(6), 3) if sum(1 for i in c if i >= 4) == 1]
    assert len(panels) == 12


def test_merged_types_do_not_change_the_result():
    pool = random_pool()
    merged = leximin(pool, 10)
    assert len(group_types(pool).keys) <= 6
    assert sum(merged.probabilities.values()) == pytest.approx(10)
    assert merged.min_probability > 0


def test_people_who_fit_no_panel_get_zero_and_others_still_share_fairly():
    pool = Pool(ids=list("abcd"), people=[{"g": v} for v in "xxxz"], quotas={("g", "x"): (2, 2), ("g", "z"): (0, 0)},
                categories=["g"])
    result = leximin(pool, 2)
    assert result.probabilities["d"] == 0 and result.probabilities["a"] == pytest.approx(2 / 3)


def test_infeasible_quotas_name_the_conflict_and_the_amount():
    pool = random_pool()
    pool.quotas[("gender", "w")] = (7, 8)
    pool.quotas[("gender", "m")] = (7, 8)
    with pytest.raises(Infeasible) as caught:
        leximin(pool, 10)
    conflict = caught.value.conflicts[0]
    assert (conflict.category, conflict.bound, conflict.quota, conflict.achievable, conflict.by) == \
        ("gender", "min", 14, 10, 4)
    assert "add up to 14" in str(caught.value)


def test_too_few_volunteers_for_a_minimum_is_explained():
    pool = Pool(ids=list("abcd"), people=[{"g": v} for v in "xxxy"], quotas={("g", "x"): (0, 3), ("g", "y"): (2, 3)},
                categories=["g"])
    message, conflicts = explain(group_types(pool), 3)
    assert conflicts[0].reason == "too_few_volunteers" and conflicts[0].by == 1 and "only 1 volunteers" in message


def test_crossing_quotas_are_relaxed_minimally():
    """Each category alone is fine, together they are not: the relaxation says by how much."""
    pool = Pool(ids=[str(i) for i in range(6)],
                people=[{"g": "w", "a": "old"}] * 3 + [{"g": "m", "a": "young"}] * 3,
                quotas={("g", "w"): (2, 2), ("g", "m"): (0, 2), ("a", "old"): (0, 1), ("a", "young"): (2, 3)},
                categories=["g", "a"])
    with pytest.raises(Infeasible) as caught:
        leximin(pool, 3)
    assert caught.value.conflicts and sum(c.by for c in caught.value.conflicts) == 1


def test_draw_is_reproducible_from_the_published_value_and_changes_with_it():
    pool = random_pool()
    lottery = draws.published(leximin(pool, 10))
    seed = draws.seed_of("EuroMillions 2026-11-27: 3 14 15 92 65")
    assert draws.draw(lottery, seed) == draws.draw(lottery, seed)
    assert len(draws.draw(lottery, seed)) == 10
    assert draws.seed_of("  value ") == draws.seed_of("value")
    assert {tuple(draws.draw(lottery, draws.seed_of(str(i)))) for i in range(20)} != {tuple(draws.draw(lottery, seed))}


def test_draw_frequencies_follow_the_probabilities():
    pool = random_pool(n=30)
    result = leximin(pool, 8)
    lottery = draws.published(result)
    counts = dict.fromkeys(pool.ids, 0)
    runs = 3000
    for i in range(runs):
        for person in draws.draw(lottery, draws.seed_of(f"run {i}")):
            counts[person] += 1
    for person, p in result.probabilities.items():
        assert counts[person] / runs == pytest.approx(p, abs=0.05)


def test_commitment_changes_when_the_lottery_does():
    lottery = draws.published(leximin(random_pool(), 10))
    changed = dict(lottery, weights=list(reversed(lottery["weights"])))
    assert draws.commitment(lottery) != draws.commitment(changed)


@pytest.mark.parametrize("categories,respondents,message", [
    ("a,b\n1,2", "x\n1", "needs the columns"),
    ("category,feature,min,max\ng,x,1,2", "h\nx", "no column for the feature 'g'"),
    ("category,feature,min,max\ng,x,1,2", "g\ny", "unknown value 'y'"),
    ("category,feature,min,max\ng,x,two,2", "g\nx", "not a whole number"),
    ("category,feature,min,max\ng,x,3,2", "g\nx", "min <= max"),
    ("category,feature,min,max\ng,x,inf,4", "g\nx", "not a whole number"),  # OverflowError, a 500 before
    ("category,feature,min,max\ng,x,0,-inf", "g\nx", "not a whole number"),
])
def test_bad_pools_are_refused_with_one_line(categories, respondents, message):
    with pytest.raises(PoolError) as caught:
        read_texts(categories, respondents)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_ids_come_from_an_id_column_or_the_row_number():
    with_ids = read_texts("feature,value,min,max,min_flex,max_flex\ng,x,0,2,0,2", "person_id,g\nA7,x\nB9,x")
    assert with_ids.ids == ["A7", "B9"]
    assert read_texts("category,feature,min,max\ng,x,0,2", "g\nx\nx").ids == ["1", "2"]
