"""Representation measures against a hand-computed example, and the dashboard's suppression: every
cell under k hidden, with secondary suppression, so that no hidden cell comes back by subtraction."""
from datetime import date

import pytest

from app.consultations.deliberation import services as deliberation
from app.consultations.proposals import services as proposals
from app.extensions import db as _db
from app.moderation import dashboard, reference
from app.moderation import representation as rep
from app.moderation.services import set_funding
from tests.factories import ConsultationFactory, MembershipFactory, OrganisationFactory, UserFactory, moderator


def test_measures_match_a_hand_computed_example():
    counts = {"Maghreb": 30, "Sub-Saharan Africa": 10, "Middle East": 10}
    reference_shares = {"Maghreb": 0.4, "Sub-Saharan Africa": 0.4, "Middle East": 0.2}
    rows, distance = rep.compare(counts, reference_shares)
    # shares 0.6 / 0.2 / 0.2; ratios 1.5 / 0.5 / 1.0; TVD = ½(0.2 + 0.2 + 0) = 0.2
    assert [(r.label, r.share, r.ratio) for r in rows] == [
        ("Maghreb", pytest.approx(0.6), pytest.approx(1.5)), ("Sub-Saharan Africa", pytest.approx(0.2), pytest.approx(0.5)),
        ("Middle East", pytest.approx(0.2), pytest.approx(1.0))]
    assert distance == pytest.approx(0.2)
    assert [r.label for r in rep.under_represented(rows)] == ["Sub-Saharan Africa"]
    # HHI of voices 6, 3, 1: (0.6² + 0.3² + 0.1²) = 0.46, effective number 1/0.46 ≈ 2.17
    assert rep.hhi({"a": 6, "b": 3, "c": 1}) == pytest.approx(0.46)
    assert rep.effective_number(0.46) == pytest.approx(2.1739, abs=1e-4)
    assert rep.missing(rep.compare({"A": 5, "B": 0}, {"A": 0.5, "B": 0.5})[0]) == ["B"]


def test_distance_with_hidden_groups_uses_only_what_is_shown():
    counts = {"A": 20, "B": 2, "C": 3}
    shares = {"A": 0.5, "B": 0.25, "C": 0.25}
    rows, distance = rep.compare(counts, shares, hidden={"B", "C"})
    assert rows[1].share is None and rows[2].ratio is None
    # A 0.8 vs 0.5; B+C together 0.2 vs 0.5: ½(0.3 + 0.3) = 0.3, the same whatever B and C are alone
    assert distance == pytest.approx(0.3)
    assert rep.compare({"A": 20, "B": 4, "C": 1}, shares, hidden={"B", "C"})[1] == pytest.approx(0.3)


@pytest.fixture
def council_world():
    consultation = ConsultationFactory(phase="open")
    council = consultation.council
    secretariat = moderator(council)
    big = OrganisationFactory(council=council, name="Big NGO", type="ngo")
    small = OrganisationFactory(council=council, name="Small group", type="community_group")
    dimension = reference.save_dimension(council, secretariat, kind="origin_region", label="", source="City profile",
                                         source_date=date(2025, 1, 1),
                                         groups_text="Maghreb: 50\nSub-Saharan Africa: 30\nMiddle East: 20")
    groups = {g.label: g for g in dimension.groups}
    people = [MembershipFactory(organisation=big).user for _ in range(8)] + \
        [MembershipFactory(organisation=small).user for _ in range(2)]
    for person in people[:7]:
        reference.declare(person, dimension, groups["Maghreb"].id)
    for person in people[7:9]:
        reference.declare(person, dimension, groups["Middle East"].id)
    proposal = proposals.submit_proposal(people[0], consultation, title="Night buses", body="More buses")
    for person in people:
        proposals.support(person, proposal)
    set_funding(big, ["international"], secretariat)
    _db.session.commit()
    return council, consultation, secretariat, dimension


def test_dashboard_hides_small_cells_and_their_complement(council_world):
    council, consultation, _, dimension = council_world
    data = dashboard.build(council, consultation)
    assert data["participants"] == 10
    dim = data["dimensions"][0]
    shown = {r.label: r.count for r in dim["rows"]}
    # declared: Maghreb 7, Middle East 2, Sub-Saharan 0 (shown: "no one"); one person did not answer.
    # 2 is under 5, and 7 goes too: otherwise 2 = 9 declared − 7 (the declared total shows through the shares)
    assert shown == {"Maghreb": None, "Middle East": None, "Sub-Saharan Africa": 0}
    assert dim["not_declared"] == 1 and all(r.share is None for r in dim["rows"] if r.count is None)
    assert "Sub-Saharan Africa" in dim["missing"]["participants"]
    every_cell = [n for column in dim["cells"].values() for n in column.values() if n is not None]
    assert all(n == 0 or n >= council.k_anonymity for n in every_cell)


