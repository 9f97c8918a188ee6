"""The opinion map as readers see it: groups of at least k, their own point only, the table alternative,
suppressed small shares, and the consultation's own view permission."""
import re

import pytest

from app.consultations.deliberation import services as deliberation
from app.extensions import db
from app.insights.models import OpinionSnapshot
from app.insights.opinion import map_for_reader, view_of
from app.insights.opinion_map import layout
from tests.conftest import post_form
from tests.factories import (ConsultationFactory, CouncilFactory, MembershipFactory, OrganisationFactory, commissioner,
                             council_member, moderator)
from tests.insights.opinion_world import (STATEMENTS, ballot, cast, close_deliberation, deliberating, participant,
                                          snapshot_now, voters)


@pytest.fixture
def world(db):
    """A public consultation in deliberation, 8 + 6 voters in two camps, one snapshot."""
    consultation, statements = deliberating()
    people = voters(consultation, statements, {"A": 8, "B": 6})
    snapshot = snapshot_now(consultation)
    return consultation, statements, people, snapshot


def text(response) -> str:
    return response.get_data(as_text=True)


def svg_of(html: str) -> str:
    match = re.search(r"<svg[^>]*opinion-map-svg.*?</svg>", html, re.S)
    assert match, "no opinion map in the page"
    return match.group(0)


def test_the_page_shows_the_groups_as_regions_and_the_table_alternative(client, world):
    consultation, statements, _, snapshot = world
    html = text(client.get(f"/consultations/{consultation.id}/opinion"))
    svg = svg_of(html)
    assert svg.count("<ellipse") == 2 and "<circle" not in svg  # no one's point for a visitor
    assert '<title id="opinion-map-title">Opinion map</title>' in svg
    assert 'aria-labelledby="opinion-map-title opinion-map-desc"' in svg and "<desc" in svg
    assert 'href="#opinion-group-1"' in svg and 'tabindex' not in svg  # links: focusable as they are
    assert 'aria-label="Group 1: 8 people"' in svg and 'aria-label="Group 2: 6 people"' in svg
    table = html[html.index("<table"):html.index("</table>")]
    assert "<caption>Opinion groups and what distinguishes each</caption>" in table
    assert re.search(r'id="opinion-group-1".*?Group 1.*?<td>8</td>', table, re.S)
    assert re.search(r'id="opinion-group-2".*?Group 2.*?<td>6</td>', table, re.S)
    assert STATEMENTS[0] in table and "100% agree" in table  # camp A's mark: all of them agree with it
    consensus = html[html.index("What unites the groups"):]
    assert STATEMENTS[4] in consensus and STATEMENTS[5] in consensus
    assert "You are here" not in html


def test_you_are_here_is_the_signed_in_voters_own_point_only(client, login, world):
    consultation, statements, people, snapshot = world
    amina, youssef = people["A"][0], people["B"][0]
    own = snapshot.points[str(amina.id)]
    login(amina)
    html = text(client.get(f"/consultations/{consultation.id}/opinion"))
    assert "You are here: in group 1." in html
    svg = svg_of(html)
    assert svg.count('class="opinion-you"') == 1 and svg.count("<circle") == 2  # the marker's ring and dot
    drawing = layout(map_for_reader(consultation, amina))
    assert f'cx="{drawing.you[0]}" cy="{drawing.you[1]}"' in svg
    data = client.get(f"/consultations/{consultation.id}/opinion.json").get_json()
    assert data["you"] == {"position": own[:2], "group": 1}
    assert set(data) == {"snapshot", "created_at", "k", "voters", "others", "groups", "consensus", "divisive", "you"}
    assert all(set(g) == {"group", "size", "centre", "representative"} for g in data["groups"])  # no members
    assert str(snapshot.points[str(youssef.id)][0]) not in text(client.get(f"/consultations/{consultation.id}/opinion"))


def test_another_voter_sees_their_own_point_not_the_first_ones(client, login, world):
    consultation, _, people, snapshot = world
    youssef = people["B"][0]
    login(youssef)
    data = client.get(f"/consultations/{consultation.id}/opinion.json").get_json()
    assert data["you"]["position"] == snapshot.points[str(youssef.id)][:2] and data["you"]["group"] == 2


def test_a_reader_who_has_not_voted_sees_the_map_without_you_are_here(client, login, world):
    consultation, *_ = world
    login(participant(consultation))
    html = text(client.get(f"/consultations/{consultation.id}/opinion"))
    svg = svg_of(html)
    assert svg.count("<ellipse") == 2 and "You are here" not in html and "<circle" not in svg
    assert client.get(f"/consultations/{consultation.id}/opinion.json").get_json()["you"] is None


