"""The read API: what it shows (the applicable response, triage, overdue), what it never shows (hidden
items, members-only consultations, people, small counts), its paging and its errors."""
import json
import re
from urllib.parse import urlsplit

import pytest

from app.consultations.proposals.models import Proposal
from app.extensions import db
from app.responses.api.reading import ConsultationAnswers
from app.responses.queries import applicable_response
from tests.factories import UserFactory
from tests.responses.test_api_fixtures import personal_strings, seed_open_data

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def data():
    return seed_open_data()


def items(client, url: str) -> list[dict]:
    """Every item of a list, following `next` to the end."""
    found, seen = [], set()
    while url:
        assert url not in seen
        seen.add(url)
        answer = client.get(url)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        body = answer.get_json()
        found.extend(body["items"])
        url = body["next"]
        if url:
            parts = urlsplit(url)
            url = f"{parts.path}?{parts.query}"
    return found


def by_id(records):
    return {r["id"]: r for r in records}


def test_a_theme_response_applies_to_every_member_and_a_proposals_own_wins(client, data):
    proposals = by_id(items(client, f"/api/v1/consultations/{data.consultation.id}/proposals"))
    own, *others = data.in_theme
    for member in others:
        response = proposals[member.id]["response"]
        assert response["decision"] == "accepted_in_part"
        assert response["applies_through"] == "theme" and response["id"] == data.theme_response.id
        assert proposals[member.id]["theme"] == {"id": data.theme.id, "title": "Housing"}
    mine = proposals[own.id]["response"]
    assert mine["applies_through"] == "proposal" and mine["decision"] == "outside_mandate"
    assert mine["version"] == 2 and mine["referral_authority"] == "Port authority of Tunis"
    assert mine["reason"] == "The port belongs to the State."  # the published wording, not the newer draft
    assert proposals[data.national.id]["response"] is None
    assert proposals[data.by_member.id]["response"] is None  # its response is still in review


def test_the_batched_reading_agrees_with_the_shared_rule(data):
    answers = ConsultationAnswers(data.consultation)
    for proposal in db.session.query(Proposal).filter_by(consultation_id=data.consultation.id):
        expected = applicable_response(proposal.id)
        found = answers.applicable(proposal.id)
        assert (found and (found[0].id, found[1].id)) == (expected and (expected[0].id, expected[1].id))


def test_triage_shows_the_effective_level_and_authority(client, data):
    proposals = by_id(items(client, f"/api/v1/consultations/{data.consultation.id}/proposals"))
    assert proposals[data.national.id]["triage"] == {"level": "national", "category": "residence",
                                                     "authority": "Ministry of the Interior", "outside_mandate": True}
    overridden = proposals[data.in_theme[1].id]["triage"]
    assert overridden["level"] == "shared" and overridden["authority"] == "Regional housing office"
    assert overridden["outside_mandate"] is False
    assert proposals[data.in_theme[0].id]["triage"] is None


def test_no_hidden_proposal_and_no_person(client, data):
    proposals = by_id(items(client, f"/api/v1/consultations/{data.consultation.id}/proposals"))
    assert data.hidden.id not in proposals
    assert set(proposals) == {p.id for p in data.in_theme} | {data.as_organisation.id, data.by_member.id,
                                                              data.national.id}
    assert proposals[data.as_organisation.id]["organisation"] == "Association Entraide"
    assert proposals[data.by_member.id]["organisation"] is None  # posted in their own name: nothing to link


def test_counts_of_people_below_k_are_withheld(client, data):
    proposals = by_id(items(client, f"/api/v1/consultations/{data.consultation.id}/proposals"))
    assert proposals[data.in_theme[1].id]["supports"] is None  # 2 < k = 3
    assert proposals[data.in_theme[2].id]["supports"] == 7
    assert proposals[data.national.id]["supports"] == 0
    theme = items(client, f"/api/v1/consultations/{data.consultation.id}/themes")[0]
    assert theme["proposal_count"] == 3  # the hidden member is not counted
    assert theme["quotes"] == [data.in_theme[0].id]  # the hidden quote is left out
    assert theme["response"]["decision"] == "accepted_in_part"


def test_a_theme_below_k_has_no_count(client, data):
    member = db.session.get(Proposal, data.in_theme[2].id)
    member.hidden_at = data.hidden.hidden_at
    db.session.commit()
    theme = items(client, f"/api/v1/consultations/{data.consultation.id}/themes")[0]
    assert theme["proposal_count"] is None  # 2 shown < k = 3


def test_responses_keep_their_published_history_and_commitments(client, data):
    responses = by_id(items(client, f"/api/v1/consultations/{data.consultation.id}/responses"))
    assert set(responses) == {data.theme_response.id, data.own_response.id}  # not the hidden, not the draft
    own = responses[data.own_response.id]
    assert [v["version"] for v in own["history"]] == [1, 2]
    assert own["history"][0]["decision"] == "under_study"
    assert own["correction_reason"] == "The port land is not the city's."
    assert [c["id"] for c in own["commitments"]] == [data.due_today.id]
    assert responses[data.theme_response.id]["target"] == "theme"