def test_a_hidden_group_is_named_under_represented_only_from_public_figures():
    from app.moderation.dashboard import _compare

    reference_shares = {"A": 0.5, "B": 0.4, "C": 0.1}
    rows, distance, under = _compare({"A": 20, "B": 2, "C": 1}, reference_shares, {"B", "C"}, 5)
    # hidden together: 3 of 23 = 13 %: B (40 %) is certainly under-represented, C (10 %) may not be
    assert [(u["label"], u["bound"]) for u in under] == [("B", True)]
    assert rows[0].count == 20 and rows[1].count is None


def test_dashboard_with_a_single_small_cell_hides_a_second_one(council_world):
    council, consultation, secretariat, dimension = council_world
    groups = {g.label: g for g in dimension.groups}
    person = MembershipFactory(organisation=OrganisationFactory(council=council)).user
    reference.declare(person, dimension, groups["Middle East"].id)
    proposals.support(person, _db.session.scalar(_db.select(proposals.Proposal)))
    _db.session.commit()
    counts = dashboard.build(council, consultation)["dimensions"][0]["cells"]["participants"]
    hidden = [label for label, n in counts.items() if n is None]
    assert len(hidden) != 1


def test_concentration_types_and_funding(council_world):
    council, consultation, _, _ = council_world
    data = dashboard.build(council, consultation)
    # contributions: big NGO 8 supports + 1 proposal = 9, small group 2: HHI = (9/11)² + (2/11)²
    assert data["hhi"] == pytest.approx((9 / 11) ** 2 + (2 / 11) ** 2)
    assert data["effective"] == pytest.approx(1 / data["hhi"])
    people = {row["organisation"].name: row["people"] for row in data["organisations"]}
    assert people == {"Big NGO": None, "Small group": None}  # 2 is under 5, and 8 goes too (secondary)
    assert dict(data["types"]) == {"ngo": None, "community_group": None}  # organisations, cells < 5


def test_dashboard_pages_for_moderators_and_the_public_summary(client, login, council_world):
    council, consultation, secretariat, _ = council_world
    assert client.get(f"/moderation/councils/{council.id}/dashboard").status_code == 302  # sign in first
    public = client.get(f"/councils/{council.id}/representation").get_data(as_text=True)
    assert "Region of origin" in public and "Big NGO" not in public and "<svg" in public
    login(secretariat)
    html = client.get(f"/moderation/consultations/{consultation.id}/dashboard").get_data(as_text=True)
    assert "Big NGO" in html and "not shown" in html and "<svg" in html and "<table" in html
    assert "No one from the “Sub-Saharan Africa” group took part." in html


def test_hidden_content_does_not_count(council_world):
    from app.moderation import reports

    council, consultation, secretariat, _ = council_world
    proposal = _db.session.scalar(_db.select(proposals.Proposal))
    reports.hide(secretariat, proposal, "Spam")
    _db.session.commit()
    data = dashboard.build(council, consultation)
    assert data["participants"] == 0 or data["participants"] is None


def test_statement_votes_count_as_voice(council_world):
    council, consultation, _, _ = council_world
    statement = deliberation.add_statement(None, consultation, "Buses all night", seeded=True)
    voter = MembershipFactory(organisation=OrganisationFactory(council=council)).user
    deliberation.vote(voter, statement, "agree")
    _db.session.commit()
    acts = dashboard.activity([consultation.id])
    assert voter.id in acts.people["votes"] and voter.id in acts.people["participants"]


def test_reference_shares_must_add_up_and_never_ask_legal_status(council_world):
    council, _, secretariat, _ = council_world
    with pytest.raises(reference.ReferenceError_):
        reference.save_dimension(council, secretariat, kind="gender", label="", source="x", source_date=date.today(),
                                 groups_text="Women: 40\nMen: 40")
    with pytest.raises(reference.ReferenceError_):
        reference.save_dimension(council, secretariat, kind="other", label="Legal status", source="x",
                                 source_date=date.today(), groups_text="Regular: 50\nIrregular: 50")


# The declared subtotal is a cell: a security tester's repro (one person declares, everyone else is silent) -------

def _public_figures_are_safe(data: dict) -> None:
    """No group count shown, nor any that can be worked out from the channel's shown total and "did not
    answer", is from 1 to k − 1. (Not answering is shown as it is: with the total and the shares shown, it
    is the total minus the declared subtotal.)"""
    k = data["k"]
    small = range(1, k)
    for dim in data["dimensions"]:
        for channel, cells in dim["cells"].items():
            total, silent = data["channel_totals"][channel], dim["undeclared"][channel]
            shown = [n for n in cells.values() if n is not None]
            hidden = [g for g, n in cells.items() if n is None]
            assert not any(n in small for n in shown + [total]), (channel, cells, total, silent)
            if total is not None and silent is not None:
                declared = total - silent
                assert declared not in small, (channel, cells, total, silent)
                assert len(hidden) != 1 and (hidden or declared == sum(shown))
            if hidden:  # a zero beside hidden groups is safe only when the declared subtotal is not small
                assert len(hidden) == len(cells) or (silent is not None and total is not None)
            said = dim["missing"].get(channel, [])
            assert all(cells[g] == 0 for g in said), (channel, said)