def test_a_voter_not_yet_in_the_snapshot_is_told_when_they_will_appear(client, login, world):
    consultation, statements, *_ = world
    late = participant(consultation)
    cast(late, statements, ballot("A", 0))
    db.session.commit()
    login(late)
    html = text(client.get(f"/consultations/{consultation.id}/opinion"))
    assert "Your votes will place you on the map at its next update." in html and "You are here" not in html


def test_groups_below_the_councils_k_are_not_shown_anywhere(client, world):
    consultation, _, _, snapshot = world
    consultation.council.k_anonymity = 7  # raised after the run: the group of 6 is now too small
    db.session.commit()
    html = text(client.get(f"/consultations/{consultation.id}/opinion"))
    svg = svg_of(html)
    assert svg.count("<ellipse") == 1 and "Group 2" not in html and "opinion-group-2" not in html
    data = client.get(f"/consultations/{consultation.id}/opinion.json").get_json()
    assert [g["group"] for g in data["groups"]] == [1]
    assert data["others"] is None and data["groups"][0]["size"] is None  # 6 < 7, and 8 would give it away
    standalone = text(client.get(f"/consultations/{consultation.id}/opinion.svg"))
    assert standalone.count("<ellipse") == 1 and "Group 2" not in standalone


def test_a_small_group_in_a_snapshot_is_folded_into_others(db):
    consultation, statements = deliberating(k=5)
    snapshot = OpinionSnapshot(consultation_id=consultation.id, participants=23, k=3, unassigned=0, points={},
                               groups=[_group(0, 12, statements), _group(1, 8, statements), _group(2, 3, statements)],
                               consensus=[], divisive=[])
    db.session.add(snapshot)
    db.session.commit()
    view = view_of(snapshot, 5)
    assert [g.number for g in view.groups] == [1, 2]  # the group of 3 is not a group on the map
    # 3 others is a small cell; hiding it alone beside the total would give it away: the next smallest goes too
    assert [g.size for g in view.groups] == [12, None] and view.others is None and view.voters == 23
    assert len(layout(view).regions) == 2


def _group(group_id, size, statements, votes=None):
    return {"id": group_id, "size": size, "centre": [group_id * 1.0, 0.0], "spread": [[0.1, 0], [0, 0.1]],
            "representative": [{"statement_id": statements[group_id].id, "agree_share": 0.9, "disagree_share": 0.1,
                                "votes": votes if votes is not None else size, "direction": "agree"}]}


def test_shares_from_fewer_than_k_votes_are_suppressed(db):
    consultation, statements = deliberating(k=5)
    snapshot = OpinionSnapshot(consultation_id=consultation.id, participants=20, k=2, unassigned=0, points={},
                               groups=[_group(0, 12, statements), _group(1, 8, statements, votes=4)],
                               consensus=[{"statement_id": statements[4].id, "agree_share": 0.95,
                                           "disagree_share": 0.0, "votes": 20, "direction": "agree"}],
                               divisive=[{"statement_id": statements[0].id, "spread": 0.8,
                                          "groups": [{"group": 0, "agree_share": 1.0, "votes": 12},
                                                     {"group": 1, "agree_share": 0.25, "votes": 4}]}])
    db.session.add(snapshot)
    db.session.commit()
    view = view_of(snapshot, 5)
    assert view.groups[0].representative[0].agree_share == 0.9
    assert view.groups[1].representative[0].agree_share is None  # 4 votes < k
    assert view.divisive[0].shares == [(1, 1.0), (2, None)]
    assert view.consensus[0].agree_share == 0.95


def test_statements_hidden_since_the_run_disappear_from_the_map(client, world):
    consultation, statements, _, _ = world
    statements[4].hidden_at = statements[4].created_at
    deliberation.moderate_statement(statements[0], approve=False)
    db.session.commit()
    html = text(client.get(f"/consultations/{consultation.id}/opinion"))
    assert STATEMENTS[4] not in html and STATEMENTS[0] not in html and STATEMENTS[5] in html


def test_the_consultation_page_shows_the_map_during_deliberation_and_after(client, world):
    consultation, *_ = world
    page = text(client.get(f"/consultations/{consultation.id}"))
    assert "How opinions group" in page and svg_of(page).count("<ellipse") == 2
    assert "css/opinion-map.css" in page
    close_deliberation(consultation)
    page = text(client.get(f"/consultations/{consultation.id}"))
    assert "How opinions group" in page


