"""Near-copies are grouped; distinct texts are not."""
import pytest

from app.analysis.duplicates import assignments, find_duplicates

CAMPAIGN = "We demand a safe crossing in front of the primary school on Rue de Tunis before September"


def test_campaign_copies_with_small_edits_form_one_group():
    texts = [CAMPAIGN, CAMPAIGN.upper(), CAMPAIGN + ", thank you!", CAMPAIGN.replace("safe", "secure"),
             "Plant trees along the river", "More night buses to the port"]
    groups = find_duplicates(texts, ids=list("abcdef"))
    assert len(groups) == 1
    assert groups[0].members == ["a", "b", "c", "d"] and groups[0].count == 4
    assert groups[0].representative == "c"  # the longest, most complete version


def test_unique_texts_belong_to_no_group():
    groups = find_duplicates(["Plant trees", "More buses", "Open the library on Sundays"])
    assert groups == []
    assert assignments(groups, ["0", "1", "2"]) == {"0": None, "1": None, "2": None}


def test_threshold_controls_what_counts_as_a_copy():
    a = "Open the municipal library on Sunday afternoons for students"
    b = "Open the municipal library on Sunday mornings for families"
    assert find_duplicates([a, b], threshold=0.95) == []
    assert len(find_duplicates([a, b], threshold=0.5)) == 1


def test_arabic_copies_with_diacritics_are_grouped():
    groups = find_duplicates(["نطالب بمزيد من الحافلات ليلا", "نُطالب بمزيدٍ من الحافلات ليلاً", "حديقة جديدة"])
    assert [g.members for g in groups] == [["0", "1"]]


def test_empty_texts_and_bad_threshold():
    assert find_duplicates(["", ""]) == []
    with pytest.raises(ValueError):
        find_duplicates(["a"], threshold=0)


def test_groups_on_madrid_comments(datasets):
    import csv

    path = datasets / "decide-madrid-2019" / "decide_madrid_2019_sample_comments.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups = find_duplicates([r["text"] for r in rows], [r["id"] for r in rows])
    biggest = groups[0]
    texts = {r["id"]: r["text"] for r in rows}
    assert biggest.count >= 30  # a copy-pasted call to vote for a proposal
    assert all("propuesta" in texts[m].lower() for m in biggest.members)