def test_commitments_say_which_are_overdue_in_the_councils_day(client, data):
    commitments = by_id(items(client, f"/api/v1/councils/{data.council.id}/commitments?per_page=1"))
    assert set(commitments) == {data.overdue.id, data.done.id, data.due_today.id}
    assert commitments[data.overdue.id]["overdue"] is True
    assert commitments[data.due_today.id]["overdue"] is False  # due today: not yet
    assert commitments[data.done.id]["overdue"] is False and commitments[data.done.id]["status"] == "done"
    assert commitments[data.done.id]["updates"][0]["body"] == "The desk opened on Monday."
    assert "author_id" not in commitments[data.done.id]["updates"][0]
    only_overdue = items(client, f"/api/v1/councils/{data.council.id}/commitments?overdue=true")
    assert [c["id"] for c in only_overdue] == [data.overdue.id]
    done = items(client, f"/api/v1/councils/{data.council.id}/commitments?status=done&per_page=1")
    assert [c["id"] for c in done] == [data.done.id]
    assert items(client, f"/api/v1/councils/{data.other_council.id}/commitments") == []


def test_members_only_and_draft_consultations_are_not_open_data(client, login, data):
    listed = {c["id"] for c in items(client, "/api/v1/consultations")}
    assert listed == {data.consultation.id}
    for hidden in (data.members_only, data.draft):
        for suffix in ("", "/proposals", "/themes", "/responses", "/export.json", "/export/proposals.csv"):
            answer = client.get(f"/api/v1/consultations/{hidden.id}{suffix}")
            assert answer.status_code == 404 and answer.is_json
    login(data.people[0])  # signed in or not, open data is what the public sees
    assert {c["id"] for c in items(client, "/api/v1/consultations")} == {data.consultation.id}


def test_nothing_secret_or_personal_anywhere_in_the_api(client, data):
    urls = ["/api/v1/councils", f"/api/v1/councils/{data.council.id}", "/api/v1/consultations",
            f"/api/v1/consultations/{data.consultation.id}",
            f"/api/v1/councils/{data.council.id}/commitments"] + [
        f"/api/v1/consultations/{data.consultation.id}/{part}" for part in ("proposals", "themes", "responses")]
    text = "".join(client.get(url).get_data(as_text=True) for url in urls)
    assert EMAIL.findall(text) == []
    for secret in personal_strings(data) + data.secret_titles:
        assert secret not in text


def test_the_consultation_counts_participants_only_from_k(client, data):
    body = client.get(f"/api/v1/consultations/{data.consultation.id}").get_json()
    assert body["proposal_count"] == 6 and body["phase"] == "follow_up"
    assert body["participants"] == 6  # six authors, k = 3
    assert body["translations"] == {"ar": {"title": "استقبال القادمين الجدد"}}


def test_paging_follows_next_to_the_end(client, data):
    url = f"/api/v1/consultations/{data.consultation.id}/proposals?per_page=2"
    first = client.get(url).get_json()
    assert len(first["items"]) == 2 and first["next"].endswith("page=2&per_page=2") is True
    assert [p["id"] for p in items(client, url)] == sorted(p["id"] for p in items(
        client, f"/api/v1/consultations/{data.consultation.id}/proposals?per_page=100"))
    assert len(items(client, url)) == 6
    last = client.get(f"/api/v1/consultations/{data.consultation.id}/proposals?per_page=2&page=3").get_json()
    assert last["next"] is None and len(last["items"]) == 2
    beyond = client.get(f"/api/v1/consultations/{data.consultation.id}/proposals?page=99").get_json()
    assert beyond == {"items": [], "next": None}


@pytest.mark.parametrize("query", ["page=0", "page=-1", "page=abc", "per_page=0", "per_page=101", "per_page=1.5",
                                   "page=100001", "page=" + "9" * 5000, "overdue=maybe", "status=late"])
def test_bad_paging_is_a_json_400(client, data, query):
    answer = client.get(f"/api/v1/councils/{data.council.id}/commitments?{query}")
    assert answer.status_code == 400 and answer.is_json
    body = answer.get_json()
    assert body["error"] and body["details"]


@pytest.mark.parametrize("url", ["/api/v1/consultations/999999", "/api/v1/consultations/0/themes",
                                 "/api/v1/consultations/abc", "/api/v1/councils/2147483648",
                                 "/api/v1/councils/999/commitments", "/api/v1/nothing/here",
                                 "/api/v1/consultations/1/export/users.csv"])
def test_unknown_ids_are_a_json_404(client, url):
    answer = client.get(url)
    assert answer.status_code == 404 and answer.is_json
    assert set(answer.get_json()) == {"error", "message", "request_id"}


def test_councils_keep_their_contact_details_off_open_data(client, data):
    council = client.get(f"/api/v1/councils/{data.council.id}").get_json()
    assert council["name"] == "Conseil des migrants de Tunis" and council["time_zone"] == "Africa/Tunis"
    assert "contact_email" not in council and "contact_phone" not in council
    assert [c["id"] for c in items(client, "/api/v1/councils?per_page=1")] == sorted(
        [data.council.id, data.other_council.id])


def test_the_same_data_for_a_signed_in_staff_member(client, login, data):
    """A moderator's session does not add drafts or members-only consultations to open data."""
    from tests.factories import moderator

    login(moderator(data.council, UserFactory()))
    assert {c["id"] for c in items(client, "/api/v1/consultations")} == {data.consultation.id}
    assert json.loads(client.get(f"/api/v1/consultations/{data.draft.id}").get_data())["error"]
