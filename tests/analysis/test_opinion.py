"""Opinion groups on a hand-made vote matrix, and agreement with Pol.is on real conversations."""
import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from app.analysis.opinion import VoteMatrix, opinion_groups, project
from app.analysis.polis import published_groups, read_votes


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
