"""Small-cell suppression, with secondary suppression so that a hidden cell cannot be recovered
from the total (issue 7, 4.8)."""
from app.privacy import safe_total, suppress


def shown(cells):
    return {c.label: c.count for c in cells}


def test_cells_under_k_are_hidden():
    assert shown(suppress({"ngo": 7, "individual": 1, "faith_based": 6}, 5)) == {
        "ngo": 7, "individual": None, "faith_based": None}  # one hidden: the next smallest goes too


def test_two_small_cells_need_no_second_suppression():
    assert shown(suppress({"ngo": 9, "individual": 1, "cso": 2}, 5)) == {"ngo": 9, "individual": None, "cso": None}


def test_a_hidden_cell_cannot_be_recovered_by_subtraction():
    counts = {"ngo": 12, "community_group": 8, "individual": 3}
    cells = suppress(counts, 5)
    total = sum(counts.values())
    visible = sum(c.count for c in cells if not c.suppressed)
    hidden = [c for c in cells if c.suppressed]
    assert len(hidden) == 2 and total - visible == 11  # the sum of two hidden cells, neither alone


def test_zero_cells_are_left_out_and_totals_under_k_hidden():
    assert shown(suppress({"ngo": 0, "cso": 6}, 5)) == {"cso": 6}
    assert safe_total(3, 5) is None and safe_total(0, 5) == 0 and safe_total(5, 5) == 5


def test_a_small_subtotal_hides_its_whole_row_zeros_too():
    from app.privacy import hidden_labels, suppress_row

    counts = {"Arabic": 0, "French": 1, "English": 0}
    assert hidden_labels(counts, 5) == {"French"}  # alone: French is the subtotal, which the caller must hide
    assert suppress_row(counts, 5) == ({"Arabic", "French", "English"}, False)
    assert suppress_row({"a": 2, "b": 1}, 5) == ({"a", "b"}, False)
    assert suppress_row({"a": 7, "b": 2, "c": 0}, 5) == ({"a", "b"}, True)  # secondary suppression, zero shown
    assert suppress_row({"a": 0, "b": 0}, 5) == (set(), True)  # no one declared: zeros are not small cells
