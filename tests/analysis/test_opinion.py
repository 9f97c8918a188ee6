"""Opinion groups on a hand-made vote matrix, and agreement with Pol.is on real conversations."""
import json

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from app.analysis.opinion import VoteMatrix, opinion_groups, project, replay, stability
from app.analysis.polis import published_groups, read_votes, rejected_statements, timed_votes


def two_camps(n=40, seed=1):
    """Statements 0-3 split the camps, 4 is agreed by all, 5 is rejected, 6-9 are passed on;
    10% of votes are missing."""
    rng = np.random.default_rng(seed)
    votes = []
    for p in range(n):
        camp = 1 if p < n // 2 else -1
        for s, vote in enumerate([camp, camp, -camp, -camp, 1, camp, 0, 0, 0, 0]):
            if rng.random() > 0.1:
                votes.append((f"p{p}", str(s), vote, p * 10 + s))
    votes += [("light", "0", 1, 0)]  # voted once: not placed in a group
    return VoteMatrix.from_votes(votes, moderated_out={"5"}), n


def test_finds_the_two_camps():
    matrix, n = two_camps()
    result = opinion_groups(matrix)
    placed = [p for p in matrix.participants if result.assignments[p] is not None]
    assert len(placed) >= 0.8 * n  # those who voted on fewer than 7 statements stay out
    truth = [0 if int(p[1:]) < n // 2 else 1 for p in placed]
    assert len(result.groups) == 2 and adjusted_rand_score(truth, [result.assignments[p] for p in placed]) == 1.0
    assert result.assignments["light"] is None and "light" not in result.coordinates


def test_consensus_divisive_and_representative_statements():
    matrix, _ = two_camps()
    result = opinion_groups(matrix)
    assert result.consensus[0].statement == "4" and result.consensus[0].agree_rate > 0.9
    assert {d["statement"] for d in result.divisive[:4]} == {"0", "1", "2", "3"}
    for group in result.groups:
        statements = {s.statement for s in group.representative}
        assert statements and statements <= {"0", "1", "2", "3"}
        assert "5" not in statements  # a rejected statement never represents anyone


def test_latest_vote_wins():
    matrix = VoteMatrix.from_votes([("a", "1", 1, 5), ("a", "1", -1, 9), ("a", "2", 1, 1), ("a", "2", 0, 0)])
    assert matrix.values.tolist() == [[-1.0, 1.0]]


def test_light_voters_are_scaled_out_from_the_centre():
    values = np.array([[1, 1, 1, 1], [1, np.nan, np.nan, np.nan], [-1, -1, -1, -1], [-1, -1, np.nan, -1]], float)
    coords = project(values)
    unscaled_light = np.linalg.norm(coords[1]) / 2  # √(4/1) = 2
    assert np.linalg.norm(coords[1]) == pytest.approx(2 * unscaled_light)
    assert np.sign(coords[0, 0]) == np.sign(coords[1, 0]) != np.sign(coords[2, 0])


@pytest.mark.parametrize("conversation", ["scoop-hivemind.biodiversity", "austria-climate.5twd2jsnkf.2022-08-08"])
def test_agrees_with_polis_groups(datasets, conversation):
    folder = datasets / "polis" / conversation
    matrix, published = read_votes(folder), published_groups(folder)
    result = opinion_groups(matrix, k=len(set(published.values())))
    both = [p for p in published if result.assignments.get(p) is not None]
    assert len(both) >= 0.95 * len(published)
    assert adjusted_rand_score([published[p] for p in both], [result.assignments[p] for p in both]) >= 0.95
    assert len(opinion_groups(matrix).groups) == len(set(published.values()))  # k chosen as Pol.is did


def camps(sizes, statements=12, seed=0, start=0):
    """Camps of the given sizes, each with its own stance on every statement; 5% of votes missing."""
    rng = np.random.default_rng(seed)
    stances = rng.choice([-1, 1], size=(len(sizes), statements))
    votes, person = [], start
    for camp, size in enumerate(sizes):
        for _ in range(size):
            for s in range(statements):
                if rng.random() > 0.05:
                    votes.append((f"p{person}", str(s), int(stances[camp, s]), person * 100 + s))
            person += 1
    return votes


def test_groups_below_the_minimum_size_are_never_returned():
    matrix = VoteMatrix.from_votes(camps([30, 30, 3], seed=3))
    result = opinion_groups(matrix, k=3, min_group_size=5)
    assert all(len(g.members) >= 5 for g in result.groups)
    assert len(result.groups) == 2
    assert result.report["participants_moved_to_nearest_group"] == 3
    alone = opinion_groups(matrix, k=3, min_group_size=40)  # no group can reach 40: nobody is shown in a group
    assert all(len(g.members) >= 40 for g in alone.groups)


def test_state_is_json_and_a_warm_start_keeps_k_until_a_new_k_has_won_repeatedly():
    two = VoteMatrix.from_votes(camps([40, 40], seed=5))
    first = opinion_groups(two)
    assert len(first.groups) == 2
    state = json.loads(json.dumps(first.state))  # what the platform stores between runs
    three = VoteMatrix.from_votes(camps([40, 40, 40], seed=7))
    ks = []
    for _ in range(5):
        result = opinion_groups(three, state=state)
        state = json.loads(json.dumps(result.state))
        ks.append(len(result.groups))
    assert result.report["k_smoother"]["last_k"] == 3
    assert ks == [2, 2, 2, 3, 3]  # k=3 must win four runs in a row (Pol.is's group-k buffer)
    assert opinion_groups(three).report["k"] == 3  # without history the best k is taken at once


def test_k_smoother_rules():
    from app.analysis.opinion import _smooth_k

    state = {}
    for best, expected in [(2, 2), (3, 2), (3, 2), (2, 2), (3, 2), (3, 2), (3, 2), (3, 3)]:
        state = _smooth_k({2: 0.5, 3: 0.4} if best == 2 else {2: 0.4, 3: 0.5}, state, 4)
        assert state["smoothed_k"] == expected
    assert _smooth_k({2: 0.5, 3: 0.5}, {}, 4)["last_k"] == 3  # ties go to the larger k


def test_meta_statements_are_left_out():
    votes = camps([20, 20], statements=10, seed=2)
    rng = np.random.default_rng(0)
    votes += [(f"p{p}", "meta", int(rng.choice([-1, 1])), 10_000 + p) for p in range(40)]  # "I live in the city"
    with_meta = opinion_groups(VoteMatrix.from_votes(votes, meta={"meta"}))
    without = opinion_groups(VoteMatrix.from_votes([v for v in votes if v[1] != "meta"]))
    assert with_meta.assignments == {**without.assignments}
    assert with_meta.report["meta_statements_excluded"] == 1
    assert all(s.statement != "meta" for g in with_meta.groups for s in g.representative)


def test_replay_runs_updates_in_time_order_and_reports_them():
    votes = camps([25, 25], seed=11)
    result = replay(votes, every=50)
    assert result.report["updates_replayed"] == -(-len(votes) // 50)
    assert len(result.groups) == 2 and result.state["updates"] == result.report["updates_replayed"]
    shuffled = list(reversed(votes))  # the order of the rows does not matter, their times do
    assert replay(shuffled, every=50).assignments == result.assignments


def test_stability_across_seeds():
    matrix = VoteMatrix.from_votes(camps([30, 30], seed=1))
    report = stability(matrix, seeds=range(3))
    assert report["runs"] == 3 and report["mean_ari"] == 1.0 and report["k_by_run"] == [2, 2, 2]


@pytest.mark.parametrize("conversation", ["scoop-hivemind.biodiversity", "vtaiwan.uberx"])
def test_replay_agrees_with_polis(datasets, conversation):
    folder = datasets / "polis" / conversation
    result = replay(timed_votes(folder), every=300, moderated_out=rejected_statements(folder))
    published = published_groups(folder)
    both = [p for p in published if result.assignments.get(p) is not None]
    assert len(result.groups) == 2
    assert adjusted_rand_score([published[p] for p in both], [result.assignments[p] for p in both]) >= 0.75
