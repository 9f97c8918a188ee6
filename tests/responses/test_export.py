"""The consultation exports (CSV per table, JSON): the same public reading as the API."""
import csv
import io
import re

import pytest

from app.consultations.proposals.models import Proposal
from app.extensions import db
from tests.responses.test_api_fixtures import personal_strings, seed_open_data

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def data():
    return seed_open_data()


def table(client, consultation_id: int, name: str) -> list[dict]:
    answer = client.get(f"/api/v1/consultations/{consultation_id}/export/{name}.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    text = answer.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_theme_response_on_every_member_and_own_response_first_in_csv(client, data):
    rows = {int(r["id"]): r for r in table(client, data.consultation.id, "proposals")}
    own, *others = data.in_theme
    for member in others:
        assert rows[member.id]["decision"] == "accepted_in_part"
        assert rows[member.id]["response_applies_through"] == "theme"
        assert rows[member.id]["theme_title"] == "Housing"
    assert rows[own.id]["decision"] == "outside_mandate" and rows[own.id]["response_version"] == "2"
    assert rows[own.id]["referral_authority"] == "Port authority of Tunis"
    assert rows[data.national.id]["decision"] == "" and rows[data.national.id]["triage_level"] == "national"
    assert rows[data.national.id]["outside_mandate"] == "true"
    assert data.hidden.id not in rows
    assert rows[data.in_theme[1].id]["supports"] == ""  # 2 < k: withheld
    assert rows[data.in_theme[2].id]["supports"] == "7"


def test_theme_response_on_every_member_in_json(client, data):
    answer = client.get(f"/api/v1/consultations/{data.consultation.id}/export.json")
    assert answer.status_code == 200 and answer.is_json
    body = answer.get_json()
    proposals = {p["id"]: p for p in body["proposals"]}
    assert {proposals[p.id]["response"]["decision"] for p in data.in_theme[1:]} == {"accepted_in_part"}
    assert proposals[data.in_theme[0].id]["response"]["applies_through"] == "proposal"
    assert data.hidden.id not in proposals
    assert {c["id"] for c in body["commitments"]} == {data.overdue.id, data.done.id, data.due_today.id}
    assert {c["id"]: c["overdue"] for c in body["commitments"]}[data.overdue.id] is True
    assert body["consultation"]["id"] == data.consultation.id


def test_responses_csv_keeps_every_published_version(client, data):
    rows = [r for r in table(client, data.consultation.id, "responses") if int(r["id"]) == data.own_response.id]
    assert [(r["version"], r["current"], r["decision"]) for r in rows] == [
        ("1", "false", "under_study"), ("2", "true", "outside_mandate")]
    assert rows[1]["correction_reason"] == "The port land is not the city's."


def test_themes_and_commitments_csv(client, data):
    themes = table(client, data.consultation.id, "themes")
    assert [(t["title"], t["proposal_count"], t["decision"]) for t in themes] == [("Housing", "3", "accepted_in_part")]
    commitments = {int(c["id"]): c for c in table(client, data.consultation.id, "commitments")}
    assert set(commitments) == {data.overdue.id, data.done.id, data.due_today.id}
    assert commitments[data.overdue.id]["overdue"] == "true"
    assert commitments[data.due_today.id]["overdue"] == "false"
    assert commitments[data.done.id]["last_update"] == "The desk opened on Monday."


def test_no_email_no_person_no_hidden_or_secret_item_in_any_export(client, data):
    texts = [client.get(f"/api/v1/consultations/{data.consultation.id}/export.json").get_data(as_text=True)] + [
        client.get(f"/api/v1/consultations/{data.consultation.id}/export/{name}.csv").get_data(as_text=True)
        for name in ("proposals", "themes", "responses", "commitments")]
    text = "\n".join(texts)
    assert EMAIL.findall(text) == []
    for secret in personal_strings(data) + data.secret_titles:
        assert secret not in text


def test_members_only_consultations_are_not_exported(client, data):
    for name in ("proposals", "themes", "responses", "commitments"):
        assert client.get(f"/api/v1/consultations/{data.members_only.id}/export/{name}.csv").status_code == 404
    assert client.get(f"/api/v1/consultations/{data.members_only.id}/export.json").status_code == 404


def test_a_spreadsheet_formula_in_a_proposal_is_defused(client, data):
    proposal = db.session.get(Proposal, data.national.id)
    proposal.title = '=HYPERLINK("http://evil.example","click")'
    db.session.commit()
    rows = {int(r["id"]): r for r in table(client, data.consultation.id, "proposals")}
    assert rows[data.national.id]["title"] == "'" + proposal.title
    json_title = {p["id"]: p for p in client.get(
        f"/api/v1/consultations/{data.consultation.id}/export.json").get_json()["proposals"]}[data.national.id]["title"]
    assert json_title == proposal.title  # JSON is data, not a spreadsheet: unchanged