def test_no_map_before_deliberation_or_before_a_snapshot(client, db):
    consultation = ConsultationFactory(phase="open")
    assert "How opinions group" not in text(client.get(f"/consultations/{consultation.id}"))
    consultation, _ = deliberating()
    assert "How opinions group" not in text(client.get(f"/consultations/{consultation.id}"))
    page = client.get(f"/consultations/{consultation.id}/opinion")
    assert page.status_code == 200 and "There is no opinion map for this consultation yet" in text(page)
    missing = client.get(f"/consultations/{consultation.id}/opinion.json", headers={"Accept": "application/json"})
    assert missing.status_code == 404 and "no opinion map" in missing.get_json()["message"]


def test_the_voting_page_shows_the_map_once_every_statement_is_voted(client, login, world):
    consultation, statements, *_ = world
    login(participant(consultation))
    url = f"/consultations/{consultation.id}/vote"
    assert "How opinions group" not in text(client.get(url))
    for statement in statements:
        post_form(client, url, {"statement_id": str(statement.id), "choice": "agree"})
    page = text(client.get(url))
    assert "You have voted on every statement" in page and "How opinions group" in page
    assert "Your votes will place you on the map at its next update." in page
    snapshot_now(consultation)
    page = text(client.get(url))
    assert "You are here" in page and svg_of(page).count('class="opinion-you"') == 1


ROLES = {  # role -> may see a members-only consultation's map (the consultation's own view permission)
    "visitor": False, "participant": True, "participant_other": False, "council_member": True,
    "council_member_other": False, "moderator": True, "moderator_other": False, "commissioner_other": False,
}


def person(role, consultation, other_council):
    council = other_council if role.endswith("_other") else consultation.council
    if role.startswith("participant"):
        return MembershipFactory(organisation=OrganisationFactory(council=council)).user
    return {"council_member": council_member, "moderator": moderator, "commissioner": commissioner}[
        role.removesuffix("_other")](council)


@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_map_is_for_those_who_may_see_the_consultation(client, login, db, role):
    consultation, statements = deliberating(visibility="members")
    voters(consultation, statements, {"A": 6, "B": 6})
    snapshot_now(consultation)
    other_council = CouncilFactory()
    if role != "visitor":
        login(person(role, consultation, other_council))
    expected = 200 if ROLES[role] else 404
    for path in ("opinion", "opinion.json", "opinion.svg"):
        assert client.get(f"/consultations/{consultation.id}/{path}").status_code == expected, path
    assert ("How opinions group" in text(client.get(f"/consultations/{consultation.id}"))) == ROLES[role]


def test_a_public_map_is_for_everyone(client, world):
    consultation, *_ = world
    for path in ("opinion", "opinion.json", "opinion.svg"):
        assert client.get(f"/consultations/{consultation.id}/{path}").status_code == 200


def test_bad_consultation_ids_are_not_found(client, db):
    assert client.get("/consultations/999999/opinion").status_code == 404
    assert client.get("/consultations/abc/opinion.json").status_code == 404


def test_the_standalone_svg_is_a_plain_picture(client, world):
    consultation, *_ = world
    response = client.get(f"/consultations/{consultation.id}/opinion.svg")
    assert response.mimetype == "image/svg+xml"
    svg = text(response)
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg and 'role="img"' in svg
    assert "<a " not in svg and "<desc" in svg and 'fill="#' in svg  # colours without the page's stylesheet


def test_the_map_in_arabic_is_right_to_left(client, world):
    consultation, *_ = world
    html = text(client.get(f"/consultations/{consultation.id}/opinion", headers={"Accept-Language": "ar"}))
    assert 'dir="rtl"' in html and 'direction="rtl"' in svg_of(html)


def test_when_no_group_reaches_k_there_is_no_region_and_no_consensus(client, world):
    consultation, *_ = world
    consultation.council.k_anonymity = 10  # above both groups (8 and 6)
    db.session.commit()
    html = text(client.get(f"/consultations/{consultation.id}/opinion"))
    assert "No group large enough to be shown has formed yet." in html and "opinion-map-svg" not in html
    assert "Not in a group shown" in html and "<td>14</td>" in html  # everyone, as one count ≥ k
    assert STATEMENTS[4] not in html  # what "every group" agrees with means nothing without groups
    data = client.get(f"/consultations/{consultation.id}/opinion.json").get_json()
    assert data["groups"] == [] and data["consensus"] == [] and data["divisive"] == [] and data["others"] == 14


def test_the_briefing_shows_the_map_as_a_picture_without_anyones_point(client, login, world):
    consultation, _, people, _ = world
    reader = commissioner(consultation.council)
    db.session.commit()
    login(reader)
    html = text(client.get(f"/consultations/{consultation.id}/briefing"))
    svg = svg_of(html)
    assert 'role="img"' in svg and "opinion-you" not in svg
