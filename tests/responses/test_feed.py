"""The council's Atom feed: well-formed, the published responses (each version) and commitment updates of
its public consultations, and nothing else."""
import re
from xml.etree import ElementTree as ET

import pytest

from tests.responses.test_api_fixtures import personal_strings, seed_open_data

ATOM = "{http://www.w3.org/2005/Atom}"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def data():
    return seed_open_data()


def feed(client, council_id: int, **headers):
    answer = client.get(f"/api/v1/councils/{council_id}/feed.atom", headers=headers)
    assert answer.status_code == 200 and answer.mimetype == "application/atom+xml"
    return answer.get_data(as_text=True), ET.fromstring(answer.get_data())  # raises unless well-formed


def test_the_feed_is_well_formed_atom_with_every_published_version_and_update(client, data):
    text, root = feed(client, data.council.id)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None
    assert root.find(f"{ATOM}title").text == "Responses and commitments: Conseil des migrants de Tunis"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert len(entries) == 4, titles  # theme v1, own v1 and v2, one update
    assert "Accepted in part: Housing" in titles
    assert "Under study: More social housing near the port" in titles
    assert ("Corrected response (version 2): Outside the municipal mandate: More social housing near the port"
            in titles)
    assert "Done: Open a housing desk" in titles
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    corrected = next(e for e in entries if "version 2" in e.find(f"{ATOM}title").text)
    content = corrected.find(f"{ATOM}content").text
    assert "Port authority of Tunis" in content and "The port land is not the city's." in content
    link = corrected.find(f"{ATOM}link").get("href")
    assert link.endswith(f"/consultations/proposals/{data.in_theme[0].id}")


def test_the_feed_has_no_email_no_person_and_no_hidden_or_private_item(client, data):
    text, _ = feed(client, data.council.id)
    assert EMAIL.findall(text) == []
    for secret in personal_strings(data) + data.secret_titles:
        assert secret not in text


def test_a_council_without_responses_has_an_empty_valid_feed(client, data):
    _, root = feed(client, data.other_council.id)
    assert root.findall(f"{ATOM}entry") == [] and root.find(f"{ATOM}updated") is not None


def test_markup_and_control_characters_cannot_break_the_feed(client, data):
    from app.consultations.proposals.models import Proposal
    from app.extensions import db

    proposal = db.session.get(Proposal, data.in_theme[0].id)
    proposal.title = "<b>Port & \"docks\"</b>\x0b]]>"
    db.session.commit()
    _, root = feed(client, data.council.id)
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert "Under study: <b>Port & \"docks\"</b>]]>" in titles


def test_unknown_council_feed_is_a_json_404(client):
    answer = client.get("/api/v1/councils/4242/feed.atom")
    assert answer.status_code == 404 and answer.is_json


def test_the_feed_says_its_language(client, data):
    _, root = feed(client, data.council.id, **{"Accept-Language": "ar"})
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
