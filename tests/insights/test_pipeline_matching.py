"""The pure matching of a new run onto the consultation's themes and groups."""
from app.insights.matching import (assign, compare_snapshots, final_theme, jaccard, match_groups, place_members,
                                   plan_themes)


def test_overlap_pairs_one_to_one_and_leaves_weak_pairs_out():
    old = {10: {1, 2, 3, 4}, 20: {5, 6, 7}}
    new = [{5, 6, 7, 8}, {1, 2, 3}, {30, 31}]
    assert assign(old, new, 0.3) == {0: 20, 1: 10}
    assert jaccard({1, 2}, {2, 3}) == 1 / 3 and jaccard(set(), set()) == 0.0


def test_the_optimal_assignment_beats_the_greedy_one():
    """Greedy would give cluster 0 to theme 10 (0.6) and leave cluster 1 with nothing good."""
    old = {10: {1, 2, 3, 4, 5}, 20: {1, 2, 3, 6}}
    new = [{1, 2, 3, 4}, {1, 2, 3, 6, 7}]
    assert assign(old, new, 0.1) == {0: 10, 1: 20}


def test_clusters_found_again_for_both_halves_of_a_merge_land_in_the_merged_theme():
    active = {1: {1, 2, 3, 4, 5, 6}, 3: {7, 8, 9}}
    merged = {2: {4, 5, 6}}  # theme 2 was merged into theme 1
    plan = plan_themes([{1, 2, 3}, {4, 5, 6}, {7, 8, 9}], active, merged, {2: 1}, pinned={})
    assert plan.target == {0: 1, 1: 1, 2: 3} and plan.new_clusters == [] and plan.retire == []


def test_merges_are_followed_to_the_end_of_a_chain():
    assert final_theme(1, {1: 2, 2: 3}) == 3 and final_theme(4, {}) == 4
    assert final_theme(1, {1: 2, 2: 1}) in (1, 2)  # a cycle (never made by curation) does not hang


def test_themes_not_found_are_retired_unless_a_moderator_pinned_a_member_there():
    plan = plan_themes([{1, 2}], {1: {1, 2}, 2: {3}, 3: {4}}, {}, {}, pinned={3: {4}})
    assert plan.retire == [2] and plan.keep == [3]


def test_pinned_members_stay_where_they_were_pinned():
    plan = plan_themes([{1, 2, 3}, {4, 5}], {1: {1, 2, 3}}, {}, {}, pinned={1: set()})
    placement = place_members([{1, 2, 3}, {4, 5}], plan, {1: 9}, pinned_at={2: 1, 4: 1})
    assert placement == {1: 1, 2: 1, 3: 1, 4: 1, 5: 9}


def test_an_overlapping_duplicate_group_keeps_its_id():
    assert match_groups({7: {1, 2, 3}}, [{1, 2, 3, 4}, {8, 9}]) == {0: 7}
    assert match_groups({7: {1, 2}}, [{2, 3, 4, 5}]) == {}


def test_comparing_snapshots_says_what_moved():
    before = {"themes": {"1": 10, "2": 10, "3": 20}, "flags": {"1": "municipal", "2": "national"},
              "duplicates": [[1, 2]]}
    after = {"themes": {"1": 10, "2": 30, "4": 30}, "flags": {"1": "municipal", "2": "municipal"},
             "duplicates": [[1, 2], [3, 4]]}
    changes = compare_snapshots(before, after)
    assert changes["moved"] == [(2, 10, 30)] and changes["added"] == [4] and changes["dropped"] == [3]
    assert changes["new_themes"] == [30] and changes["gone_themes"] == [20]
    assert changes["flags"] == [(2, "national", "municipal")]
    assert changes["new_groups"] == [[3, 4]] and changes["gone_groups"] == []