def _participants(consultation, n: int):
    """n people who took part: the first submits a proposal (member of an organisation of the council,
    so that they can declare), the others support it."""
    author = MembershipFactory(organisation=OrganisationFactory(council=consultation.council)).user
    proposal = proposals.submit_proposal(author, consultation, title="Night buses", body="More buses")
    others = [UserFactory() for _ in range(n - 1)]
    for person in others:
        proposals.support(person, proposal)
    _db.session.commit()
    return [author] + others


def test_one_person_declaring_is_not_given_away_on_the_public_page(app, client, login):
    from tests.conftest import post_form

    consultation = ConsultationFactory(phase="open")
    council = consultation.council
    secretariat = moderator(council)
    author, *_ = _participants(consultation, 30)
    login(secretariat)
    url = f"/moderation/councils/{council.id}/reference"
    assert post_form(client, url, {"kind": "language", "label": "", "source": "Census 2024", "source_date": "2024-06-01",
                                   "groups": "Arabic: 50\nFrench: 30\nEnglish: 20"}).status_code == 302
    reference.save_dimension(council, secretariat, kind="origin_region", label="", source="City profile",
                             source_date=date(2025, 1, 1), groups_text="Maghreb: 60\nElsewhere: 40")
    _db.session.commit()
    language = dashboard.dimensions(council)[0]
    french = next(g for g in language.groups if g.label == "French")
    client.get("/account/logout")
    login(author)  # declares French, leaves the other dimension blank
    assert post_form(client, "/account/demographics", {f"dimension-{language.id}": str(french.id)}).status_code == 302

    html = app.test_client().get(f"/councils/{council.id}/representation").get_data(as_text=True)
    assert "Participants: 30" in html
    assert "No one from" not in html and "under-represented" not in html  # 'no one from Arabic' left French = 1
    table = html.split(f'id="dim-{language.id}"')[1].split("</section>")[0]
    assert ">29<" not in table and ">1<" not in table  # did not answer 29: 30 − 29 = 1 declared
    data = dashboard.build(council)
    language_figures = data["dimensions"][0]
    assert all(n is None for column in language_figures["cells"].values() for n in column.values())
    assert language_figures["not_declared"] is None and language_figures["missing"] == {}
    assert all(r.count is None for r in language_figures["rows"]) and language_figures["under"] == []
    # one person submitted a proposal: the other dimension's "did not answer" is that channel's total
    assert data["dimensions"][1]["undeclared"]["proposals"] is None
    assert data["dimensions"][1]["undeclared"]["participants"] == 30  # no one declared: 30 did not answer
    _public_figures_are_safe(data)


def test_a_single_small_group_in_one_channel_is_hidden_with_what_did_not_answer(council_world):
    council, consultation, _, dimension = council_world
    # 10 participants, 9 declared; the only proposal's author declared Maghreb: proposals 1 = Maghreb 1
    data = dashboard.build(council, consultation)
    dim = data["dimensions"][0]
    assert dim["cells"]["proposals"] == {"Maghreb": None, "Sub-Saharan Africa": None, "Middle East": None}
    assert dim["undeclared"]["proposals"] is None and "proposals" not in dim["missing"]
    _public_figures_are_safe(data)


def test_enough_people_declared_the_table_and_findings_are_shown(client):
    consultation = ConsultationFactory(phase="open")
    council = consultation.council
    secretariat = moderator(council)
    dimension = reference.save_dimension(council, secretariat, kind="language", label="", source="Census 2024",
                                         source_date=date(2024, 6, 1), groups_text="Arabic: 50\nFrench: 30\nEnglish: 20")
    groups = {g.label: g for g in dimension.groups}
    people = _participants(consultation, 30)
    for person in people[1:6]:
        reference.declare(person, dimension, groups["Arabic"].id)
    for person in people[:1] + people[6:20]:
        reference.declare(person, dimension, groups["French"].id)
    _db.session.commit()
    data = dashboard.build(council)
    dim = data["dimensions"][0]
    assert dim["cells"]["participants"] == {"Arabic": 5, "French": 15, "English": 0}
    assert dim["cells"]["supports"] == {"Arabic": 5, "French": 14, "English": 0}  # the author did not support
    assert dim["not_declared"] == 10 and dim["undeclared"]["supports"] == 10
    assert dim["missing"]["participants"] == ["English"] and [u["label"] for u in dim["under"]] == ["Arabic"]
    assert dim["distance"] == pytest.approx(0.45)  # ½(|0.25 − 0.5| + |0.75 − 0.3| + |0 − 0.2|)
    assert dim["cells"]["proposals"] == {"Arabic": None, "French": None, "English": None}  # 1 proposal
    _public_figures_are_safe(data)
    html = client.get(f"/councils/{council.id}/representation").get_data(as_text=True)
    assert "No one from the “English” group took part." in html
    assert "The “Arabic” group is under-represented among participants: 25 % against 50 %" in html
    assert "<td>15</td>" in html and "<td>10</td>" in html


def test_people_without_an_organisation_are_not_shown_when_the_members_are_few():
    consultation = ConsultationFactory(phase="open")
    _participants(consultation, 20)  # one member of an organisation, 19 individuals
    data = dashboard.build(consultation.council)
    assert data["participants"] == 20 and data["individuals"] is None  # 20 − 19 = 1 member
